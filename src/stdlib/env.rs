//! The `env` module (spec 5.13): the process environment.
//!
//! Reading needs the `env.read` grant and changing needs `env.write`
//! (spec 3.14), because variables often hold secrets. The typed getters
//! (`get_int`, `get_float`, `get_bool`) never fail on bad text: a value
//! that does not parse gives the default, as in the reference.
//! `all()` returns its object sorted by name, so output does not depend on
//! the order the operating system happens to keep.

use super::{functions, Row};
use crate::lang::builtins::{expect_args, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;

const READ: &[&str] = &["env.read"];
const WRITE: &[&str] = &["env.write"];

fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "set" | "delete" => WRITE,
        _ => READ,
    }
}

const ROWS: &[Row] = &[
    (
        "all",
        all,
        "all(): every environment variable as an object sorted by name",
    ),
    (
        "delete",
        delete,
        "delete(key): removes a variable (no error if it is not set)",
    ),
    (
        "get",
        get,
        "get(key, default=null): a variable's value, or default if it is not set",
    ),
    (
        "get_bool",
        get_bool,
        "get_bool(key, default=false): true for 'true', '1', 'yes', 'on' (any case)",
    ),
    (
        "get_float",
        get_float,
        "get_float(key, default=0.0): the value as a float, or default",
    ),
    (
        "get_int",
        get_int,
        "get_int(key, default=0): the value as an int, or default",
    ),
    ("has", has, "has(key): whether a variable is set"),
    (
        "require",
        require,
        "require(key): a variable's value; RuntimeError if it is not set",
    ),
    ("set", set, "set(key, value): sets a variable to str(value)"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("env", ROWS, capabilities)
}

/// The key argument of `env.NAME` after the capability check, and the
/// variable's value if it is set (non-UTF-8 text is decoded lossily).
fn lookup<'a>(
    vm: &Vm,
    name: &str,
    args: &'a [Value],
    max: usize,
) -> Result<(&'a str, Option<String>), RtError> {
    let func = format!("env.{name}");
    expect_args(&func, args, 1, max)?;
    let key = str_arg(&func, "1", &args[0])?;
    vm.require_capability("env.read", Some(key))?;
    let value = if valid_key(key) {
        std::env::var_os(key).map(|v| v.to_string_lossy().into_owned())
    } else {
        None
    };
    Ok((key, value))
}

/// Names the OS can hold; `set_var`/`remove_var` panic on anything else.
fn valid_key(key: &str) -> bool {
    !key.is_empty() && !key.contains(['=', '\0'])
}

/// The default argument at index 1, or `fallback` when absent or null.
fn default_arg(args: &[Value], fallback: Value) -> Value {
    opt_arg(args, 1).cloned().unwrap_or(fallback)
}

fn get(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (_, value) = lookup(vm, "get", args, 2)?;
    Ok(value.map_or_else(|| default_arg(args, Value::Null), Value::string))
}

fn require(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (key, value) = lookup(vm, "require", args, 1)?;
    value.map(Value::string).ok_or_else(|| {
        RtError::runtime_error(format!("Required environment variable not set: {key}"))
    })
}

fn has(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (_, value) = lookup(vm, "has", args, 1)?;
    Ok(Value::Bool(value.is_some()))
}

fn all(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("env.all", args, 0, 0)?;
    vm.require_capability("env.read", None)?;
    // A grant limited to some names shows only those variables.
    let mut vars: Vec<(String, String)> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .filter(|(k, _)| vm.require_capability("env.read", Some(k)).is_ok())
        .collect();
    vars.sort();
    Ok(Value::object_from(
        vars.iter().map(|(k, v)| (k.as_str(), Value::str(v))),
    ))
}

fn get_int(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (_, value) = lookup(vm, "get_int", args, 2)?;
    Ok(match value.as_deref().and_then(parse_int) {
        Some(i) => Value::Int(i),
        None => default_arg(args, Value::Int(0)),
    })
}

fn get_float(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (_, value) = lookup(vm, "get_float", args, 2)?;
    Ok(match value.as_deref().and_then(parse_float) {
        Some(f) => Value::Float(f),
        None => default_arg(args, Value::Float(0.0)),
    })
}

fn get_bool(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (_, value) = lookup(vm, "get_bool", args, 2)?;
    Ok(match value {
        Some(text) => Value::Bool(is_true_word(&text)),
        None => default_arg(args, Value::Bool(false)),
    })
}

/// Python's `int(text)` for decimal text: surrounding whitespace and a sign
/// allowed, `_` allowed between digits.
fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.starts_with('_') || t.ends_with('_') || t.contains("__") {
        return None;
    }
    t.replace('_', "").parse().ok()
}

/// Python's `float(text)`: whitespace allowed, also `inf` and `nan`.
fn parse_float(text: &str) -> Option<f64> {
    text.trim().parse().ok()
}

/// The reference's truthy words, compared without case.
fn is_true_word(text: &str) -> bool {
    ["true", "1", "yes", "on"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
}

/// The key argument of a writing function, checked and granted.
fn writable_key<'a>(vm: &Vm, name: &str, args: &'a [Value], n: usize) -> Result<&'a str, RtError> {
    let func = format!("env.{name}");
    expect_args(&func, args, n, n)?;
    let key = str_arg(&func, "1", &args[0])?;
    vm.require_capability("env.write", Some(key))?;
    if !valid_key(key) {
        return Err(RtError::value_error(format!(
            "illegal environment variable name: '{key}'"
        )));
    }
    Ok(key)
}

fn set(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let key = writable_key(vm, "set", args, 2)?;
    let value = display(&args[1]);
    if value.contains('\0') {
        return Err(RtError::value_error("environment values cannot hold NUL"));
    }
    // The Python worker starts from the environment as it was before the
    // program changed it.
    crate::util::remember_launch_environment();
    // The interpreter runs programs on one thread, so nothing reads the
    // environment concurrently with this write.
    std::env::set_var(key, value);
    Ok(Value::Null)
}

fn delete(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let key = writable_key(vm, "delete", args, 1)?;
    crate::util::remember_launch_environment();
    std::env::remove_var(key);
    Ok(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_parsing_follows_python() {
        assert_eq!(parse_int(" 42 "), Some(42));
        assert_eq!(parse_int("-7"), Some(-7));
        assert_eq!(parse_int("+3"), Some(3));
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("1__0"), None);
        assert_eq!(parse_int("3.5"), None);
        assert_eq!(parse_int(""), None);
        assert_eq!(parse_float("2.5"), Some(2.5));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert!(parse_float("inf").is_some_and(f64::is_infinite));
        assert_eq!(parse_float("x"), None);
        assert!(is_true_word("YES") && is_true_word("On") && is_true_word("1"));
        assert!(!is_true_word("y") && !is_true_word(" true"));
        assert!(!valid_key("") && !valid_key("a=b") && valid_key("A_B"));
    }
}
