//! Iteration over ML values: the `for (x in e)` loop, `iter()`/`next()`, and
//! every builtin that accepts "any iterable" (spec 3.11).
//!
//! An `IterState` holds only reference-counted handles plus a cursor, so
//! starting a loop never copies the collection:
//!
//! * arrays are read live by index, so elements appended during the loop are
//!   seen (Python's list iterator behaves the same way);
//! * strings advance by byte position, yielding one character at a time, so a
//!   loop over a non-ASCII string stays linear;
//! * objects yield their keys in insertion order and remember the length they
//!   started with: adding or removing keys while looping is a `RuntimeError`
//!   (as in Python), which also keeps the cursor meaningful;
//! * `Value::Iterator` is the shared iterator made by `iter()`; looping over it
//!   consumes it.
//!
//! `iter_next` is on the VM's for-loop hot path, so the array case comes first
//! and does one borrow, one bounds check and one clone.

use super::error::RtError;
use super::value::{IterState, Value};

/// Start iterating `v` (arrays, strings, objects' keys, iterators); TypeError otherwise.
pub fn make_iter(v: &Value) -> Result<IterState, RtError> {
    match v {
        Value::Array(items) => Ok(IterState::Array {
            items: items.clone(),
            next: 0,
        }),
        Value::Str(text) => Ok(IterState::Str {
            text: text.clone(),
            byte_pos: 0,
        }),
        Value::Object(object) => {
            let len = object.borrow().len();
            Ok(IterState::Keys {
                object: object.clone(),
                next: 0,
                len,
            })
        }
        // Looping over an `iter()` value advances that very iterator, so a
        // `break` leaves the rest for `next()` or a later loop.
        Value::Iterator(shared) => Ok(IterState::Shared(shared.clone())),
        Value::Cell(cell) => make_iter(&cell.borrow()),
        other => Err(not_iterable(other)),
    }
}

/// `'number' object is not iterable`
pub fn not_iterable(v: &Value) -> RtError {
    RtError::type_error(format!("'{}' object is not iterable", v.type_name()))
}

/// The next item, `None` when exhausted.
pub fn iter_next(state: &mut IterState) -> Result<Option<Value>, RtError> {
    match state {
        IterState::Array { items, next } => {
            let item = items.borrow().get(*next).cloned();
            if item.is_some() {
                *next += 1;
            }
            Ok(item)
        }
        IterState::Str { text, byte_pos } => {
            let rest = text.as_str().get(*byte_pos..).unwrap_or("");
            Ok(rest.chars().next().map(|c| {
                *byte_pos += c.len_utf8();
                Value::from_char(c)
            }))
        }
        IterState::Keys { object, next, len } => {
            let map = object.borrow();
            if map.len() != *len {
                return Err(RtError::runtime_error(
                    "object changed size during iteration",
                ));
            }
            let key = map.get_index(*next).map(|(k, _)| k.to_value());
            if key.is_some() {
                *next += 1;
            }
            Ok(key)
        }
        IterState::Values { items, next } => {
            let item = items.get(*next).cloned();
            if item.is_some() {
                *next += 1;
            }
            Ok(item)
        }
        IterState::Shared(shared) => {
            let mut inner = shared
                .try_borrow_mut()
                .map_err(|_| RtError::runtime_error("iterator already executing"))?;
            iter_next(&mut inner)
        }
    }
}

/// All remaining items of an iterable as a vector.
pub fn collect(v: &Value) -> Result<Vec<Value>, RtError> {
    match v {
        // A snapshot: callers that mutate the array while using the result
        // (e.g. `a.extend(a)`) must not see their own changes.
        Value::Array(items) => Ok(crate::lang::value::clone_values(&items.borrow())),
        Value::Str(text) => Ok(text.as_str().chars().map(Value::from_char).collect()),
        Value::Object(object) => Ok(object.borrow().keys().map(|k| k.to_value()).collect()),
        _ => {
            let mut state = make_iter(v)?;
            let mut out = Vec::new();
            while let Some(item) = iter_next(&mut state)? {
                out.push(item);
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::ints;
    use crate::lang::value::{new_object, Key};
    use std::cell::RefCell;
    use std::rc::Rc;

    fn strs(values: &[Value]) -> Vec<String> {
        values
            .iter()
            .map(|v| v.as_str().expect("not a string").to_string())
            .collect()
    }

    #[test]
    fn arrays_iterate_live() {
        let arr = Value::array(vec![Value::Int(1), Value::Int(2)]);
        let mut state = make_iter(&arr).unwrap();
        let mut seen = Vec::new();
        while let Some(v) = iter_next(&mut state).unwrap() {
            if let (Value::Int(1), Value::Array(a)) = (&v, &arr) {
                a.borrow_mut().push(Value::Int(3));
            }
            seen.push(v);
        }
        assert_eq!(ints(&seen), vec![1, 2, 3]);
    }

    #[test]
    fn strings_iterate_by_character() {
        let s = Value::str("aé😀b");
        assert_eq!(strs(&collect(&s).unwrap()), vec!["a", "é", "😀", "b"]);
        let mut state = make_iter(&s).unwrap();
        let mut n = 0;
        while iter_next(&mut state).unwrap().is_some() {
            n += 1;
        }
        assert_eq!(n, 4);
    }

    #[test]
    fn objects_iterate_keys_and_detect_resizing() {
        let mut map = new_object();
        map.insert(Key::str("b"), Value::Int(1));
        map.insert(Key::Int(7), Value::Int(2));
        let obj = Value::object(map);
        let keys = collect(&obj).unwrap();
        assert_eq!(keys[0].as_str(), Some("b"));
        assert!(matches!(keys[1], Value::Int(7)));

        let mut state = make_iter(&obj).unwrap();
        iter_next(&mut state).unwrap();
        if let Value::Object(o) = &obj {
            o.borrow_mut().insert(Key::str("c"), Value::Null);
        }
        let err = iter_next(&mut state).unwrap_err();
        assert_eq!(err.type_name(), "RuntimeError");
    }

    #[test]
    fn shared_iterators_are_consumed() {
        let arr = Value::array(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        let shared = Rc::new(RefCell::new(make_iter(&arr).unwrap()));
        iter_next(&mut shared.borrow_mut()).unwrap();
        let it = Value::Iterator(shared.clone());
        assert_eq!(ints(&collect(&it).unwrap()), vec![2, 3]);
        assert!(iter_next(&mut shared.borrow_mut()).unwrap().is_none());
    }

    #[test]
    fn other_values_are_not_iterable() {
        let Err(err) = make_iter(&Value::Int(3)) else {
            panic!("numbers are not iterable");
        };
        assert_eq!(err.type_name(), "TypeError");
        assert_eq!(err.message(), "'number' object is not iterable");
        assert!(collect(&Value::Null).is_err());
    }
}
