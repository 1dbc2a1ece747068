//! JSON text for `log.set_format("json")` lines, written the way Python's
//! `json.dumps` writes them (`", "` and `": "` separators, non-ASCII
//! escaped as `\uXXXX`, `NaN`/`Infinity` for special floats), so log lines
//! match the reference byte for byte.
//!
//! It is deliberately tiny and private to `log`: values that JSON cannot
//! hold (functions, native objects, errors) are written as the string of
//! their display form [DECISION; Python raises TypeError], and a container
//! that contains itself is a ValueError, as in Python.

use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::value::{Key, Value};

/// `v` as one line of JSON.
pub fn to_json(v: &Value) -> Result<String, RtError> {
    let mut out = String::new();
    write_value(v, &mut out, &mut Vec::new())?;
    Ok(out)
}

fn write_value(v: &Value, out: &mut String, open: &mut Vec<usize>) -> Result<(), RtError> {
    match v {
        Value::Null | Value::Undef => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&float_text(*f)),
        Value::Str(s) => write_string(s.as_str(), out),
        Value::Array(items) => {
            enter(v, open)?;
            out.push('[');
            for (i, item) in items.borrow().iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(item, out, open)?;
            }
            out.push(']');
            open.pop();
        }
        Value::Object(map) => {
            enter(v, open)?;
            out.push('{');
            for (i, (key, item)) in map.borrow().iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_key(key, out);
                out.push_str(": ");
                write_value(item, out, open)?;
            }
            out.push('}');
            open.pop();
        }
        Value::Cell(c) => write_value(&c.borrow(), out, open)?,
        other => write_string(&display(other), out),
    }
    Ok(())
}

/// Remembers an open container; seeing it again inside itself is a cycle.
fn enter(v: &Value, open: &mut Vec<usize>) -> Result<(), RtError> {
    let id = v.ptr_id().unwrap_or(0);
    if open.contains(&id) {
        return Err(RtError::value_error("Circular reference detected"));
    }
    open.push(id);
    Ok(())
}

fn write_key(key: &Key, out: &mut String) {
    match key {
        Key::Int(i) => write_string(&i.to_string(), out),
        Key::Str(s) => write_string(s.as_str(), out),
    }
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        display(&Value::Float(f))
    }
}

/// JSON string literal, escaped exactly as the `json` module writes it.
fn write_string(s: &str, out: &mut String) {
    crate::stdlib::json::write::write_string(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_style_json() {
        let v = Value::object_from([
            ("a", Value::Int(1)),
            (
                "b",
                Value::array(vec![Value::Float(2.5), Value::Null, Value::Bool(true)]),
            ),
            ("c", Value::str("é\"\n😀")),
            ("d", Value::Float(f64::INFINITY)),
        ]);
        assert_eq!(
            to_json(&v).unwrap(),
            r#"{"a": 1, "b": [2.5, null, true], "c": "\u00e9\"\n\ud83d\ude00", "d": Infinity}"#
        );
        assert_eq!(to_json(&Value::Float(1.0)).unwrap(), "1.0");
    }

    #[test]
    fn cycles_are_errors_but_sharing_is_not() {
        let shared = Value::array(vec![Value::Int(1)]);
        let twice = Value::array(vec![shared.clone(), shared]);
        assert_eq!(to_json(&twice).unwrap(), "[[1], [1]]");
        let cyclic = Value::array(vec![]);
        if let Value::Array(items) = &cyclic {
            items.borrow_mut().push(cyclic.clone());
        }
        assert!(to_json(&cyclic).is_err());
        if let Value::Array(items) = &cyclic {
            items.borrow_mut().clear();
        }
    }
}
