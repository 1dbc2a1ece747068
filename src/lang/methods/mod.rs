//! Methods of strings and arrays (spec 3.7): `s.upper()`, `a.append(x)`, ...
//!
//! They keep Python's meaning, with every index counted in code points. The
//! VM calls [`call_method`] for `recv.name(args)` and for bound methods
//! (`f = a.append; f(1);`); `methods()`/`hasattr` ask [`has_method`] and
//! [`method_names`], `help()` asks [`method_doc`]. Each receiver type has one
//! table of [`Method`] rows (`string::METHODS`, `array::METHODS`): dispatch,
//! listings and docs all read it, so there is no second list to keep in step.
//! This file holds what both share: the row type and its lookup, the dispatch
//! by receiver type and the argument helpers (`start`/`end` windows, "no
//! arguments").

mod array;
mod string;

pub use string::{is_py_space, padding, split_whitespace};

use super::builtins::{expect_args, int_arg, opt_arg};
use super::error::RtError;
use super::value::{NativeResult, Value};
use super::vm::Vm;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// One method of a built-in type: its name, the function that runs it and
/// a line of help starting with its call signature.
pub(super) struct Method<F> {
    pub name: &'static str,
    pub call: F,
    pub doc: &'static str,
}

/// The order of a method table: by length, then by bytes. Lookups are on
/// the hot path of every method call; with this order most comparisons
/// of the binary search decide on the length alone, without a `memcmp`.
fn row_order(a: &str, b: &str) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

/// A method table with a small hash index over it: a call's name is
/// looked up by its length and end bytes, one string comparison when the
/// guess is right. Names whose slot another name took first fall back to
/// the binary search over the rows (kept in [`row_order`]).
pub(super) struct Table<F: 'static> {
    pub rows: &'static [Method<F>],
    slots: OnceLock<[u8; SLOTS]>,
}

const SLOTS: usize = 64;
/// A slot no row claimed.
const EMPTY: u8 = u8::MAX;

impl<F> Table<F> {
    pub const fn new(rows: &'static [Method<F>]) -> Self {
        Table {
            rows,
            slots: OnceLock::new(),
        }
    }

    /// The row named `name`.
    fn find(&self, name: &str) -> Option<&'static Method<F>> {
        self.find_index(name).map(|i| &self.rows[i])
    }

    /// The position of the row named `name`.
    fn find_index(&self, name: &str) -> Option<usize> {
        let slots = self.slots.get_or_init(|| {
            let mut slots = [EMPTY; SLOTS];
            for (i, m) in self.rows.iter().enumerate() {
                let slot = &mut slots[slot_of(m.name)];
                if *slot == EMPTY {
                    *slot = u8::try_from(i).expect("a method table fits in a byte index");
                }
            }
            slots
        });
        let guess = usize::from(slots[slot_of(name)]);
        if self
            .rows
            .get(guess)
            .is_some_and(|m| same_name(m.name, name))
        {
            return Some(guess);
        }
        self.rows.binary_search_by(|m| row_order(m.name, name)).ok()
    }
}

/// `a == b` for method names, which are short: two overlapping word
/// compares instead of a call to `memcmp` (most of a lookup's cost).
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        _ => a == b,
    }
}

/// The hash slot of a method name, from its length and first, third and
/// last bytes; the multipliers give every row of the string and array
/// tables a slot of its own (a test checks that).
fn slot_of(name: &str) -> usize {
    let b = name.as_bytes();
    let at = |i: usize| b.get(i).map_or(0, |c| usize::from(*c));
    let third = at(2.min(b.len().saturating_sub(1)));
    let last = at(b.len().saturating_sub(1));
    (b.len() * 3 + at(0) * 2 + third * 15 + last * 14) % SLOTS
}

/// The names of the rows, sorted by name for listings.
fn listing<F>(rows: &'static [Method<F>]) -> Vec<&'static str> {
    let mut names: Vec<_> = rows.iter().map(|m| m.name).collect();
    names.sort_unstable();
    names
}

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

/// The method-table rows a call site's inline cache can name: string rows
/// are `1..=ARRAY_SITES`, array rows follow, and anything from 256 up is
/// some other cache's (an object field's layout id and position).
const ARRAY_SITES: u32 = 127;

/// The code a `recv.name(...)` call site caches for a string or array
/// method, so that its next calls skip the lookup by name; `None` for
/// other receivers and names that are no method.
pub fn site_code(recv: &Value, name: &str) -> Option<u32> {
    let (first, last, i) = match recv {
        Value::Str(_) => (1, ARRAY_SITES, string::METHODS.find_index(name)?),
        Value::Array(_) => (ARRAY_SITES + 1, 255, array::METHODS.find_index(name)?),
        _ => return None,
    };
    let code = first + u32::try_from(i).ok()?;
    (code <= last).then_some(code)
}

/// Calls the method a call site cached as `code` (see [`site_code`]) when
/// `recv` is of the type the code is for; `None` when it is not, or the
/// code is no method's (the site then looks the name up).
#[inline]
pub fn call_site(vm: &Vm, code: u32, recv: &Value, args: &[Value]) -> Option<NativeResult> {
    let row = usize::try_from(code).ok()?;
    match recv {
        Value::Str(s) if (1..=ARRAY_SITES).contains(&code) => {
            let m = string::METHODS.rows.get(row - 1)?;
            Some((m.call)(vm, s, args))
        }
        Value::Array(items) if (ARRAY_SITES + 1..256).contains(&code) => {
            let m = array::METHODS.rows.get(row - 1 - ARRAY_SITES as usize)?;
            Some((m.call)(items, args))
        }
        _ => None,
    }
}

/// Whether `recv.name(...)` names a method of the receiver's type.
pub fn has_method(recv: &Value, name: &str) -> bool {
    match recv {
        Value::NativeObj(obj) => obj.method_names().contains(&name),
        _ => method_doc(recv, name).is_some(),
    }
}

/// The help line of method `name` of a string or array.
pub fn method_doc(recv: &Value, name: &str) -> Option<&'static str> {
    match recv {
        Value::Str(_) => string::METHODS.find(name).map(|m| m.doc),
        Value::Array(_) => array::METHODS.find(name).map(|m| m.doc),
        Value::NativeObj(obj) => obj.method_doc(name),
        _ => None,
    }
}

/// Sorted names of the methods callable on `recv`.
pub fn method_names(recv: &Value) -> Vec<&'static str> {
    match recv {
        Value::Str(_) => listing(string::METHODS.rows),
        Value::Array(_) => listing(array::METHODS.rows),
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

    /// The rows of a table in lookup order, unique, each documented with
    /// its own call signature.
    fn check_rows<F>(rows: &'static [Method<F>]) {
        for w in rows.windows(2) {
            assert_eq!(
                row_order(w[0].name, w[1].name),
                Ordering::Less,
                "{} before {}",
                w[0].name,
                w[1].name
            );
        }
        for m in rows {
            assert!(m.doc.starts_with(&format!("{}(", m.name)), "{}", m.doc);
            assert!(m.doc.contains("): "), "{}", m.doc);
        }
    }

    /// Every row of the table for `recv`'s type is found by name, listed
    /// and runs its own code: called without arguments it either works or
    /// names itself in a TypeError about its arguments, never "no method".
    fn check_calls<F>(vm: &mut Vm, rows: &'static [Method<F>], recv: &Value) {
        let listed = method_names(recv);
        assert_eq!(listed.len(), rows.len());
        assert!(listed.windows(2).all(|w| w[0] < w[1]));
        for m in rows {
            assert!(listed.contains(&m.name) && has_method(recv, m.name));
            assert_eq!(method_doc(recv, m.name), Some(m.doc));
            if let Err(e) = call_method(vm, recv, m.name, &[]) {
                assert_eq!(e.type_name(), "TypeError", "{}: {}", m.name, e.message());
                assert!(e.message().contains(m.name), "{}", e.message());
            }
        }
    }

    #[test]
    fn name_compares_agree_with_string_equality() {
        let mut names: Vec<String> = string::METHODS
            .rows
            .iter()
            .map(|m| m.name.to_string())
            .collect();
        names.extend(array::METHODS.rows.iter().map(|m| m.name.to_string()));
        for n in 0..20 {
            names.push("x".repeat(n));
            names.push(format!("{}y", "x".repeat(n)));
            names.push(format!("y{}", "x".repeat(n)));
        }
        names.push("splité".to_string());
        for a in &names {
            for b in &names {
                assert_eq!(same_name(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn every_method_row_is_ordered_documented_and_callable() {
        check_rows(string::METHODS.rows);
        check_rows(array::METHODS.rows);
        let mut vm = Vm::bare(Box::new(std::io::sink()));
        check_calls(&mut vm, string::METHODS.rows, &Value::str("Ab c"));
        check_calls(
            &mut vm,
            array::METHODS.rows,
            &Value::array(vec![Value::Int(1)]),
        );
        assert!(!has_method(&Value::str(""), "append"));
        assert!(!has_method(&Value::Int(1), "append"));
        assert_eq!(method_doc(&Value::Int(1), "upper"), None);
        for rows in [
            string::METHODS
                .rows
                .iter()
                .map(|m| m.name)
                .collect::<Vec<_>>(),
            array::METHODS.rows.iter().map(|m| m.name).collect(),
        ] {
            let mut slots: Vec<usize> = rows.iter().map(|n| slot_of(n)).collect();
            slots.sort_unstable();
            slots.dedup();
            assert_eq!(
                slots.len(),
                rows.len(),
                "two method names share a hash slot: change slot_of's multipliers"
            );
        }
        assert!(string::METHODS.find("").is_none());
        assert!(string::METHODS.find("upperx").is_none());
        assert!(string::METHODS.find("startswithstartswith").is_none());
        assert!(array::METHODS.find("upper").is_none());
        assert_eq!(string::METHODS.find("upper").map(|m| m.name), Some("upper"));
    }
}
