//! The data-processing half of `functional` (capability
//! `functional.transform`): callbacks over collections (`map`, `filter`,
//! `reduce`, ...) and plain collection helpers (`take`, `chunk`, `unique`, ...).
//!
//! Collections are read with `iter::collect` (any iterable) before any
//! callback runs, so a callback that mutates the input cannot disturb the
//! loop; callbacks are prepared once with `Vm::callback` and made with
//! `Vm::call_back`.

use super::{count_arg, count_first, expect, func_and_items, func_arg, function_first};
use crate::lang::builtins::{opt_arg, range_values, sort_values, zip_values, MAX_SEQUENCE};
use crate::lang::error::RtError;
use crate::lang::gc;
use crate::lang::iter::collect;
use crate::lang::ops::equals;
use crate::lang::value::{new_object, Key, NativeResult, Value};
use crate::lang::vm::{release, Moving, Vm};

// ---------------------------------------------------------------------------
// Callbacks over collections

pub(super) fn map(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items) = func_and_items("map", args, 2)?;
    let f = vm.callback(&f, 1)?;
    vm.map_values(&f, items).map(Value::array)
}

pub(super) fn filter(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items) = func_and_items("filter", args, 2)?;
    let pred = vm.callback(&pred, 1)?;
    vm.filter_values(&pred, items).map(Value::array)
}

pub(super) fn reduce(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items) = func_and_items("reduce", args, 3)?;
    let mut items = Moving::new(items);
    // [REF] an initial value of null means "no initial value".
    let acc = match opt_arg(args, 2) {
        Some(init) => init.clone(),
        None => items.take_value().ok_or_else(|| {
            RtError::type_error("reduce() of empty iterable with no initial value")
        })?,
    };
    let f = vm.callback(&f, 2)?;
    vm.fold_values(&f, acc, items)
}

pub(super) fn for_each(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items) = func_and_items("forEach", args, 2)?;
    let f = vm.callback(&f, 1)?;
    let mut items = Moving::new(items);
    while let Some(item) = items.take() {
        // SAFETY: `take` hands the value over.
        release(unsafe { vm.call_back_from(&f, [item]) }?);
    }
    Ok(Value::Null)
}

pub(super) fn find(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items) = func_and_items("find", args, 2)?;
    let pred = vm.callback(&pred, 1)?;
    // By reference: each clone is one whole-value read of the snapshot
    // (see `Vm::call_back_from`).
    for item in &items {
        if vm.call_back_test(&pred, [item.clone()])? {
            return Ok(item.clone());
        }
    }
    Ok(Value::Null)
}

pub(super) fn some(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items) = func_and_items("some", args, 2)?;
    let pred = vm.callback(&pred, 1)?;
    let mut items = Moving::new(items);
    while let Some(item) = items.take() {
        // SAFETY: `take` hands the value over.
        if unsafe { vm.call_back_test_from(&pred, [item])? } {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub(super) fn every(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items) = func_and_items("every", args, 2)?;
    let pred = vm.callback(&pred, 1)?;
    let mut items = Moving::new(items);
    while let Some(item) = items.take() {
        // SAFETY: `take` hands the value over.
        if !unsafe { vm.call_back_test_from(&pred, [item])? } {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

pub(super) fn take_while(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items) = func_and_items("takeWhile", args, 2)?;
    let pred = vm.callback(&pred, 1)?;
    let mut out = Vec::new();
    // By reference: each clone is one whole-value read of the snapshot
    // (see `Vm::call_back_from`).
    for item in &items {
        if !vm.call_back_test(&pred, [item.clone()])? {
            break;
        }
        out.push(item.clone());
    }
    Ok(Value::array(out))
}

pub(super) fn partition(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (pred, items) = func_and_items("partition", args, 2)?;
    let pred = vm.callback(&pred, 1)?;
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    // By reference: each clone is one whole-value read of the snapshot
    // (see `Vm::call_back_from`).
    for item in &items {
        if vm.call_back_test(&pred, [item.clone()])? {
            yes.push(item.clone());
        } else {
            no.push(item.clone());
        }
    }
    Ok(Value::array(vec![Value::array(yes), Value::array(no)]))
}

/// Keys are strings or ints (integral floats become ints, spec 3.6); other
/// key values are a TypeError, as for any object key.
pub(super) fn group_by(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (f, items) = func_and_items("groupBy", args, 2)?;
    let f = vm.callback(&f, 1)?;
    let mut groups = new_object();
    // By reference: each clone is one whole-value read of the snapshot
    // (see `Vm::call_back_from`).
    for item in &items {
        let key = Key::from_value(&vm.call_back(&f, [item.clone()])?)?;
        match groups.get_mut(&key) {
            Some(Value::Array(group)) => {
                gc::write_barrier(group, item);
                group.borrow_mut().push(item.clone());
            }
            _ => {
                groups.insert(key, Value::array(vec![item.clone()]));
            }
        }
    }
    Ok(Value::object(groups))
}

pub(super) fn zip_with(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("zipWith", args, 3, 3)?;
    let args = function_first(args);
    let f = func_arg("zipWith", &args[0])?;
    let (a, b) = (collect(&args[1])?, collect(&args[2])?);
    let f = vm.callback(&f, 2)?;
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    for (x, y) in a.into_iter().zip(b) {
        out.push(vm.call_back(&f, [x, y])?);
    }
    Ok(Value::array(out))
}

/// `times(n, f)`; also `times(f, n)` as the reference takes it.
pub(super) fn times(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("times", args, 2, 2)?;
    let (n, f) = if args[0].is_callable() {
        (&args[1], &args[0])
    } else {
        (&args[0], &args[1])
    };
    let f = func_arg("times", f)?;
    let n = count_arg("times", n)?;
    check_size("times", n)?;
    let f = vm.callback(&f, 1)?;
    let mut out = Vec::new();
    for i in 0..n.max(0) {
        out.push(vm.call_back(&f, [Value::Int(i)])?);
    }
    Ok(Value::array(out))
}

fn check_size(name: &str, n: i64) -> Result<(), RtError> {
    if n > MAX_SEQUENCE {
        return Err(RtError::value_error(format!(
            "functional.{name}(): count too large ({n})"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Plain collection helpers

pub(super) fn zip(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    zip_values(args).map(Value::array)
}

pub(super) fn range(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("range", args, 1, 3)?;
    let start = count_arg("range", &args[0])?;
    let step = match opt_arg(args, 2) {
        Some(v) => count_arg("range", v)?,
        None => 1,
    };
    let values = match opt_arg(args, 1) {
        Some(end) => range_values(start, count_arg("range", end)?, step)?,
        None => range_values(0, start, 1)?,
    };
    Ok(Value::array(values))
}

pub(super) fn repeat(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("repeat", args, 2, 2)?;
    let n = count_arg("repeat", &args[1])?;
    check_size("repeat", n)?;
    let n = usize::try_from(n).unwrap_or(0);
    Ok(Value::array(vec![args[0].clone(); n]))
}

/// The index where `items[:n]` ends / `items[n:]` starts (Python slicing:
/// a negative `n` counts from the end, both ends clamp).
pub fn slice_point(len: usize, n: i64) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let at = if n < 0 {
        n.saturating_add(len_i).max(0)
    } else {
        n.min(len_i)
    };
    usize::try_from(at).unwrap_or(0)
}

pub(super) fn take(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("take", args, 2, 2)?;
    let args = count_first(args);
    let n = count_arg("take", &args[0])?;
    let mut items = collect(&args[1])?;
    items.truncate(slice_point(items.len(), n));
    Ok(Value::array(items))
}

pub(super) fn drop(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("drop", args, 2, 2)?;
    let args = count_first(args);
    let n = count_arg("drop", &args[0])?;
    let mut items = collect(&args[1])?;
    let at = slice_point(items.len(), n);
    Ok(Value::array(items.split_off(at)))
}

pub(super) fn chunk(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("chunk", args, 2, 2)?;
    let args = count_first(args);
    let size = count_arg("chunk", &args[0])?;
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| RtError::value_error("functional.chunk() size must be positive"))?;
    let items = collect(&args[1])?;
    Ok(Value::array(
        items
            .chunks(size)
            .map(|c| Value::array(c.to_vec()))
            .collect(),
    ))
}

/// One level: array elements are spliced in, other elements kept.
pub(super) fn flatten(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("flatten", args, 1, 1)?;
    let mut out = Vec::new();
    for item in collect(&args[0])? {
        match &item {
            Value::Array(inner) => out.extend(inner.borrow().iter().cloned()),
            _ => out.push(item),
        }
    }
    Ok(Value::array(out))
}

pub(super) fn unique(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("unique", args, 1, 1)?;
    Ok(Value::array(unique_values(collect(&args[0])?)))
}

/// A hashable identity for values that have one; numbers that compare
/// equal (`1`, `1.0`, `true`) share it, as in a Python set.
#[derive(PartialEq, Eq, Hash)]
enum Seen {
    Int(i64),
    Float(u64),
    Str(String),
}

fn seen_key(v: &Value) -> Option<Seen> {
    match v {
        Value::Int(i) => Some(Seen::Int(*i)),
        Value::Bool(b) => Some(Seen::Int(i64::from(*b))),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(Seen::Int(*f as i64)),
        // nan != nan, so every nan is kept (as Python does for distinct nans).
        Value::Float(f) if f.is_nan() => None,
        Value::Float(f) => Some(Seen::Float(f.to_bits())),
        Value::Str(s) => Some(Seen::Str(s.as_str().to_string())),
        _ => None,
    }
}

/// First occurrences in order. Numbers and strings are found by hashing;
/// other values (arrays, objects...) by equality with the earlier ones.
pub fn unique_values(items: Vec<Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    let mut others: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let fresh = match seen_key(&item) {
            Some(key) => seen.insert(key),
            None if matches!(item, Value::Float(_)) => true,
            None => {
                let fresh = !others.iter().any(|o| equals(o, &item));
                if fresh {
                    others.push(item.clone());
                }
                fresh
            }
        };
        if fresh {
            out.push(item);
        }
    }
    out
}

pub(super) fn reverse(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("reverse", args, 1, 1)?;
    let mut items = collect(&args[0])?;
    items.reverse();
    Ok(Value::array(items))
}

pub(super) fn sort(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("sort", args, 1, 2)?;
    let reverse = opt_arg(args, 1).is_some_and(Value::truthy);
    sort_values(collect(&args[0])?, reverse).map(Value::array)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::ints;

    #[test]
    fn slice_points_follow_python() {
        assert_eq!(slice_point(5, 2), 2);
        assert_eq!(slice_point(5, 10), 5);
        assert_eq!(slice_point(5, -1), 4);
        assert_eq!(slice_point(5, -10), 0);
        assert_eq!(slice_point(0, 3), 0);
    }

    #[test]
    fn unique_keeps_first_occurrences() {
        let items = vec![
            Value::Int(1),
            Value::Float(1.0),
            Value::str("a"),
            Value::Int(2),
            Value::str("a"),
            Value::array(vec![Value::Int(1)]),
            Value::array(vec![Value::Int(1)]),
            Value::Bool(true),
        ];
        let out = unique_values(items);
        assert_eq!(out.len(), 4);
        assert!(matches!(out[0], Value::Int(1)));
        assert_eq!(out[1].as_str(), Some("a"));
        assert_eq!(ints(&out[2..3]), vec![2]);
        assert!(matches!(out[3], Value::Array(_)));
    }
}
