//! The `collections` module (spec 5.4): array-first helpers that never
//! mutate their input.
//!
//! Every function takes the array first and returns a new array (or a
//! value read from it); `removeAt` with a bad index hands back the input
//! itself, as the reference does. Index arguments follow Python's slicing
//! rules because the reference is written with slices: `get(a, -1)` is the
//! last element, `take(a, -1)` is all but the last. Arrays are snapshotted
//! before any callback runs, so a callback that mutates the input cannot
//! disturb the loop.

use super::{functions, Row};
use crate::lang::access::slice_positions;
use crate::lang::builtins::{
    expect_args, int_arg, int_value, merge_sort, opt_arg, sort_values, Qualified,
};
use crate::lang::error::RtError;
use crate::lang::ops::{equals, sort_cmp};
use crate::lang::value::{Key, NativeResult, Value};
use crate::lang::vm::{Moving, Vm};
use rustc_hash::FxHashSet;
use std::cell::RefCell;
use std::rc::Rc;

const READ: &[&str] = &["collections.read"];
const TRANSFORM: &[&str] = &["collections.transform"];

/// The reference splits its functions into reading (`collections.read`)
/// and building new arrays (`collections.transform`).
fn capabilities(name: &str) -> &'static [&'static str] {
    const READERS: &[&str] = &[
        "contains", "every", "find", "first", "get", "indexOf", "index_of", "isEmpty", "is_empty",
        "last", "length", "some",
    ];
    if READERS.contains(&name) {
        READ
    } else {
        TRANSFORM
    }
}

const ROWS: &[Row] = &[
    (
        "append",
        append,
        "append(a, v): new array with v added at the end",
    ),
    (
        "chunk",
        chunk,
        "chunk(a, size): arrays of size elements (the last may be shorter); [] when size <= 0",
    ),
    (
        "concat",
        concat,
        "concat(a, b): new array of a's elements then b's",
    ),
    (
        "contains",
        contains,
        "contains(a, v): whether some element equals v",
    ),
    (
        "drop",
        drop,
        "drop(a, n): a without its first n elements (Python a[n:])",
    ),
    (
        "every",
        every,
        "every(a, pred): whether pred is truthy for every element",
    ),
    (
        "filter",
        filter,
        "filter(a, pred): new array of the elements for which pred is truthy",
    ),
    (
        "find",
        find,
        "find(a, pred): first element for which pred is truthy, or null",
    ),
    (
        "first",
        first,
        "first(a): the first element, or null if a is empty",
    ),
    (
        "flatten",
        flatten,
        "flatten(a): flattens one level of nested arrays",
    ),
    (
        "get",
        get,
        "get(a, i): element i (negative counts from the end), or null when out of range",
    ),
    (
        "indexOf",
        index_of,
        "indexOf(a, v): index of the first element equal to v, or -1",
    ),
    (
        "index_of",
        index_of,
        "index_of(a, v): index of the first element equal to v, or -1",
    ),
    ("isEmpty", is_empty, "isEmpty(a): whether a has no elements"),
    (
        "is_empty",
        is_empty,
        "is_empty(a): whether a has no elements",
    ),
    (
        "last",
        last,
        "last(a): the last element, or null if a is empty",
    ),
    ("length", length, "length(a): number of elements"),
    ("map", map, "map(a, f): new array of f(x) for each element"),
    (
        "prepend",
        prepend,
        "prepend(a, v): new array with v added at the front",
    ),
    (
        "reduce",
        reduce,
        "reduce(a, f, initial): left fold acc = f(acc, x) starting from initial",
    ),
    (
        "removeAt",
        remove_at,
        "removeAt(a, i): new array without element i; a itself when i is out of range",
    ),
    (
        "remove_at",
        remove_at,
        "remove_at(a, i): new array without element i; a itself when i is out of range",
    ),
    ("reverse", reverse, "reverse(a): new array in reverse order"),
    (
        "slice",
        slice,
        "slice(a, start, end?): new array a[start:end] (Python slice rules)",
    ),
    (
        "some",
        some,
        "some(a, pred): whether pred is truthy for some element",
    ),
    (
        "sort",
        sort,
        "sort(a, reverse?): new sorted array, like the builtin sorted",
    ),
    (
        "sortBy",
        sort_by,
        "sortBy(a, keyFn, reverse?): new array sorted (stably) by keyFn(x)",
    ),
    (
        "take",
        take,
        "take(a, n): the first n elements (Python a[:n])",
    ),
    (
        "unique",
        unique,
        "unique(a): elements without repeats, first occurrences in order",
    ),
    (
        "zip",
        zip,
        "zip(a, b): array of [a[i], b[i]] pairs, as long as the shorter input",
    ),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("collections", ROWS, capabilities)
}

// ---------------------------------------------------------------------------
// Argument helpers

fn expect(name: &str, args: &[Value], min: usize, max: usize) -> Result<(), RtError> {
    expect_args(Qualified("collections", name), args, min, max)
}

/// The array argument at `i` (a TypeError for anything else).
fn array_at<'a>(
    name: &str,
    args: &'a [Value],
    i: usize,
) -> Result<&'a Rc<RefCell<Vec<Value>>>, RtError> {
    match args.get(i) {
        Some(Value::Array(items)) => Ok(items),
        other => Err(RtError::type_error(format!(
            "collections.{name}() argument {} must be an array, not '{}'",
            i + 1,
            other.map_or("null", Value::type_name)
        ))),
    }
}

/// A snapshot of the array argument at `i`.
fn items_at(name: &str, args: &[Value], i: usize) -> Result<Vec<Value>, RtError> {
    Ok(array_at(name, args, i)?.borrow().clone())
}

/// The function argument at `i` (a TypeError for anything else).
fn func_at(name: &str, args: &[Value], i: usize) -> Result<Value, RtError> {
    match args.get(i) {
        Some(f) if f.is_callable() => Ok(f.clone()),
        other => Err(RtError::type_error(format!(
            "collections.{name}() argument {} must be a function, not '{}'",
            i + 1,
            other.map_or("null", Value::type_name)
        ))),
    }
}

/// The `(array, function)` pair of a callback function.
fn items_and_func(name: &str, args: &[Value]) -> Result<(Vec<Value>, Value), RtError> {
    expect(name, args, 2, 2)?;
    Ok((items_at(name, args, 0)?, func_at(name, args, 1)?))
}

/// Python's `a[start:end]` of the array argument.
fn sliced(name: &str, args: &[Value], start: &Value, end: &Value) -> NativeResult {
    let items = array_at(name, args, 0)?.borrow();
    let positions = slice_positions(items.len(), start, end, &Value::Null)?;
    Ok(Value::array(
        positions.iter().map(|i| items[*i].clone()).collect(),
    ))
}

/// Python's index rule: negative counts from the end; `None` when outside.
fn python_index(len: usize, i: i64) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let i = if i < 0 { i.checked_add(len)? } else { i };
    if (0..len).contains(&i) {
        usize::try_from(i).ok()
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Reading

fn length(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("length", args, 1, 1)?;
    Ok(int_value(array_at("length", args, 0)?.borrow().len()))
}

fn is_empty(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("isEmpty", args, 1, 1)?;
    Ok(Value::Bool(
        array_at("isEmpty", args, 0)?.borrow().is_empty(),
    ))
}

fn get(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("get", args, 2, 2)?;
    let items = array_at("get", args, 0)?.borrow();
    let i = int_arg("collections.get", &args[1])?;
    Ok(python_index(items.len(), i).map_or(Value::Null, |i| items[i].clone()))
}

fn first(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("first", args, 1, 1)?;
    Ok(array_at("first", args, 0)?
        .borrow()
        .first()
        .cloned()
        .unwrap_or_default())
}

fn last(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("last", args, 1, 1)?;
    Ok(array_at("last", args, 0)?
        .borrow()
        .last()
        .cloned()
        .unwrap_or_default())
}

/// Position of the first element equal to `v` (ML `==`).
fn position(items: &[Value], v: &Value) -> Option<usize> {
    items.iter().position(|x| equals(x, v))
}

fn contains(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("contains", args, 2, 2)?;
    let items = array_at("contains", args, 0)?.borrow();
    Ok(Value::Bool(position(&items, &args[1]).is_some()))
}

fn index_of(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("indexOf", args, 2, 2)?;
    let items = array_at("indexOf", args, 0)?.borrow();
    Ok(position(&items, &args[1]).map_or(Value::Int(-1), int_value))
}

// ---------------------------------------------------------------------------
// New arrays from old

fn append(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("append", args, 2, 2)?;
    let mut items = items_at("append", args, 0)?;
    items.push(args[1].clone());
    Ok(Value::array(items))
}

fn prepend(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("prepend", args, 2, 2)?;
    let mut items = vec![args[1].clone()];
    items.extend(array_at("prepend", args, 0)?.borrow().iter().cloned());
    Ok(Value::array(items))
}

fn concat(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("concat", args, 2, 2)?;
    let mut items = items_at("concat", args, 0)?;
    items.extend(array_at("concat", args, 1)?.borrow().iter().cloned());
    Ok(Value::array(items))
}

fn slice(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("slice", args, 2, 3)?;
    let end = args.get(2).cloned().unwrap_or_default();
    sliced("slice", args, &args[1], &end)
}

fn take(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("take", args, 2, 2)?;
    sliced("take", args, &Value::Null, &args[1])
}

fn drop(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("drop", args, 2, 2)?;
    sliced("drop", args, &args[1], &Value::Null)
}

fn reverse(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("reverse", args, 1, 1)?;
    let mut items = items_at("reverse", args, 0)?;
    items.reverse();
    Ok(Value::array(items))
}

/// [REF] only `0 <= i < len` removes; anything else (negative indices
/// included) returns the input array itself.
fn remove_at(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("removeAt", args, 2, 2)?;
    let i = int_arg("collections.removeAt", &args[1])?;
    let mut items = items_at("removeAt", args, 0)?;
    match usize::try_from(i).ok().filter(|i| *i < items.len()) {
        Some(i) => {
            items.remove(i);
            Ok(Value::array(items))
        }
        None => Ok(args[0].clone()),
    }
}

fn flatten(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("flatten", args, 1, 1)?;
    let mut out = Vec::new();
    for item in items_at("flatten", args, 0)? {
        match &item {
            Value::Array(inner) => out.extend(inner.borrow().iter().cloned()),
            _ => out.push(item),
        }
    }
    Ok(Value::array(out))
}

fn zip(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("zip", args, 2, 2)?;
    let (a, b) = (items_at("zip", args, 0)?, items_at("zip", args, 1)?);
    let pairs = a.into_iter().zip(b).map(|(x, y)| Value::array(vec![x, y]));
    Ok(Value::array(pairs.collect()))
}

fn chunk(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("chunk", args, 2, 2)?;
    let size = int_arg("collections.chunk", &args[1])?;
    let items = items_at("chunk", args, 0)?;
    let Some(size) = usize::try_from(size).ok().filter(|s| *s > 0) else {
        return Ok(Value::array(Vec::new()));
    };
    let chunks = items.chunks(size).map(|c| Value::array(c.to_vec()));
    Ok(Value::array(chunks.collect()))
}

/// A hashable stand-in for values that can be equal only to values of the
/// same stand-in (strings, ints, booleans, integral floats: `1 == 1.0 ==
/// true`); everything else is compared pairwise.
fn unique_key(v: &Value) -> Option<Key> {
    match v {
        Value::Bool(b) => Some(Key::Int(i64::from(*b))),
        Value::Str(_) | Value::Int(_) | Value::Float(_) => Key::from_value(v).ok(),
        _ => None,
    }
}

/// Linear in the hashable elements; other elements (arrays, objects,
/// non-integral floats...) are checked against the kept ones with `==`.
#[expect(
    clippy::mutable_key_type,
    reason = "a key's only interior mutability is its string's cached hash, computed once from text that never changes"
)]
fn unique(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("unique", args, 1, 1)?;
    let mut seen = FxHashSet::default();
    let mut others: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    for item in items_at("unique", args, 0)? {
        let fresh = match unique_key(&item) {
            Some(key) => seen.insert(key),
            None if position(&others, &item).is_some() => false,
            None => {
                others.push(item.clone());
                true
            }
        };
        if fresh {
            out.push(item);
        }
    }
    Ok(Value::array(out))
}

fn sort(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("sort", args, 1, 2)?;
    let reverse = opt_arg(args, 1).is_some_and(Value::truthy);
    sort_values(items_at("sort", args, 0)?, reverse).map(Value::array)
}

/// Keys are computed once per element; the sort is stable in both
/// directions (equal keys keep their order, as Python's `reverse=True`).
fn sort_by(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("sortBy", args, 2, 3)?;
    let items = items_at("sortBy", args, 0)?;
    let key_fn = func_at("sortBy", args, 1)?;
    let reverse = opt_arg(args, 2).is_some_and(Value::truthy);
    let key_fn = vm.callback(&key_fn, 1)?;
    let mut keyed = Vec::with_capacity(items.len());
    // By reference: each clone is one whole-value read of the snapshot
    // (see `Vm::call_back_from`).
    for item in &items {
        keyed.push((vm.call_back(&key_fn, [item.clone()])?, item.clone()));
    }
    let mut cmp = |a: &(Value, Value), b: &(Value, Value)| {
        sort_cmp(&a.0, &b.0).map(|o| if reverse { o.reverse() } else { o })
    };
    let sorted = merge_sort(keyed, &mut cmp)?;
    Ok(Value::array(sorted.into_iter().map(|(_, v)| v).collect()))
}

// ---------------------------------------------------------------------------
// Callbacks

fn map(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (items, f) = items_and_func("map", args)?;
    let f = vm.callback(&f, 1)?;
    vm.map_values(&f, items).map(Value::array)
}

fn filter(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (items, pred) = items_and_func("filter", args)?;
    let pred = vm.callback(&pred, 1)?;
    vm.filter_values(&pred, items).map(Value::array)
}

fn find(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (items, pred) = items_and_func("find", args)?;
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

/// `initial` is required [REF]: the fold of an empty array is `initial`.
fn reduce(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("reduce", args, 3, 3)?;
    let items = items_at("reduce", args, 0)?;
    let f = func_at("reduce", args, 1)?;
    let f = vm.callback(&f, 2)?;
    vm.fold_values(&f, args[2].clone(), Moving::new(items))
}

fn every(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (items, pred) = items_and_func("every", args)?;
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

fn some(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (items, pred) = items_and_func("some", args)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_by_function() {
        assert_eq!(capabilities("get"), READ);
        assert_eq!(capabilities("map"), TRANSFORM);
    }

    #[test]
    fn python_indices() {
        assert_eq!(python_index(3, 0), Some(0));
        assert_eq!(python_index(3, -1), Some(2));
        assert_eq!(python_index(3, -4), None);
        assert_eq!(python_index(3, 3), None);
        assert_eq!(python_index(0, i64::MIN), None);
    }

    #[test]
    fn unique_keys_follow_equality() {
        assert_eq!(unique_key(&Value::Bool(true)), unique_key(&Value::Int(1)));
        assert_eq!(unique_key(&Value::Float(1.0)), unique_key(&Value::Int(1)));
        assert!(unique_key(&Value::Float(1.5)).is_none());
        assert!(unique_key(&Value::Null).is_none());
    }
}
