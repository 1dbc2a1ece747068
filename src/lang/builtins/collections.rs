//! Collection builtins: `len range enumerate zip sorted reversed keys values
//! sum min max all any iter next`.
//!
//! Those documented as taking an array accept any iterable (spec 3.11), read
//! through `iter::collect`. Sorting arrays of one kind (ints, strings,
//! numbers without nan) uses the standard stable sort; anything else uses
//! our own stable merge sort, because ML comparisons can fail (TypeError on
//! mixed types) and are not a total order when `nan` is involved, and the
//! standard sort may panic on an inconsistent comparator. The merge sort
//! stops at the first error and never panics.

use super::{expect_args, int_arg, int_value, opt_arg};
use crate::lang::error::{ErrorKind, RtError};
use crate::lang::iter::{collect, iter_next, make_iter};
use crate::lang::ops::{add, compare, sort_cmp};
use crate::lang::value::{Key, NativeResult, Value};
use crate::lang::vm::Vm;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

/// Arrays built by `range` (and similar) larger than this are refused with
/// a ValueError instead of exhausting memory.
pub const MAX_SEQUENCE: i64 = 100_000_000;

pub(super) fn len(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("len", args, 1, 1)?;
    Ok(match &args[0] {
        Value::Str(s) => int_value(s.char_len()),
        Value::Array(a) => int_value(a.borrow().len()),
        Value::Object(o) => int_value(o.borrow().len()),
        // [REF] everything else has length 0 rather than an error.
        _ => Value::Int(0),
    })
}

pub(super) fn range(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("range", args, 1, 3)?;
    let ints = args
        .iter()
        .map(|v| int_arg("range", v))
        .collect::<Result<Vec<_>, _>>()?;
    let (start, stop, step) = match ints[..] {
        [stop] => (0, stop, 1),
        [start, stop] => (start, stop, 1),
        [start, stop, step, ..] => (start, stop, step),
        [] => (0, 0, 1),
    };
    range_values(start, stop, step).map(Value::array)
}

/// The elements of Python's `range(start, stop, step)`.
pub fn range_values(start: i64, stop: i64, step: i64) -> Result<Vec<Value>, RtError> {
    if step == 0 {
        return Err(RtError::value_error("range() arg 3 must not be zero"));
    }
    // i128 so that spans like range(i64::MIN, i64::MAX) cannot overflow.
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    let span = if step > 0 { stop - start } else { start - stop };
    let count = if span > 0 {
        (span + step.abs() - 1) / step.abs()
    } else {
        0
    };
    if count > i128::from(MAX_SEQUENCE) {
        return Err(RtError::value_error(format!(
            "range() too large ({count} elements)"
        )));
    }
    let mut out = crate::lang::memory::reserve_vec("range()", u128::try_from(count).unwrap_or(0))?;
    let mut x = start;
    for _ in 0..count {
        // Every element lies between start and stop, so it fits in i64.
        out.push(Value::Int(i64::try_from(x).unwrap_or_default()));
        x += step;
    }
    Ok(out)
}

pub(super) fn enumerate(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("enumerate", args, 1, 2)?;
    let start = match opt_arg(args, 1) {
        Some(v) => int_arg("enumerate", v)?,
        None => 0,
    };
    let items = collect(&args[0])?;
    let mut index = Value::Int(start);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let next = add(&index, &Value::Int(1))?;
        out.push(Value::array(vec![index, item]));
        index = next;
    }
    Ok(Value::array(out))
}

pub(super) fn zip(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    zip_values(args).map(Value::array)
}

/// `zip(a, b, ...)`: arrays of i-th elements, as long as the shortest input.
pub fn zip_values(args: &[Value]) -> Result<Vec<Value>, RtError> {
    let columns = args.iter().map(collect).collect::<Result<Vec<_>, _>>()?;
    let n = columns.iter().map(Vec::len).min().unwrap_or(0);
    Ok((0..n)
        .map(|i| Value::array(columns.iter().map(|c| c[i].clone()).collect()))
        .collect())
}

pub(super) fn sorted(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("sorted", args, 1, 2)?;
    let reverse = opt_arg(args, 1).is_some_and(Value::truthy);
    sort_values(collect(&args[0])?, reverse).map(Value::array)
}

/// Stable sort by the ML ordering (spec 3.3); the first failed comparison
/// (mixed types) is returned as the error. With `reverse`, equal elements
/// keep their original order, as in Python.
pub fn sort_values(mut items: Vec<Value>, reverse: bool) -> Result<Vec<Value>, RtError> {
    let direct = |o: Ordering| if reverse { o.reverse() } else { o };
    // Homogeneous arrays (the common case) have a total order that cannot
    // fail, so the standard library's faster stable sort is safe for them.
    match homogeneous_kind(&items) {
        Some(Homogeneous::Ints) => {
            interruptible_sort(&mut items, |a, b| direct(int_of(a).cmp(&int_of(b))))?
        }
        Some(Homogeneous::Strs) => {
            interruptible_sort(&mut items, |a, b| direct(str_of(a).cmp(str_of(b))))?
        }
        Some(Homogeneous::Numbers) => interruptible_sort(&mut items, |a, b| {
            direct(sort_cmp(a, b).unwrap_or(Ordering::Equal))
        })?,
        None => {
            let mut compared = 0u32;
            let mut cmp = |a: &Value, b: &Value| {
                compared = compared.wrapping_add(1);
                if compared.is_multiple_of(SORT_CHECK_EVERY) {
                    crate::lang::limits::check_running()?;
                }
                sort_cmp(a, b).map(direct)
            };
            return merge_sort(items, &mut cmp);
        }
    }
    Ok(items)
}

/// Comparisons between two looks at Ctrl-C and `--timeout` while sorting.
const SORT_CHECK_EVERY: u32 = 1 << 16;

/// Unwinds out of an interrupted standard-library sort.
struct SortInterrupted;

/// `items.sort_by(cmp)`, cut short with the pending interruption (Ctrl-C,
/// `--timeout`) when one comes during a long sort. The standard sort cannot
/// return early, so the comparison unwinds (without the panic hook:
/// nothing is printed); a sort left by unwinding keeps every element, in
/// some order, and callers drop or discard the half-sorted copy.
fn interruptible_sort(
    items: &mut [Value],
    mut cmp: impl FnMut(&Value, &Value) -> Ordering,
) -> Result<(), RtError> {
    // Builds that abort on panic (fuzzing) cannot unwind: they sort to the end.
    if items.len() < SORT_CHECK_EVERY as usize || !cfg!(panic = "unwind") {
        items.sort_by(cmp);
        return Ok(());
    }
    let mut compared = 0u32;
    let sorted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        items.sort_by(|a, b| {
            compared = compared.wrapping_add(1);
            if compared.is_multiple_of(SORT_CHECK_EVERY)
                && crate::lang::limits::check_running().is_err()
            {
                std::panic::resume_unwind(Box::new(SortInterrupted));
            }
            cmp(a, b)
        })
    }));
    match sorted {
        Ok(()) => Ok(()),
        Err(payload) if payload.is::<SortInterrupted>() => {
            Err(crate::lang::limits::check_running()
                .err()
                .unwrap_or_else(|| RtError::new(ErrorKind::KeyboardInterrupt, "interrupted")))
        }
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

enum Homogeneous {
    Ints,
    Strs,
    /// Ints, floats and booleans, with no nan among them.
    Numbers,
}

fn homogeneous_kind(items: &[Value]) -> Option<Homogeneous> {
    if items.iter().all(|v| matches!(v, Value::Int(_))) {
        Some(Homogeneous::Ints)
    } else if items.iter().all(|v| matches!(v, Value::Str(_))) {
        Some(Homogeneous::Strs)
    } else if items.iter().all(|v| match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Float(f) => !f.is_nan(),
        _ => false,
    }) {
        Some(Homogeneous::Numbers)
    } else {
        None
    }
}

fn int_of(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        _ => 0,
    }
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Runs this short are sorted by insertion, which is faster for them.
const INSERTION_RUN: usize = 16;

/// Stable merge sort with a fallible comparison; the first error stops it.
pub fn merge_sort<T, E>(
    mut items: Vec<T>,
    cmp: &mut impl FnMut(&T, &T) -> Result<Ordering, E>,
) -> Result<Vec<T>, E> {
    if items.len() <= INSERTION_RUN {
        insertion_sort(&mut items, cmp)?;
        return Ok(items);
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, cmp)?;
    let right = merge_sort(right, cmp)?;
    merge(left, right, cmp)
}

fn insertion_sort<T, E>(
    items: &mut [T],
    cmp: &mut impl FnMut(&T, &T) -> Result<Ordering, E>,
) -> Result<(), E> {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && cmp(&items[j], &items[j - 1])? == Ordering::Less {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
    Ok(())
}

/// Merges two sorted runs; on ties the left element goes first (stability).
fn merge<T, E>(
    left: Vec<T>,
    right: Vec<T>,
    cmp: &mut impl FnMut(&T, &T) -> Result<Ordering, E>,
) -> Result<Vec<T>, E> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        let take_right = cmp(r, l)? == Ordering::Less;
        let next = if take_right {
            right.next()
        } else {
            left.next()
        };
        out.extend(next);
    }
    out.extend(left);
    out.extend(right);
    Ok(out)
}

pub(super) fn reversed(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("reversed", args, 1, 1)?;
    let mut items = collect(&args[0])?;
    items.reverse();
    Ok(Value::array(items))
}

pub(super) fn keys(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("keys", args, 1, 1)?;
    let pairs = object_entries("keys", &args[0])?;
    Ok(Value::array(
        pairs.into_iter().map(|(k, _)| k.to_value()).collect(),
    ))
}

pub(super) fn values(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("values", args, 1, 1)?;
    let pairs = object_entries("values", &args[0])?;
    Ok(Value::array(pairs.into_iter().map(|(_, v)| v).collect()))
}

/// Key/value pairs of an object, or of an error value (its `message`,
/// `type` and payload fields, spec 3.12).
fn object_entries(name: &str, v: &Value) -> Result<Vec<(Key, Value)>, RtError> {
    match v {
        Value::Object(o) => Ok(o
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()),
        Value::Error(e) => Ok(super::introspect::error_fields(e)),
        other => Err(RtError::type_error(format!(
            "{name}() argument must be an object, not '{}'",
            other.type_name()
        ))),
    }
}

pub(super) fn sum(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("sum", args, 1, 2)?;
    let mut acc = opt_arg(args, 1).cloned().unwrap_or(Value::Int(0));
    for item in collect(&args[0])? {
        // `+` would concatenate strings (and coerce numbers to text); sum
        // is numeric only, as in Python.
        if matches!(acc, Value::Str(_)) || matches!(item, Value::Str(_)) {
            return Err(RtError::type_error(
                "sum() can't sum strings; use ''.join(items) instead",
            ));
        }
        acc = add(&acc, &item)?;
    }
    Ok(acc)
}

pub(super) fn min(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    extreme(args, Ordering::Less)
}

pub(super) fn max(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    extreme(args, Ordering::Greater)
}

/// `min`/`max`: of one array's elements, or of several arguments. The
/// first of equal extremes wins, and `nan` never replaces the current best.
fn extreme(args: &[Value], want: Ordering) -> NativeResult {
    let candidates = match args {
        [] => return Ok(Value::Null),
        [Value::Array(items)] => items.borrow().clone(),
        // [REF quirk] a single non-array argument comes back unchanged.
        [single] => return Ok(single.clone()),
        many => many.to_vec(),
    };
    let mut rest = candidates.into_iter();
    let Some(mut best) = rest.next() else {
        return Ok(Value::Null);
    };
    for item in rest {
        if compare(&item, &best)? == Some(want) {
            best = item;
        }
    }
    Ok(best)
}

pub(super) fn all(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("all", args, 1, 1)?;
    Ok(Value::Bool(collect(&args[0])?.iter().all(Value::truthy)))
}

pub(super) fn any(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("any", args, 1, 1)?;
    Ok(Value::Bool(collect(&args[0])?.iter().any(Value::truthy)))
}

pub(super) fn iter(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("iter", args, 1, 1)?;
    match &args[0] {
        // Like Python, an iterator is its own iterator.
        it @ Value::Iterator(_) => Ok(it.clone()),
        other => Ok(Value::Iterator(Rc::new(RefCell::new(make_iter(other)?)))),
    }
}

pub(super) fn next(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("next", args, 1, 2)?;
    let Value::Iterator(state) = &args[0] else {
        return Err(RtError::type_error(format!(
            "'{}' object is not an iterator",
            args[0].type_name()
        )));
    };
    let mut state = state
        .try_borrow_mut()
        .map_err(|_| RtError::runtime_error("iterator already executing"))?;
    match (iter_next(&mut state)?, args.get(1)) {
        (Some(item), _) => Ok(item),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(RtError::runtime_error(
            "Iterator exhausted - use default parameter to avoid error",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::ints;

    fn int_values(xs: &[i64]) -> Vec<Value> {
        xs.iter().map(|x| Value::Int(*x)).collect()
    }

    #[test]
    fn ranges_follow_python() {
        assert_eq!(ints(&range_values(0, 5, 1).unwrap()), vec![0, 1, 2, 3, 4]);
        assert_eq!(ints(&range_values(5, 0, -1).unwrap()), vec![5, 4, 3, 2, 1]);
        assert_eq!(ints(&range_values(0, 10, 3).unwrap()), vec![0, 3, 6, 9]);
        assert_eq!(ints(&range_values(10, 0, -3).unwrap()), vec![10, 7, 4, 1]);
        assert!(range_values(5, 0, 1).unwrap().is_empty());
        assert!(range_values(0, 5, -1).unwrap().is_empty());
        assert_eq!(
            ints(&range_values(i64::MAX - 1, i64::MAX, 1).unwrap()),
            vec![i64::MAX - 1]
        );
        assert_eq!(range_values(0, 1, 0).unwrap_err().type_name(), "ValueError");
        assert_eq!(
            range_values(i64::MIN, i64::MAX, 1).unwrap_err().type_name(),
            "ValueError"
        );
    }

    #[test]
    fn sorting_is_stable_and_reports_mixed_types() {
        let pairs: Vec<(i64, i64)> = (0..100).map(|i| ((i * 7) % 5, i)).collect();
        let mut cmp = |a: &(i64, i64), b: &(i64, i64)| Ok::<_, ()>(a.0.cmp(&b.0));
        let sorted = merge_sort(pairs.clone(), &mut cmp).unwrap();
        let mut expected = pairs;
        expected.sort_by_key(|p| p.0);
        assert_eq!(sorted, expected);

        let values = int_values(&[3, 1, 2, 5, 4]);
        assert_eq!(
            ints(&sort_values(values.clone(), false).unwrap()),
            vec![1, 2, 3, 4, 5]
        );
        assert_eq!(
            ints(&sort_values(values, true).unwrap()),
            vec![5, 4, 3, 2, 1]
        );

        let mixed = vec![Value::Int(1), Value::str("a"), Value::Int(0)];
        assert_eq!(
            sort_values(mixed, false).unwrap_err().type_name(),
            "TypeError"
        );
    }

    #[test]
    fn reverse_sort_keeps_equal_elements_in_order() {
        let items = vec![
            Value::Float(1.0),
            Value::Int(2),
            Value::Int(1),
            Value::Float(2.0),
        ];
        let sorted = sort_values(items, true).unwrap();
        assert!(matches!(sorted[0], Value::Int(2)));
        assert!(matches!(sorted[1], Value::Float(_)));
        assert!(matches!(sorted[2], Value::Float(_)));
        assert!(matches!(sorted[3], Value::Int(1)));
    }

    #[test]
    fn strings_sort_by_code_point() {
        let items = vec![
            Value::str("b"),
            Value::str("B"),
            Value::str("é"),
            Value::str("a"),
        ];
        let sorted = sort_values(items.clone(), false).unwrap();
        let texts: Vec<&str> = sorted.iter().filter_map(Value::as_str).collect();
        assert_eq!(texts, vec!["B", "a", "b", "é"]);
        let sorted = sort_values(items, true).unwrap();
        assert_eq!(sorted[0].as_str(), Some("é"));
    }

    #[test]
    fn sorting_with_nan_never_panics() {
        let mut items: Vec<Value> = (0..200)
            .map(|i| {
                if i % 3 == 0 {
                    Value::Float(f64::NAN)
                } else {
                    Value::Int((i * 37) % 101)
                }
            })
            .collect();
        items.push(Value::Float(0.5));
        assert_eq!(sort_values(items, false).unwrap().len(), 201);
    }

    #[test]
    fn zip_truncates_to_the_shortest() {
        let a = Value::array(int_values(&[1, 2, 3]));
        let b = Value::str("xy");
        let rows = zip_values(&[a, b]).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(zip_values(&[]).unwrap().is_empty());
    }

    #[test]
    fn min_and_max_quirks() {
        assert!(matches!(extreme(&[], Ordering::Less), Ok(Value::Null)));
        let empty = Value::array(vec![]);
        assert!(matches!(extreme(&[empty], Ordering::Less), Ok(Value::Null)));
        let s = Value::str("abc");
        assert_eq!(
            extreme(&[s], Ordering::Greater).unwrap().as_str(),
            Some("abc")
        );
        let arr = Value::array(int_values(&[3, 9, 2]));
        assert!(matches!(
            extreme(&[arr], Ordering::Greater),
            Ok(Value::Int(9))
        ));
        let many = int_values(&[3, 9, 2]);
        assert!(matches!(extreme(&many, Ordering::Less), Ok(Value::Int(2))));
        let first_wins = [Value::Int(1), Value::Float(1.0)];
        assert!(matches!(
            extreme(&first_wins, Ordering::Less),
            Ok(Value::Int(1))
        ));
        let mixed = [Value::Int(1), Value::str("a")];
        assert!(extreme(&mixed, Ordering::Less).is_err());
    }
}
