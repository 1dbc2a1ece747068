//! The `json` module (spec 5.6): parsing ([`parse`]), writing in Python's
//! `json.dumps` layout ([`write`]), and small helpers over parsed data.
//!
//! Only `parse`, `safeParse`, `validate` (`json.parse`) and `stringify`,
//! `prettyPrint` (`json.serialize`) carry capability names, and those are
//! informational (spec 3.14): JSON never touches the outside world. The
//! type tests and accessors are forgiving, as in the reference: `keys` of a
//! non-object is `[]`, `get` falls back to its default.

pub(crate) mod parse;
pub(crate) mod write;

use super::{functions, Row};
use crate::lang::builtins::{expect_args, int_arg, opt_arg, Qualified};
use crate::lang::error::RtError;
use crate::lang::value::{Key, NativeResult, Value};
use crate::lang::vm::Vm;
use parse::{depth, parse_json};
use write::{to_json, Layout};

const PARSE: &[&str] = &["json.parse"];
const SERIALIZE: &[&str] = &["json.serialize"];

fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "parse" | "safeParse" | "validate" => PARSE,
        "stringify" | "prettyPrint" => SERIALIZE,
        _ => &[],
    }
}

const ROWS: &[Row] = &[
    ("get", get, "get(o, key, default=null): o[key] when o is an object with that key, else default"),
    ("hasKey", has_key, "hasKey(o, key): whether o is an object with that key"),
    ("isArray", is_array, "isArray(v): whether v is an array"),
    ("isBoolean", is_boolean, "isBoolean(v): whether v is true or false"),
    ("isNull", is_null, "isNull(v): whether v is null"),
    ("isNumber", is_number, "isNumber(v): whether v is an int or float (booleans are not numbers)"),
    ("isObject", is_object, "isObject(v): whether v is an object"),
    ("isString", is_string, "isString(v): whether v is a string"),
    ("keys", keys, "keys(o): array of the keys of object o ([] for anything else)"),
    ("merge", merge, "merge(a, b): new object with the keys of a and b; b wins on clashes"),
    ("parse", parse_fn, "parse(text): the value of JSON text (ints stay ints); ValueError when invalid"),
    ("prettyPrint", pretty_print, "prettyPrint(v, indent=4): JSON text of v, one item per line"),
    ("safeParse", safe_parse, "safeParse(text, maxDepth=100): parse, also refusing nesting deeper than maxDepth (at most 100)"),
    ("stringify", stringify, "stringify(v): compact JSON text of v, like Python's json.dumps"),
    ("validate", validate, "validate(text): whether text is valid JSON"),
    ("values", values, "values(o): array of the values of object o ([] for anything else)"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("json", ROWS, capabilities)
}

fn expect(name: &str, args: &[Value], min: usize, max: usize) -> Result<(), RtError> {
    expect_args(Qualified("json", name), args, min, max)
}

/// The JSON text argument; [REF] Python's TypeError for a non-string is
/// reported as a parse failure.
fn text_arg(v: &Value) -> Result<&str, RtError> {
    v.as_str().ok_or_else(|| {
        RtError::value_error(format!(
            "JSON parsing failed: the JSON object must be a string, not '{}'",
            v.type_name()
        ))
    })
}

// ---------------------------------------------------------------------------
// Parsing

fn parse_fn(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("parse", args, 1, 1)?;
    parse_json(text_arg(&args[0])?)
}

/// The limit is capped at 100 [REF]; exceeding it is a ValueError
/// "JSON object depth exceeds maximum allowed (N)".
fn safe_parse(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("safeParse", args, 1, 2)?;
    let max_depth = match opt_arg(args, 1) {
        Some(v) => int_arg("json.safeParse", v)?.min(100),
        None => 100,
    };
    let value = parse_json(text_arg(&args[0])?)?;
    let too_deep = usize::try_from(max_depth).map_or(true, |max| depth(&value) > max);
    if too_deep {
        return Err(RtError::value_error(format!(
            "JSON object depth exceeds maximum allowed ({max_depth})"
        )));
    }
    Ok(value)
}

fn validate(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("validate", args, 1, 1)?;
    let valid = args[0]
        .as_str()
        .is_some_and(|text| parse_json(text).is_ok());
    Ok(Value::Bool(valid))
}

// ---------------------------------------------------------------------------
// Writing

fn stringify(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("stringify", args, 1, 1)?;
    to_json(&args[0], &Layout { indent: None }).map(Value::string)
}

/// Widest indentation accepted; wider is surely a mistake and could make
/// the output enormous.
const MAX_INDENT: i64 = 1000;

/// `indent` is a number of spaces (negative counts as 0, like Python) or
/// the indentation text itself.
fn pretty_print(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("prettyPrint", args, 1, 2)?;
    let unit = match opt_arg(args, 1) {
        None => " ".repeat(4),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(v) => {
            let n = int_arg("json.prettyPrint", v)?;
            if n > MAX_INDENT {
                return Err(RtError::value_error("json.prettyPrint(): indent too large"));
            }
            " ".repeat(usize::try_from(n).unwrap_or(0))
        }
    };
    to_json(&args[0], &Layout { indent: Some(unit) }).map(Value::string)
}

// ---------------------------------------------------------------------------
// Type tests

fn one<'a>(name: &str, args: &'a [Value]) -> Result<&'a Value, RtError> {
    expect(name, args, 1, 1)?;
    Ok(&args[0])
}

fn is_object(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(matches!(
        one("isObject", args)?,
        Value::Object(_)
    )))
}

fn is_array(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(matches!(
        one("isArray", args)?,
        Value::Array(_)
    )))
}

fn is_string(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(matches!(one("isString", args)?, Value::Str(_))))
}

fn is_number(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let v = one("isNumber", args)?;
    Ok(Value::Bool(matches!(v, Value::Int(_) | Value::Float(_))))
}

fn is_boolean(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(matches!(
        one("isBoolean", args)?,
        Value::Bool(_)
    )))
}

fn is_null(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(matches!(one("isNull", args)?, Value::Null)))
}

// ---------------------------------------------------------------------------
// Accessors

fn keys(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::array(match one("keys", args)? {
        Value::Object(map) => map.borrow().keys().map(Key::to_value).collect(),
        _ => Vec::new(),
    }))
}

fn values(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::array(match one("values", args)? {
        Value::Object(map) => map.borrow().values().cloned().collect(),
        _ => Vec::new(),
    }))
}

/// `o[key]` without failing: `None` for non-objects, keys that cannot be
/// keys and missing keys.
fn lookup(o: &Value, key: &Value) -> Option<Value> {
    let Value::Object(map) = o else { return None };
    let key = Key::from_value(key).ok()?;
    let found = map.borrow().get(&key).cloned();
    found
}

fn has_key(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("hasKey", args, 2, 2)?;
    Ok(Value::Bool(lookup(&args[0], &args[1]).is_some()))
}

fn get(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("get", args, 2, 3)?;
    let default = args.get(2).cloned().unwrap_or_default();
    Ok(lookup(&args[0], &args[1]).unwrap_or(default))
}

fn merge(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("merge", args, 2, 2)?;
    let (Value::Object(a), Value::Object(b)) = (&args[0], &args[1]) else {
        return Err(RtError::type_error(format!(
            "json.merge() arguments must be objects, not '{}' and '{}'",
            args[0].type_name(),
            args[1].type_name()
        )));
    };
    let mut merged = a.borrow().clone();
    for (k, v) in b.borrow().iter() {
        merged.insert(k.clone(), v.clone());
    }
    Ok(Value::object(merged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_by_function() {
        assert_eq!(capabilities("parse"), PARSE);
        assert_eq!(capabilities("prettyPrint"), SERIALIZE);
        assert!(capabilities("keys").is_empty());
    }

    #[test]
    fn lookup_is_forgiving() {
        let o = Value::object_from([("a", Value::Int(1))]);
        assert!(lookup(&o, &Value::str("a")).is_some());
        assert!(lookup(&o, &Value::str("b")).is_none());
        assert!(lookup(&o, &Value::Null).is_none());
        assert!(lookup(&Value::Int(3), &Value::str("a")).is_none());
    }
}
