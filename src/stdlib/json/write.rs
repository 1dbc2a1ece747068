//! ML values to JSON text in the layout of Python's `json.dumps`, which is
//! what the reference printed and programs compare against.
//!
//! Compact output separates with `", "` and `": "`; with an indent, items
//! go one per line and separate with `","`. Strings are escaped with
//! `ensure_ascii` (non-ASCII as `\uXXXX`, surrogate pairs above U+FFFF),
//! floats use the display form with `Infinity`/`-Infinity`/`NaN`, int keys
//! become strings. Recursion is bounded by [`MAX_DEPTH`] and a container
//! that contains itself is an error, as in Python.

use crate::lang::error::RtError;
use crate::lang::format::write_float;
use crate::lang::value::{Key, Value};
use std::fmt::Write as _;

/// Deeper structures are refused (Python's encoder stops near its
/// recursion limit of 1000 too); keeps the Rust stack safe.
const MAX_DEPTH: usize = 1000;

/// `None` for compact output, else the text of one indentation level.
pub struct Layout {
    pub indent: Option<String>,
}

/// The JSON text of `v`.
pub fn to_json(v: &Value, layout: &Layout) -> Result<String, RtError> {
    let mut writer = Writer {
        out: String::new(),
        layout,
        open: Vec::new(),
        written: 0,
    };
    writer.value(v)?;
    Ok(writer.out)
}

fn serialize_error(message: impl std::fmt::Display) -> RtError {
    RtError::value_error(format!("JSON serialization failed: {message}"))
}

struct Writer<'a> {
    out: String,
    layout: &'a Layout,
    /// Identities of the containers being written, outermost first.
    open: Vec<usize>,
    /// Values written so far; every 4,096th looks at the interrupt flag,
    /// so Ctrl-C and `--timeout` stop a huge document.
    written: usize,
}

impl Writer<'_> {
    fn value(&mut self, v: &Value) -> Result<(), RtError> {
        self.written += 1;
        if self.written.is_multiple_of(4096) {
            crate::limits::check_running()?;
        }
        match v {
            Value::Null | Value::Undef => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Value::Float(f) => write_number(&mut self.out, *f),
            Value::Str(s) => write_string(&mut self.out, s.as_str()),
            Value::Array(items) => {
                let items = items.borrow().clone();
                self.enter(v)?;
                self.container('[', ']', items.len(), |w, i| w.value(&items[i]))?;
                self.open.pop();
            }
            Value::Object(map) => {
                let pairs: Vec<(Key, Value)> = map
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                self.enter(v)?;
                self.container('{', '}', pairs.len(), |w, i| {
                    w.pair(&pairs[i].0, &pairs[i].1)
                })?;
                self.open.pop();
            }
            Value::Cell(cell) => {
                let inner = cell.borrow().clone();
                self.value(&inner)?;
            }
            other => {
                return Err(serialize_error(format!(
                    "Object of type {} is not JSON serializable",
                    other.type_name()
                )))
            }
        }
        Ok(())
    }

    /// Checks depth and cycles before writing container `v`.
    fn enter(&mut self, v: &Value) -> Result<(), RtError> {
        let id = v.ptr_id().unwrap_or(0);
        if self.open.contains(&id) {
            return Err(serialize_error("Circular reference detected"));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(serialize_error("nesting too deep"));
        }
        self.open.push(id);
        Ok(())
    }

    /// Brackets, separators and line breaks around `len` items.
    fn container(
        &mut self,
        open: char,
        close: char,
        len: usize,
        mut item: impl FnMut(&mut Self, usize) -> Result<(), RtError>,
    ) -> Result<(), RtError> {
        self.out.push(open);
        if len == 0 {
            self.out.push(close);
            return Ok(());
        }
        for i in 0..len {
            if i > 0 {
                self.out.push(',');
                if self.layout.indent.is_none() {
                    self.out.push(' ');
                }
            }
            self.newline(self.open.len());
            item(self, i)?;
        }
        self.newline(self.open.len() - 1);
        self.out.push(close);
        Ok(())
    }

    fn pair(&mut self, key: &Key, value: &Value) -> Result<(), RtError> {
        match key {
            Key::Str(s) => write_string(&mut self.out, s.as_str()),
            Key::Int(i) => {
                let _ = write!(self.out, "\"{i}\"");
            }
        }
        self.out.push_str(": ");
        self.value(value)
    }

    /// In indented layout: a line break and `level` indentations.
    fn newline(&mut self, level: usize) {
        if let Some(unit) = &self.layout.indent {
            self.out.push('\n');
            for _ in 0..level {
                self.out.push_str(unit);
            }
        }
    }
}

/// Floats in display form; the non-finite ones as JavaScript spells them.
fn write_number(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        write_float(out, f);
    }
}

/// A JSON string literal with Python's `ensure_ascii` escaping.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::value::new_object;

    fn compact(v: &Value) -> String {
        to_json(v, &Layout { indent: None }).unwrap()
    }

    #[test]
    fn strings_escape_like_python() {
        let mut out = String::new();
        write_string(&mut out, "a\"\\\n\u{1}é😀\u{7f}");
        assert_eq!(out, r#""a\"\\\n\u0001\u00e9\ud83d\ude00\u007f""#);
    }

    #[test]
    fn numbers_and_keys() {
        let mut map = new_object();
        map.insert(Key::Int(1), Value::Float(f64::INFINITY));
        map.insert(
            Key::str("b"),
            Value::array(vec![Value::Float(1e16), Value::Float(f64::NAN)]),
        );
        assert_eq!(
            compact(&Value::object(map)),
            r#"{"1": Infinity, "b": [1e+16, NaN]}"#
        );
    }

    #[test]
    fn indented_layout() {
        let v = Value::array(vec![
            Value::Int(1),
            Value::array(vec![]),
            Value::object_from([("a", Value::Null)]),
        ]);
        let text = to_json(
            &v,
            &Layout {
                indent: Some("  ".into()),
            },
        )
        .unwrap();
        assert_eq!(text, "[\n  1,\n  [],\n  {\n    \"a\": null\n  }\n]");
    }

    #[test]
    fn cycles_and_functions_fail() {
        let a = Value::array(vec![]);
        if let Value::Array(items) = &a {
            items.borrow_mut().push(a.clone());
        }
        assert!(to_json(&a, &Layout { indent: None }).is_err());
        if let Value::Array(items) = &a {
            items.borrow_mut().clear(); // break the cycle so the test does not leak
        }
        let f = Value::native("f", |_, _| Ok(Value::Null));
        assert!(to_json(&f, &Layout { indent: None }).is_err());
    }
}
