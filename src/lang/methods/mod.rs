//! Methods of strings and arrays (spec 3.7): `s.upper()`, `a.append(x)`, ...
//!
//! They keep Python's meaning, with every index counted in code points. The
//! VM calls [`call_method`] for `recv.name(args)` and for bound methods
//! (`f = a.append; f(1);`); `methods()`/`hasattr` ask [`has_method`] and
//! [`method_names`]. Each method is a small function; the `match` in
//! `string.rs` and the one in `array.rs` only dispatch by name. This file holds
//! what both share: the dispatch by receiver type, the name tables' lookup
//! and the argument helpers (`start`/`end` windows, "no arguments").

mod array;
mod string;

pub use string::{is_py_space, padding, split_on, split_whitespace};

use super::builtins::{expect_args, int_arg, opt_arg};
use super::error::RtError;
use super::value::{NativeResult, Value};
use super::vm::Vm;

/// Calls method `name` on `recv`. Native objects dispatch to their own
/// methods, so a bound method of any receiver can be called through here.
pub fn call_method(vm: &mut Vm, recv: &Value, name: &str, args: &[Value]) -> NativeResult {
    match recv {
        Value::Str(s) => string::call_string_method(vm, s, name, args),
        Value::Array(items) => array::call_array_method(items, name, args),
        Value::NativeObj(obj) => obj.call_method(vm, name, args),
        other => Err(no_method(other, name)),
    }
}

/// Whether `recv.name(...)` names a method of the receiver's type.
pub fn has_method(recv: &Value, name: &str) -> bool {
    match recv {
        Value::NativeObj(obj) => obj.method_names().contains(&name),
        _ => method_names(recv).binary_search(&name).is_ok(),
    }
}

/// Sorted names of the methods callable on `recv`.
pub fn method_names(recv: &Value) -> Vec<&'static str> {
    match recv {
        Value::Str(_) => string::METHODS.to_vec(),
        Value::Array(_) => array::METHODS.to_vec(),
        Value::NativeObj(obj) => {
            let mut names = obj.method_names();
            names.sort_unstable();
            names
        }
        _ => Vec::new(),
    }
}

fn no_method(recv: &Value, name: &str) -> RtError {
    let hint = super::suggest::hint(name, method_names(recv));
    RtError::attribute_error(format!(
        "'{}' object has no method '{name}'{hint}",
        recv.type_name()
    ))
}

// ---------------------------------------------------------------------------
// Argument helpers

fn no_args(name: &str, args: &[Value]) -> Result<(), RtError> {
    expect_args(name, args, 0, 0)
}

/// Python's index adjustment for `find`-like methods: negative positions
/// count from the end, `end` is clamped to the length, `start` is not (a
/// start past the end makes every search fail).
pub fn adjust_window(start: i64, end: i64, len: i64) -> (i64, i64) {
    let from_end = |i: i64| {
        if i < 0 {
            i.saturating_add(len).max(0)
        } else {
            i
        }
    };
    (from_end(start), from_end(end).min(len))
}

/// The code-point window picked by optional `start`/`end` arguments at
/// `args[first..]`.
fn window_args(
    name: &str,
    args: &[Value],
    first: usize,
    len: usize,
) -> Result<(i64, i64), RtError> {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let start = opt_arg(args, first)
        .map(|v| int_arg(name, v))
        .transpose()?
        .unwrap_or(0);
    let end = opt_arg(args, first + 1)
        .map(|v| int_arg(name, v))
        .transpose()?
        .unwrap_or(len);
    Ok(adjust_window(start, end, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer in a method result; shared by the string and array tests.
    pub(super) fn int_of(v: NativeResult) -> i64 {
        match v.unwrap() {
            Value::Int(i) => i,
            _ => panic!("not an int"),
        }
    }

    #[test]
    fn method_tables_are_sorted() {
        assert!(string::METHODS.windows(2).all(|w| w[0] < w[1]));
        assert!(array::METHODS.windows(2).all(|w| w[0] < w[1]));
        assert!(has_method(&Value::str(""), "upper"));
        assert!(!has_method(&Value::str(""), "append"));
        assert!(has_method(&Value::array(vec![]), "append"));
        assert!(!has_method(&Value::Int(1), "append"));
    }
}
