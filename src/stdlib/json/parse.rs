//! JSON text to ML values, through `serde_json`'s parser.
//!
//! A `serde` visitor builds [`Value`]s directly instead of going through
//! `serde_json::Value`, which keeps object keys in document order (ML
//! objects are insertion-ordered) without the `preserve_order` feature and
//! decides int vs float the way Python does: a number written with `.` or an
//! exponent is a float, any other is an int (a float when it does not fit in
//! i64). A repeated key keeps its first position and takes the last value,
//! as a Python dict does. `serde_json` refuses nesting deeper than 128, so
//! hostile input cannot exhaust the Rust stack.

use crate::lang::error::RtError;
use crate::lang::value::{new_object, Key, MlStr, Value};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::rc::Rc;

/// Parses JSON text; a ValueError "JSON parsing failed: ..." when invalid.
pub fn parse_json(text: &str) -> Result<Value, RtError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    let value = match value {
        Ok(v) => v,
        Err(e) => {
            // A parse cut short by Ctrl-C or --timeout raises that instead.
            crate::limits::check_running()?;
            return Err(RtError::value_error(format!("JSON parsing failed: {e}")));
        }
    };
    Ok(value)
}

/// Level of the deepest value when the root is at level 0 and elements sit
/// one level below their container; scalars count, so `[]` is 0, `[1]` is
/// 1 and `[[1]]` is 2 (the reference's `_validate_depth`). Parsed values
/// are at most 128 deep, so the recursion is bounded.
pub fn depth(v: &Value) -> usize {
    let below = |children: &mut dyn Iterator<Item = usize>| children.max().map_or(0, |d| d + 1);
    match v {
        Value::Array(items) => below(&mut items.borrow().iter().map(depth)),
        Value::Object(map) => below(&mut map.borrow().values().map(depth)),
        _ => 0,
    }
}

/// Elements parsed between two looks at Ctrl-C and `--timeout`.
const CHECK_EVERY: usize = 4096;

/// Stops the parse when the running evaluation is interrupted
/// ([`parse_json`] then raises the interruption itself).
fn interrupted<E: serde::de::Error>() -> Result<(), E> {
    crate::limits::check_running().map_err(|_| E::custom("interrupted"))
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }

    /// Integers above i64::MAX continue as floats (ints are i64, spec 3.1).
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(i64::try_from(u).map_or(Value::Float(u as f64), Value::Int))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Float(f))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::str(s))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::string(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ValueSeed)? {
            items.push(item);
            if items.len().is_multiple_of(CHECK_EVERY) {
                interrupted::<A::Error>()?;
            }
        }
        Ok(Value::array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = new_object();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed)?;
            object.insert(Key::Str(Rc::new(MlStr::new(key))), value);
            if object.len().is_multiple_of(CHECK_EVERY) {
                interrupted::<A::Error>()?;
            }
        }
        Ok(Value::object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::format::repr;

    fn show(text: &str) -> String {
        parse_json(text)
            .map(|v| repr(&v))
            .unwrap_or_else(|e| e.message().to_string())
    }

    #[test]
    fn numbers_keep_python_kinds() {
        assert_eq!(
            show("[1, 1.0, 2e2, -3, 18446744073709551615]"),
            "[1, 1.0, 200.0, -3, 1.8446744073709552e+19]"
        );
    }

    #[test]
    fn objects_keep_order_and_last_value() {
        assert_eq!(show(r#"{"b": 1, "a": 2, "b": 3}"#), "{'b': 3, 'a': 2}");
        assert_eq!(show(r#""\u00e9\n""#), "'é\\n'");
    }

    #[test]
    fn invalid_text_is_an_error() {
        assert!(show("{bad").starts_with("JSON parsing failed: "));
        assert!(show("[1] x").starts_with("JSON parsing failed: "));
        assert!(show(&"[".repeat(10_000)).starts_with("JSON parsing failed: "));
    }

    #[test]
    fn depth_counts_scalars() {
        assert_eq!(depth(&parse_json("1").unwrap()), 0);
        assert_eq!(depth(&parse_json("[]").unwrap()), 0);
        assert_eq!(depth(&parse_json("[1]").unwrap()), 1);
        assert_eq!(depth(&parse_json(r#"[{"a": [1]}]"#).unwrap()), 3);
    }
}
