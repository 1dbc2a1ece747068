//! Introspection and dynamic-call builtins: `help methods hasattr getattr
//! call`, the module queries (`modules available_modules has_module`), the
//! capability queries and the profile report. The registry's reports
//! (`module_info`, `performance_report`, `memory_report`) are natives the
//! registry installs with its loader (`registry::natives`).
//!
//! Everything about the session (loaded modules, grants) comes from the VM
//! API; this file only shapes the answers. `hasattr`/`getattr` share one
//! notion of "what `v.name` reads" ([`attribute`]), which follows the spec's
//! DECISION: object keys are visible, `_`-names on other values are not.

use super::{expect_args, int_value, str_arg};
use crate::lang::error::RtError;
use crate::lang::methods::{has_method, method_doc, method_names};
use crate::lang::value::{
    BoundMethod, Closure, ErrorValue, Key, KeyRef, Module, NativeFn, NativeResult, Value,
};
use crate::lang::vm::Vm;
use std::rc::Rc;

// ---------------------------------------------------------------------------
// help

pub(super) fn help(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("help", args, 0, 1)?;
    Ok(Value::string(match args.first() {
        Some(v) => help_text(v),
        None => general_help(),
    }))
}

/// The text `help(v)` returns.
pub fn help_text(v: &Value) -> String {
    match v {
        Value::Native(f) => with_capabilities(native_description(f), f.capabilities),
        Value::Func(c) => with_capabilities(function_signature(c), &[]),
        Value::BoundMethod(m) => with_capabilities(bound_method_help(m), &[]),
        Value::Module(m) => module_help(m),
        other => value_description(other),
    }
}

/// "method upper of string", followed by the method's help line when the
/// receiver is a string or array.
fn bound_method_help(m: &BoundMethod) -> String {
    let head = format!("method {} of {}", m.name, m.receiver.type_name());
    match method_doc(&m.receiver, &m.name) {
        Some(doc) => format!("{head}\n{doc}"),
        None => head,
    }
}

fn general_help() -> String {
    format!(
        "Builtin functions: {}\nUse help(f) for a function or module, methods(v) for the methods of a value.",
        super::names().join(", ")
    )
}

fn with_capabilities(description: String, capabilities: &[&str]) -> String {
    format!("{description}\n{}", capability_line(capabilities))
}

fn capability_line(capabilities: &[&str]) -> String {
    if capabilities.is_empty() {
        "Capabilities: None required".to_string()
    } else {
        format!("Requires: {}", capabilities.join(", "))
    }
}

fn native_description(f: &NativeFn) -> String {
    if f.doc.is_empty() {
        format!("function {}", f.name)
    } else {
        f.doc.to_string()
    }
}

/// `function NAME(a, b)`, or `function(a, b)` for an anonymous function.
fn function_signature(c: &Closure) -> String {
    let proto = &c.proto.proto;
    let params: Vec<&str> = proto.params().collect();
    let name = if proto.anonymous { "" } else { &*proto.name };
    let sep = if name.is_empty() { "" } else { " " };
    format!("function{sep}{name}({})", params.join(", "))
}

/// `module NAME`, its members, and the union of what its functions require.
fn module_help(m: &Module) -> String {
    let entries = m.globals.entries();
    let mut members: Vec<&str> = entries.iter().map(|(n, _)| &**n).collect();
    members.sort_unstable();
    let mut capabilities: Vec<&str> = entries
        .iter()
        .filter_map(|(_, v)| match v {
            Value::Native(f) => Some(f.capabilities),
            _ => None,
        })
        .flatten()
        .copied()
        .collect();
    capabilities.sort_unstable();
    capabilities.dedup();
    format!(
        "module {}\nMembers: {}\n{}",
        m.name,
        members.join(", "),
        capability_line(&capabilities)
    )
}

/// A short description of a non-function value.
fn value_description(v: &Value) -> String {
    match v {
        Value::Null | Value::Undef => "null: the absence of a value".to_string(),
        Value::Bool(_) => "boolean: true or false".to_string(),
        Value::Int(_) => "number: an integer".to_string(),
        Value::Float(_) => "number: a floating-point number".to_string(),
        Value::Str(s) => format!(
            "string of {} characters; methods: {}",
            s.char_len(),
            method_names(v).join(", ")
        ),
        Value::Array(a) => format!(
            "array of {} elements; methods: {}",
            a.borrow().len(),
            method_names(v).join(", ")
        ),
        Value::Object(o) => format!("object with {} keys", o.borrow().len()),
        Value::Error(e) => format!("error {}: {}", e.type_name, e.message()),
        Value::Iterator(_) => "iterator: use next(it) or a for loop".to_string(),
        Value::NativeObj(o) => format!(
            "{} object; methods: {}",
            o.type_name(),
            method_names(v).join(", ")
        ),
        Value::Cell(c) => value_description(&c.borrow()),
        Value::Native(_) | Value::Func(_) | Value::BoundMethod(_) | Value::Module(_) => {
            help_text(v)
        }
    }
}

// ---------------------------------------------------------------------------
// methods, hasattr, getattr, call

pub(super) fn methods(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("methods", args, 1, 1)?;
    let names: Vec<String> = match &args[0] {
        Value::Object(o) => callable_names(o.borrow().iter().filter_map(|(k, v)| match k {
            Key::Str(s) if v.is_callable() => Some(s.as_str().to_string()),
            _ => None,
        })),
        Value::Module(m) => callable_names(
            m.globals
                .entries()
                .into_iter()
                .filter(|(_, v)| v.is_callable())
                .map(|(n, _)| n.to_string()),
        ),
        other => method_names(other)
            .into_iter()
            .map(str::to_string)
            .collect(),
    };
    Ok(Value::array(names.into_iter().map(Value::string).collect()))
}

fn callable_names(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.collect();
    names.sort_unstable();
    names
}

/// What `v.name` reads, if it exists: object keys ([DECISION] visible to
/// `hasattr`/`getattr`), module members, `length` and methods of strings
/// and arrays, native object properties and methods, error fields. Names
/// starting with `_` are hidden on everything but objects.
pub fn attribute(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Object(o) => o.borrow().get(&KeyRef::Str(name)).cloned(),
        _ if name.starts_with('_') => None,
        Value::Module(m) => m.globals.get(name),
        Value::Str(s) if name == "length" => Some(int_value(s.char_len())),
        Value::Array(a) if name == "length" => Some(int_value(a.borrow().len())),
        Value::NativeObj(o) => o.property(name).or_else(|| bound_method(v, name)),
        Value::Str(_) | Value::Array(_) => bound_method(v, name),
        Value::Error(e) => error_field(e, name),
        _ => None,
    }
}

fn bound_method(v: &Value, name: &str) -> Option<Value> {
    has_method(v, name).then(|| {
        Value::BoundMethod(Rc::new(BoundMethod {
            receiver: v.clone(),
            name: name.into(),
        }))
    })
}

/// The fields of an error value in `keys(e)` order: `message`, `type`, then
/// the other keys of a thrown object (spec 3.12). `message` is the error's
/// text, as `e.message` reads it.
pub fn error_fields(e: &ErrorValue) -> Vec<(Key, Value)> {
    let mut fields = vec![
        (Key::str("message"), Value::str(e.message())),
        (Key::str("type"), Value::str(&e.type_name)),
    ];
    if let Some(Value::Object(payload)) = &e.payload {
        fields.extend(
            payload
                .borrow()
                .iter()
                .filter(|(k, _)| !matches!(k.as_ref(), KeyRef::Str("message" | "type")))
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
    fields
}

fn error_field(e: &ErrorValue, name: &str) -> Option<Value> {
    error_fields(e)
        .into_iter()
        .find(|(k, _)| matches!(k.as_ref(), KeyRef::Str(s) if s == name))
        .map(|(_, v)| v)
}

/// [`attribute`] of `args[0]` named by the string `args[1]`. An object's
/// key is looked up with the string itself, whose hash is cached, as
/// programs do when they count with `hasattr(counts, word)`.
fn attribute_named(func: &str, args: &[Value]) -> Result<Option<Value>, RtError> {
    if let (Value::Object(o), Value::Str(name)) = (&args[0], &args[1]) {
        return Ok(o.borrow().get(&Key::Str(name.clone())).cloned());
    }
    Ok(attribute(&args[0], str_arg(func, "2", &args[1])?))
}

pub(super) fn hasattr(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("hasattr", args, 2, 2)?;
    Ok(Value::Bool(attribute_named("hasattr", args)?.is_some()))
}

pub(super) fn getattr(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("getattr", args, 2, 3)?;
    Ok(attribute_named("getattr", args)?
        .or_else(|| args.get(2).cloned())
        .unwrap_or(Value::Null))
}

pub(super) fn call(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("call", args, 1, usize::MAX)?;
    if !args[0].is_callable() {
        return Err(RtError::type_error(format!(
            "'{}' object is not callable",
            args[0].type_name()
        )));
    }
    vm.call_value(&args[0], &args[1..])
}

// ---------------------------------------------------------------------------
// Modules

fn string_array(names: Vec<String>) -> Value {
    Value::array(names.into_iter().map(Value::string).collect())
}

pub(super) fn modules(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("modules", args, 0, 0)?;
    Ok(string_array(vm.loaded_module_names()))
}

const MODULE_KINDS: &[&str] = &["builtin", "ml_source", "python_bridge"];

pub(super) fn available_modules(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("available_modules", args, 0, 1)?;
    let kind = match super::opt_arg(args, 0) {
        Some(v) => Some(str_arg("available_modules", "1", v)?),
        None => None,
    };
    if let Some(kind) = kind.filter(|k| !MODULE_KINDS.contains(k)) {
        return Err(RtError::value_error(format!(
            "unknown module kind '{kind}' (expected 'builtin', 'ml_source' or 'python_bridge')"
        )));
    }
    Ok(string_array(vm.available_module_names(kind)))
}

pub(super) fn has_module(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("has_module", args, 1, 1)?;
    let name = str_arg("has_module", "1", &args[0])?;
    let known = vm.available_module_names(None).iter().any(|n| n == name)
        || vm.loaded_module_names().iter().any(|n| n == name);
    Ok(Value::Bool(known))
}

// ---------------------------------------------------------------------------
// Capabilities

pub(super) fn has_capability(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("hasCapability", args, 1, 1)?;
    let name = str_arg("hasCapability", "1", &args[0])?;
    Ok(Value::Bool(vm.has_capability(name)))
}

pub(super) fn get_capabilities(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("getCapabilities", args, 0, 0)?;
    Ok(string_array(vm.granted_capabilities()))
}

/// `{type, available, usage_count, patterns, operations, max_usage,
/// expires_at}` for a granted capability. `patterns` lists the resource
/// globs as written (`null` when the grant covers every resource); usage
/// counts and limits are not kept, so those fields are `null`.
pub(super) fn get_capability_info(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("getCapabilityInfo", args, 1, 1)?;
    let name = str_arg("getCapabilityInfo", "1", &args[0])?;
    let Some(patterns) = vm.host().patterns_of(name) else {
        return Ok(Value::Null);
    };
    let patterns = if patterns.is_empty() {
        Value::Null
    } else {
        Value::array(patterns.iter().map(|p| Value::str(p)).collect())
    };
    Ok(Value::object_from([
        ("type", Value::str(name)),
        ("available", Value::Bool(true)),
        ("usage_count", Value::Null),
        ("patterns", patterns),
        ("operations", Value::Null),
        ("max_usage", Value::Null),
        ("expires_at", Value::Null),
    ]))
}

pub(super) fn required_capabilities(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("requiredCapabilities", args, 1, 1)?;
    let names: &[&str] = match &args[0] {
        Value::Native(f) => f.capabilities,
        Value::Func(_) | Value::BoundMethod(_) => &[],
        other => {
            return Err(RtError::type_error(format!(
                "requiredCapabilities() argument must be a function, not '{}'",
                other.type_name()
            )))
        }
    };
    Ok(Value::array(names.iter().map(|n| Value::str(n)).collect()))
}

// ---------------------------------------------------------------------------
// The profiler's report.

/// The rows of the profile being recorded (`mlpy run --profile`,
/// `.profile`), else of the last one; `[]` when nothing was profiled.
pub(super) fn profile_report(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("profile_report", args, 0, 0)?;
    let rows = vm.profile_report().map_or_else(Vec::new, |report| {
        report
            .rows
            .iter()
            .map(|row| {
                Value::object_from([
                    ("name", Value::str(&row.name)),
                    (
                        "calls",
                        Value::Int(i64::try_from(row.calls).unwrap_or(i64::MAX)),
                    ),
                    ("total_ms", Value::Float(row.total_ns as f64 / 1e6)),
                    ("self_ms", Value::Float(row.self_ns as f64 / 1e6)),
                    ("per_call_us", Value::Float(row.per_call_us())),
                ])
            })
            .collect()
    });
    Ok(Value::array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::value::{new_object, Globals, ModuleKind};

    fn error_value(payload: Option<Value>) -> ErrorValue {
        ErrorValue::new("ValueError".into(), "bad".to_string(), payload)
    }

    #[test]
    fn object_keys_are_attributes_but_underscores_elsewhere_are_not() {
        let mut map = new_object();
        map.insert(Key::str("_private"), Value::Int(1));
        let obj = Value::object(map);
        assert!(attribute(&obj, "_private").is_some());
        assert!(attribute(&obj, "missing").is_none());
        assert!(matches!(
            attribute(&Value::str("abc"), "length"),
            Some(Value::Int(3))
        ));
        assert!(matches!(
            attribute(&Value::array(vec![]), "append"),
            Some(Value::BoundMethod(_))
        ));
        assert!(attribute(&Value::str("abc"), "__len__").is_none());
        assert!(attribute(&Value::Int(1), "real").is_none());
    }

    #[test]
    fn module_members_and_help() {
        let globals = Globals::default();
        globals.set("pi", Value::Float(3.0));
        globals.set("_hidden", Value::Int(1));
        let module = Value::Module(Rc::new(Module {
            name: "m".into(),
            kind: ModuleKind::Builtin,
            globals: Rc::new(globals).into(),
        }));
        assert!(attribute(&module, "pi").is_some());
        assert!(attribute(&module, "_hidden").is_none());
        assert!(attribute(&module, "nope").is_none());
        let text = help_text(&module);
        assert!(text.starts_with("module m\nMembers: _hidden, pi\n"));
        assert!(text.ends_with("Capabilities: None required"));
    }

    #[test]
    fn error_fields_list_message_type_and_payload() {
        let plain = error_value(None);
        assert_eq!(error_fields(&plain).len(), 2);
        let payload = Value::object_from([("message", Value::Int(7)), ("code", Value::Int(3))]);
        let thrown = error_value(Some(payload));
        let fields = error_fields(&thrown);
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[0].1.as_str(), Some("bad"));
        assert!(matches!(error_field(&thrown, "code"), Some(Value::Int(3))));
        assert_eq!(
            error_field(&thrown, "type").and_then(|v| v.as_str().map(str::to_string)),
            Some("ValueError".to_string())
        );
    }

    #[test]
    fn native_help_shows_doc_and_capabilities() {
        let f = NativeFn {
            name: "file.read".into(),
            func: crate::lang::value::NativeImpl::Plain(|_, _| Ok(Value::Null)),
            doc: "read(path): the file's text",
            capabilities: &["file.read"],
        };
        let text = help_text(&Value::Native(Rc::new(f)));
        assert_eq!(text, "read(path): the file's text\nRequires: file.read");
        let len = super::super::lookup("len").unwrap();
        assert!(help_text(&len).ends_with("\nCapabilities: None required"));
    }
}
