//! Reading and writing parts of values: `x[i]`, `x[a:b:c]`, `x.name`
//! (spec 3.5–3.7, 3.10). The VM calls these on its general path; its fast
//! paths for `array[int]` and `object.name` bypass them.

use super::error::{ErrorKind, RtError};
use super::format::repr;
use super::gc;
use super::methods;
use super::ops::to_int;
use super::strpos;
use super::suggest;
use super::value::{
    str_key_index, BoundMethod, ErrorValue, Key, KeyRef, MlStr, Module, ModuleKind, ObjCell,
    ObjRef, Object, SiteCache, Value,
};
use std::rc::Rc;

/// Resolve a possibly negative index against `len` (spec 3.6).
pub fn normalize_index(v: &Value, len: usize, what: &str) -> Result<usize, RtError> {
    let i = match v {
        Value::Int(i) => *i,
        _ => to_int(v, &format!("{what} index"))?,
    };
    let idx = if i < 0 { i + len as i64 } else { i };
    if idx < 0 || idx >= len as i64 {
        return Err(RtError::index_error(format!("{what} index out of range")));
    }
    Ok(idx as usize)
}

pub fn get_index(obj: &Value, index: &Value) -> Result<Value, RtError> {
    match obj {
        Value::Array(items) => {
            let items = items.borrow();
            let i = normalize_index(index, items.len(), "array")?;
            Ok(items[i].clone())
        }
        Value::Str(s) => {
            if let Value::Int(i) = index {
                if let Some(c) = str_char(s, *i) {
                    return Ok(c);
                }
            }
            let i = normalize_index(index, s.char_len(), "string")?;
            Ok(char_value(s, i))
        }
        Value::Object(map) => {
            if let Value::Str(name) = index {
                let found = map.borrow().str_value(name).cloned();
                return found.ok_or_else(|| missing_key(map, Key::Str(name.clone())));
            }
            let key = Key::from_value(index)?;
            let found = map.borrow().get(&key).cloned();
            found.ok_or_else(|| missing_key(map, key))
        }
        Value::Error(e) => match index {
            Value::Str(name) => Ok(error_field(e, name.as_str())),
            _ => Err(RtError::type_error("error fields are read by name")),
        },
        other => Err(RtError::type_error(format!(
            "'{}' value is not indexable",
            other.type_name()
        ))),
    }
}

/// `s[i]` for an int `i` in range (negative from the end): the one-character
/// string, shared for ASCII; `None` when `i` is out of range (the caller
/// raises the error). The VM's `Index` fast path.
#[inline]
pub fn str_char(s: &Rc<MlStr>, i: i64) -> Option<Value> {
    let len = i64::try_from(s.char_len()).unwrap_or(i64::MAX);
    let at = if i < 0 { i.saturating_add(len) } else { i };
    (0..len).contains(&at).then(|| char_value(s, at as usize))
}

/// [`str_char`] as the string itself, for the VM's `Index` fast path: an
/// ASCII text's length is read once and its byte looked up directly.
/// `None` when `i` is out of range (the general path raises the error).
#[inline(always)]
pub fn str_char_rc(s: &Rc<MlStr>, i: i64) -> Option<Rc<MlStr>> {
    let Some(len) = s.ascii_len() else {
        return str_char(s, i)?.into_str().ok();
    };
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let at = if i < 0 { i.saturating_add(len) } else { i };
    if !(0..len).contains(&at) {
        return None;
    }
    // SAFETY: `at` is within the text (checked just above).
    let b = unsafe { *s.as_str().as_bytes().get_unchecked(at as usize) };
    // Always a string: `None` would only send it the general way.
    Value::from_char(char::from(b)).into_str().ok()
}

/// The code point at `i` (in range) as a one-character string.
#[inline]
fn char_value(s: &Rc<MlStr>, i: usize) -> Value {
    if s.is_ascii() {
        return Value::from_char(char::from(s.as_str().as_bytes()[i]));
    }
    non_ascii_char(s, i)
}

/// [`char_value`] of a text that is not all ASCII (a walk to the position).
#[inline(never)]
fn non_ascii_char(s: &Rc<MlStr>, i: usize) -> Value {
    let at = strpos::byte_offset(s, i);
    s.as_str()[at..]
        .chars()
        .next()
        .map_or(Value::Null, Value::from_char)
}

pub fn key_error(key: &Key) -> RtError {
    RtError::new(ErrorKind::KeyError, repr(&key.to_value()))
}

/// The KeyError for `key` missing from `map`, naming a near key if any
/// (found when the message is read, see [`ErrorValue::deferred`]).
pub fn missing_key(map: &ObjRef, key: Key) -> RtError {
    let map = map.clone();
    RtError(Rc::new(ErrorValue::deferred(
        ErrorKind::KeyError.name().into(),
        Box::new(move || {
            let hint = match &key {
                Key::Str(name) => deferred_hint(&map, name.as_str()),
                Key::Int(_) => String::new(),
            };
            format!("{}{hint}", repr(&key.to_value()))
        }),
    )))
}

/// The AttributeError for a method called by a name `map` has no property
/// for, naming a near key if any (found when the message is read).
pub fn missing_property(map: &ObjRef, name: &Rc<MlStr>) -> RtError {
    let (map, name) = (map.clone(), name.clone());
    RtError(Rc::new(ErrorValue::deferred(
        ErrorKind::AttributeError.name().into(),
        Box::new(move || {
            let hint = deferred_hint(&map, name.as_str());
            format!("object has no property '{}'{hint}", name.as_str())
        }),
    )))
}

/// [`key_hint`] for a message built later, when the object may be being
/// written (then without a hint).
fn deferred_hint(map: &ObjCell, name: &str) -> String {
    map.try_borrow()
        .map_or_else(|_| String::new(), |map| key_hint(&map, name))
}

/// Objects with more keys than this get no "did you mean" on a missing
/// key: they hold data (counts by word, a cache), where a near key is no
/// typo, and the message of an error from a huge object stays cheap to
/// read. (Errors that are caught and never read cost no search at all: see
/// [`missing_key`].)
const HINT_MAX_KEYS: usize = 256;

/// " (did you mean 'k'?)" for a string key near `name`, else nothing.
pub fn key_hint(map: &Object, name: &str) -> String {
    if map.len() > HINT_MAX_KEYS {
        return String::new();
    }
    let keys = map.keys().filter_map(|k| match k {
        Key::Str(s) => Some(s.as_str()),
        Key::Int(_) => None,
    });
    suggest::hint(name, keys)
}

pub fn set_index(obj: &Value, index: &Value, value: Value) -> Result<(), RtError> {
    match obj {
        Value::Array(rc) => {
            let mut items = rc.borrow_mut();
            let i = normalize_index(index, items.len(), "array assignment")?;
            gc::write_barrier(rc, &value);
            items[i] = value;
            Ok(())
        }
        Value::Object(map) => {
            let Value::Str(name) = index else {
                let key = Key::from_value(index)?;
                gc::write_barrier(map, &value);
                map.borrow_mut().insert(key, value);
                return Ok(());
            };
            gc::write_barrier(map, &value);
            let mut fields = map.borrow_mut();
            // An existing key is set in place: no key is built.
            match fields.str_value_mut(name) {
                Some(slot) => *slot = value,
                None => fields.push_str_key(name, value),
            }
            Ok(())
        }
        Value::Str(_) => Err(RtError::type_error(
            "strings are immutable: 'string' value does not support item assignment",
        )),
        other => Err(RtError::type_error(format!(
            "'{}' value does not support item assignment",
            other.type_name()
        ))),
    }
}

/// A slice's clamped bounds over a sequence of known length (Python's
/// rules; never an error except step 0). With a positive step the slice
/// visits `first, first + step, ...` below `stop`; with a negative one it
/// walks down while above `stop`.
#[derive(Clone, Copy, Debug)]
pub struct SliceBounds {
    first: i64,
    stop: i64,
    step: i64,
}

impl SliceBounds {
    pub fn new(len: usize, start: &Value, end: &Value, step: &Value) -> Result<Self, RtError> {
        let step = match step {
            Value::Null => 1,
            Value::Int(k) => *k,
            v => to_int(v, "slice step")?,
        };
        if step == 0 {
            return Err(RtError::value_error("slice step cannot be zero"));
        }
        let len = i64::try_from(len).unwrap_or(i64::MAX);
        let bound = |v: &Value, default: i64, lo: i64, hi: i64| -> Result<i64, RtError> {
            match v {
                Value::Null => Ok(default),
                v => {
                    let i = match v {
                        Value::Int(i) => *i,
                        v => to_int(v, "slice index")?,
                    };
                    let i = if i < 0 { i.saturating_add(len) } else { i };
                    Ok(i.clamp(lo, hi))
                }
            }
        };
        Ok(if step > 0 {
            SliceBounds {
                first: bound(start, 0, 0, len)?,
                stop: bound(end, len, 0, len)?,
                step,
            }
        } else {
            SliceBounds {
                first: bound(start, len - 1, -1, len - 1)?,
                stop: bound(end, -1, -1, len - 1)?,
                step,
            }
        })
    }

    /// The contiguous range `first..stop` when the step is 1.
    fn contiguous(&self) -> Option<std::ops::Range<usize>> {
        (self.step == 1).then(|| {
            let first = usize::try_from(self.first).unwrap_or(0);
            first..usize::try_from(self.stop).unwrap_or(0).max(first)
        })
    }

    /// The positions the slice visits, in order.
    pub fn positions(self) -> impl Iterator<Item = usize> {
        let SliceBounds { first, stop, step } = self;
        // i128: a step near i64::MAX must not overflow the count.
        let (f, s, k) = (i128::from(first), i128::from(stop), i128::from(step));
        let count = if k > 0 {
            (s - f + k - 1).max(0) / k
        } else {
            (f - s - k - 1).max(0) / -k
        };
        (0..count).map(move |n| usize::try_from(f + n * k).unwrap_or(0))
    }
}

/// Python's slice bounds: the positions a slice visits, clamped (never an
/// error except step 0).
pub fn slice_positions(
    len: usize,
    start: &Value,
    end: &Value,
    step: &Value,
) -> Result<Vec<usize>, RtError> {
    Ok(SliceBounds::new(len, start, end, step)?
        .positions()
        .collect())
}

/// `x[start:end:step]`. Step-1 slices copy one contiguous run: for strings
/// that is one byte range (found without decoding when the text is ASCII),
/// so slicing a long string costs the slice, not the string.
pub fn get_slice(obj: &Value, start: &Value, end: &Value, step: &Value) -> Result<Value, RtError> {
    match obj {
        Value::Array(items) => {
            let items = items.borrow();
            let bounds = SliceBounds::new(items.len(), start, end, step)?;
            Ok(Value::array(match bounds.contiguous() {
                Some(run) => items[run].to_vec(),
                None => bounds.positions().map(|i| items[i].clone()).collect(),
            }))
        }
        Value::Str(s) => {
            let bounds = SliceBounds::new(s.char_len(), start, end, step)?;
            Ok(str_slice(s, bounds))
        }
        other => Err(RtError::type_error(format!(
            "'{}' value cannot be sliced",
            other.type_name()
        ))),
    }
}

/// `s[start:end]` (no step) when each bound is an int or absent: the
/// slice, with the bounds clamped once and no [`SliceBounds`] built.
/// `None` for other bounds, which then take [`get_slice`] (errors
/// included). The VM's `Slice` fast path: an ASCII text's length is read
/// once and its slice made in place (see [`MlStr::rc_ascii_run`]).
#[inline(always)]
pub fn str_slice_ints(
    s: &Rc<MlStr>,
    start: Option<&Value>,
    end: Option<&Value>,
) -> Option<Rc<MlStr>> {
    let bound = |v: Option<&Value>| match v {
        None => Some(None),
        Some(Value::Int(i)) => Some(Some(*i)),
        Some(_) => None,
    };
    let (start, end) = (bound(start)?, bound(end)?);
    let ascii = s.ascii_len();
    let len = ascii.unwrap_or_else(|| s.char_len());
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    // Python's clamping; a negative bound counts from the end.
    let clamp = |i: i64| (if i < 0 { i.saturating_add(len) } else { i }).clamp(0, len);
    let first = start.map_or(0, clamp) as usize;
    let stop = (end.map_or(len, clamp) as usize).max(first);
    if ascii.is_none() || stop - first == len as usize || stop - first == 1 {
        // Always a string: `None` would only send it the general way.
        return str_run(s, first, stop).into_str().ok();
    }
    // SAFETY: the text is ASCII and `first <= stop <= len`.
    Some(unsafe { s.rc_ascii_run(first, stop) })
}

/// A slice of a string. Strings are immutable, so a slice that covers the
/// whole string is the string itself, and a one-character ASCII slice is
/// the shared string of that character: neither allocates.
fn str_slice(s: &Rc<MlStr>, bounds: SliceBounds) -> Value {
    let text = s.as_str();
    if let Some(run) = bounds.contiguous() {
        return str_run(s, run.start, run.end);
    }
    if s.is_ascii() {
        let bytes = text.as_bytes();
        return Value::string(bounds.positions().map(|i| char::from(bytes[i])).collect());
    }
    let chars: Vec<char> = text.chars().collect();
    Value::string(bounds.positions().map(|i| chars[i]).collect())
}

/// Code points `first..stop` of `s` (`first <= stop <= len`).
#[inline]
fn str_run(s: &Rc<MlStr>, first: usize, stop: usize) -> Value {
    let count = stop - first;
    if count == s.char_len() {
        return Value::Str(s.clone());
    }
    let text = s.as_str();
    if s.is_ascii() {
        debug_assert!(first <= stop && stop <= text.len());
        // SAFETY: `first <= stop <= len` (the caller's promise), and every
        // byte of ASCII text is a character boundary.
        let run = unsafe { text.get_unchecked(first..stop) };
        return match count {
            1 => Value::from_char(char::from(run.as_bytes()[0])),
            _ => Value::Str(MlStr::rc_counted(run, count)),
        };
    }
    non_ascii_run(s, first, stop)
}

/// [`str_run`] of a text that is not all ASCII: the code-point positions
/// are found by walking (see [`strpos`]).
#[inline(never)]
fn non_ascii_run(s: &Rc<MlStr>, first: usize, stop: usize) -> Value {
    if first == stop {
        return Value::str("");
    }
    let from = strpos::byte_offset(s, first);
    let to = strpos::byte_offset(s, stop);
    Value::Str(MlStr::rc_counted(&s.as_str()[from..to], stop - first))
}

/// `a[s:e:k] = v`: replace the slice (lengths may differ for step 1; an
/// extended slice must match in length), like Python.
pub fn set_slice(
    obj: &Value,
    start: &Value,
    end: &Value,
    step: &Value,
    value: &Value,
) -> Result<(), RtError> {
    let Value::Array(items) = obj else {
        return Err(RtError::type_error(format!(
            "'{}' value does not support slice assignment",
            obj.type_name()
        )));
    };
    let new_items = super::iter::collect(value)?;
    gc::write_barrier_all(items, &new_items);
    let mut items = items.borrow_mut();
    let plain_step = matches!(step, Value::Null) || to_int(step, "slice step")? == 1;
    if plain_step {
        let pos = slice_positions(items.len(), start, end, &Value::Null)?;
        let s = match pos.first() {
            Some(s) => *s,
            None => {
                // Empty slice: insert at the clamped start position.
                let len = items.len() as i64;
                match start {
                    Value::Null => 0,
                    v => {
                        let i = to_int(v, "slice index")?;
                        (if i < 0 { i + len } else { i }).clamp(0, len) as usize
                    }
                }
            }
        };
        let e = pos.last().map_or(s, |l| l + 1);
        items.splice(s..e, new_items);
        return Ok(());
    }
    let pos = slice_positions(items.len(), start, end, step)?;
    if pos.len() != new_items.len() {
        return Err(RtError::value_error(format!(
            "attempt to assign sequence of size {} to extended slice of size {}",
            new_items.len(),
            pos.len()
        )));
    }
    for (i, v) in pos.into_iter().zip(new_items) {
        items[i] = v;
    }
    Ok(())
}

/// A field of an error value (spec 3.12): message, type, payload keys.
pub fn error_field(e: &Rc<ErrorValue>, name: &str) -> Value {
    match name {
        "message" => Value::str(e.message()),
        "type" => Value::str(&e.type_name),
        _ => match &e.payload {
            Some(Value::Object(map)) => map
                .borrow()
                .get(&KeyRef::Str(name))
                .cloned()
                .unwrap_or(Value::Null),
            _ => Value::Null,
        },
    }
}

/// `x.name` (spec 3.7).
pub fn get_member(obj: &Value, name: &Rc<MlStr>) -> Result<Value, RtError> {
    let n = name.as_str();
    match obj {
        Value::Object(map) => {
            let map = map.borrow();
            Ok(match str_key_index(&map, name) {
                Some(i) => map[i].clone(),
                None => Value::Null,
            })
        }
        Value::Module(m) => m.globals.get_named(name).ok_or_else(|| no_member(m, n)),
        Value::Error(e) => Ok(error_field(e, n)),
        Value::Str(s) if n == "length" => Ok(Value::Int(s.char_len() as i64)),
        Value::Array(a) if n == "length" => Ok(Value::Int(a.borrow().len() as i64)),
        Value::Str(_) | Value::Array(_) if methods::has_method(obj, n) => Ok(bound(obj, n)),
        Value::NativeObj(o) => match o.property(n) {
            Some(v) => Ok(v),
            None if o.method_names().contains(&n) => Ok(bound(obj, n)),
            None => Err(no_attribute(obj, n)),
        },
        _ => Err(no_attribute(obj, n)),
    }
}

/// `x.name` read by a member instruction whose inline cache is `cache`:
/// a module keeps there where it found the member (see
/// `ModuleGlobals::member_at_site`).
pub fn get_member_at(obj: &Value, name: &Rc<MlStr>, cache: &SiteCache) -> Result<Value, RtError> {
    match obj {
        Value::Module(m) => m
            .globals
            .member_at_site(name, cache)
            .ok_or_else(|| no_member(m, name.as_str())),
        _ => get_member(obj, name),
    }
}

/// The error of reading a name module `m` does not have.
#[cold]
fn no_member(m: &Module, n: &str) -> RtError {
    let what = if m.kind == ModuleKind::Namespace {
        "namespace"
    } else {
        "module"
    };
    let members = m.globals.entries();
    let hint = suggest::hint(n, members.iter().map(|(k, _)| &**k));
    RtError::attribute_error(format!("{what} '{}' has no member '{n}'{hint}", m.name))
}

fn bound(obj: &Value, name: &str) -> Value {
    Value::BoundMethod(Rc::new(BoundMethod {
        receiver: obj.clone(),
        name: name.into(),
    }))
}

pub fn no_attribute(obj: &Value, name: &str) -> RtError {
    RtError::attribute_error(format!(
        "'{}' value has no attribute '{name}'",
        obj.type_name()
    ))
}

/// `x.name = v`
pub fn set_member(obj: &Value, name: &Rc<MlStr>, value: Value) -> Result<(), RtError> {
    match obj {
        Value::Object(rc) => {
            gc::write_barrier(rc, &value);
            let mut map = rc.borrow_mut();
            match str_key_index(&map, name) {
                Some(i) => map[i] = value,
                None => map.push_str_key(name, value),
            }
            Ok(())
        }
        Value::Module(m) => Err(RtError::type_error(format!(
            "cannot assign to member '{}' of module '{}'",
            name.as_str(),
            m.name
        ))),
        other => Err(RtError::attribute_error(format!(
            "cannot set attribute '{}' on a '{}' value",
            name.as_str(),
            other.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(s: &Value, a: Value, b: Value, k: Value) -> Value {
        get_slice(s, &a, &b, &k).unwrap()
    }

    fn same_string(x: &Value, y: &Value) -> bool {
        matches!((x, y), (Value::Str(x), Value::Str(y)) if Rc::ptr_eq(x, y))
    }

    #[test]
    fn whole_and_one_character_slices_share_strings() {
        for text in ["hello", "héllo ✓", ""] {
            let s = Value::str(text);
            let whole = slice(&s, Value::Null, Value::Null, Value::Null);
            assert!(same_string(&whole, &s), "{text}");
            let clamped = slice(&s, Value::Int(-100), Value::Int(100), Value::Int(1));
            assert!(same_string(&clamped, &s), "{text}");
        }
        let s = Value::str("abcabc");
        let (x, y) = (
            slice(&s, Value::Int(1), Value::Int(2), Value::Null),
            slice(&s, Value::Int(4), Value::Int(5), Value::Null),
        );
        assert_eq!(x.as_str(), Some("b"));
        assert!(same_string(&x, &y));
        let reversed = slice(&s, Value::Null, Value::Null, Value::Int(-1));
        assert_eq!(reversed.as_str(), Some("cbacba"));
    }

    #[test]
    fn slices_of_huge_strings_cost_the_slice() {
        let big = Value::string("ab".repeat(1 << 20));
        let piece = slice(&big, Value::Int(-5), Value::Null, Value::Null);
        assert_eq!(piece.as_str(), Some("babab"));
        let mixed = Value::string(format!("{}é{}", "a".repeat(1 << 20), "z".repeat(9)));
        let tail = slice(&mixed, Value::Int(-11), Value::Int(-8), Value::Null);
        assert_eq!(tail.as_str(), Some("aéz"));
        assert!(get_slice(&big, &Value::Null, &Value::Null, &Value::Int(0)).is_err());
        assert!(get_slice(&big, &Value::str("x"), &Value::Null, &Value::Null).is_err());
    }
}
