//! Array methods: `a.append(x)`, `a.pop()`, `a.sort()`, ...
//!
//! No method runs ML code, so shared borrows of an array may be held while
//! comparing its elements; mutable borrows are taken only after everything
//! that reads (possibly the same array, as in `a.extend(a)`) is done.

use super::{no_args, no_method, window_args, Method, Table};
use crate::lang::builtins::{expect_args, int_arg, opt_arg, sort_values};
use crate::lang::error::RtError;
use crate::lang::gc;
use crate::lang::iter::collect;
use crate::lang::ops::equals;
use crate::lang::value::{NativeResult, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// The array methods, one row each, ordered by [`super::row_order`] for
/// the lookup in [`call_array_method`]; listings sort them by name.
pub(super) static METHODS: Table<ArrayMethod> = Table::new(&[
    Method {
        name: "pop",
        call: pop,
        doc: "pop(i?): removes and returns the last (or i-th) element",
    },
    Method {
        name: "copy",
        call: |items, a| no_args("copy", a).map(|_| Value::array(items.borrow().clone())),
        doc: "copy(): a new array with the same elements",
    },
    Method {
        name: "sort",
        call: sort,
        doc: "sort(reverse?): sorts the array in place (stable)",
    },
    Method {
        name: "clear",
        call: clear,
        doc: "clear(): removes every element",
    },
    Method {
        name: "count",
        call: count_of,
        doc: "count(x): how many elements equal x",
    },
    Method {
        name: "index",
        call: index_of,
        doc: "index(x, start?, end?): the position of the first element equal to x, else a ValueError",
    },
    Method {
        name: "append",
        call: append,
        doc: "append(x): adds x at the end",
    },
    Method {
        name: "extend",
        call: extend,
        doc: "extend(items): adds every element of items at the end",
    },
    Method {
        name: "insert",
        call: insert,
        doc: "insert(i, x): inserts x before position i (clamped to the ends)",
    },
    Method {
        name: "remove",
        call: remove,
        doc: "remove(x): removes the first element equal to x, else a ValueError",
    },
    Method {
        name: "reverse",
        call: |items, a| no_args("reverse", a).map(|_| items.borrow_mut().reverse()).map(|_| Value::Null),
        doc: "reverse(): reverses the array in place",
    },
]);

type Items = Rc<RefCell<Vec<Value>>>;

/// An array method: the receiver and the call's arguments.
pub(super) type ArrayMethod = fn(&Items, &[Value]) -> NativeResult;

pub(super) fn call_array_method(items: &Items, name: &str, args: &[Value]) -> NativeResult {
    match METHODS.find(name) {
        Some(m) => (m.call)(items, args),
        None => Err(no_method(&Value::Array(items.clone()), name)),
    }
}

fn clear(items: &Items, args: &[Value]) -> NativeResult {
    no_args("clear", args)?;
    // Dropping the old elements can run no ML code, but take them out
    // first anyway so no borrow is held while they are freed.
    let old = std::mem::take(&mut *items.borrow_mut());
    drop(old);
    Ok(Value::Null)
}

fn append(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("append", args, 1, 1)?;
    gc::write_barrier(items, &args[0]);
    items.borrow_mut().push(args[0].clone());
    Ok(Value::Null)
}

fn extend(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("extend", args, 1, 1)?;
    // Collected first, so `a.extend(a)` doubles `a` instead of looping.
    let more = collect(&args[0])?;
    gc::write_barrier_all(items, &more);
    items.borrow_mut().extend(more);
    Ok(Value::Null)
}

/// `insert(i, v)`: like Python, an out-of-range index inserts at the
/// nearest end instead of failing.
fn insert(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("insert", args, 2, 2)?;
    let i = int_arg("insert", &args[0])?;
    gc::write_barrier(items, &args[1]);
    let mut items = items.borrow_mut();
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let at = if i < 0 {
        i.saturating_add(len).max(0)
    } else {
        i.min(len)
    };
    items.insert(usize::try_from(at).unwrap_or(0), args[1].clone());
    Ok(Value::Null)
}

/// The position of the first element equal to `v` in `[start, end)`.
/// (`equals` only reads, so holding a shared borrow while it runs is safe.)
fn position(items: &Items, v: &Value, start: i64, end: i64) -> Option<usize> {
    let items = items.borrow();
    let start = usize::try_from(start).unwrap_or(0);
    let end = usize::try_from(end).unwrap_or(0).min(items.len());
    (start..end).find(|&i| equals(&items[i], v))
}

fn remove(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("remove", args, 1, 1)?;
    let len = i64::try_from(items.borrow().len()).unwrap_or(i64::MAX);
    let Some(i) = position(items, &args[0], 0, len) else {
        return Err(RtError::value_error("array.remove(x): x not in array"));
    };
    let mut items = items.borrow_mut();
    if i < items.len() {
        items.remove(i);
    }
    Ok(Value::Null)
}

/// `pop(i?)`: removes and returns the last (or `i`-th) element.
fn pop(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("pop", args, 0, 1)?;
    let mut items = items.borrow_mut();
    if items.is_empty() {
        return Err(RtError::index_error("pop from empty array"));
    }
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let i = match opt_arg(args, 0) {
        Some(v) => int_arg("pop", v)?,
        None => len - 1,
    };
    let i = if i < 0 { i.saturating_add(len) } else { i };
    match usize::try_from(i) {
        Ok(i) if i < items.len() => Ok(items.remove(i)),
        _ => Err(RtError::index_error("pop index out of range")),
    }
}

fn index_of(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("index", args, 1, 3)?;
    let len = items.borrow().len();
    let (start, end) = window_args("index", args, 1, len)?;
    match position(items, &args[0], start, end) {
        Some(i) => Ok(Value::Int(i64::try_from(i).unwrap_or(i64::MAX))),
        None => Err(RtError::value_error("value is not in array")),
    }
}

fn count_of(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("count", args, 1, 1)?;
    let n = items
        .borrow()
        .iter()
        .filter(|x| equals(x, &args[0]))
        .count();
    Ok(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// `sort(reverse?)`: stable; on a TypeError the array is left unchanged.
fn sort(items: &Items, args: &[Value]) -> NativeResult {
    expect_args("sort", args, 0, 1)?;
    let reverse = opt_arg(args, 0).is_some_and(Value::truthy);
    let snapshot = items.borrow().clone();
    let sorted = sort_values(snapshot, reverse)?;
    *items.borrow_mut() = sorted;
    Ok(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::methods::tests::int_of;
    use crate::lang::test_support::array_ints as ints;

    fn arr(xs: &[i64]) -> Items {
        Rc::new(RefCell::new(xs.iter().map(|x| Value::Int(*x)).collect()))
    }

    #[test]
    fn array_mutators_return_null() {
        let a = arr(&[3, 1, 2]);
        assert!(matches!(
            call_array_method(&a, "append", &[Value::Int(4)]),
            Ok(Value::Null)
        ));
        call_array_method(&a, "insert", &[Value::Int(-1), Value::Int(9)]).unwrap();
        call_array_method(&a, "insert", &[Value::Int(100), Value::Int(8)]).unwrap();
        assert_eq!(ints(&Value::Array(a.clone())), vec![3, 1, 2, 9, 4, 8]);
        call_array_method(&a, "remove", &[Value::Int(9)]).unwrap();
        assert_eq!(int_of(call_array_method(&a, "pop", &[])), 8);
        assert_eq!(int_of(call_array_method(&a, "pop", &[Value::Int(0)])), 3);
        call_array_method(&a, "sort", &[Value::Bool(true)]).unwrap();
        assert_eq!(ints(&Value::Array(a.clone())), vec![4, 2, 1]);
        call_array_method(&a, "reverse", &[]).unwrap();
        assert_eq!(int_of(call_array_method(&a, "index", &[Value::Int(4)])), 2);
        assert_eq!(
            int_of(call_array_method(&a, "count", &[Value::Float(2.0)])),
            1
        );
        let self_ref = Value::Array(a.clone());
        call_array_method(&a, "extend", &[self_ref]).unwrap();
        assert_eq!(ints(&Value::Array(a.clone())), vec![1, 2, 4, 1, 2, 4]);
        let copy = call_array_method(&a, "copy", &[]).unwrap();
        call_array_method(&a, "clear", &[]).unwrap();
        assert!(a.borrow().is_empty());
        assert_eq!(ints(&copy).len(), 6);
    }

    #[test]
    fn array_errors() {
        let a = arr(&[]);
        assert_eq!(
            call_array_method(&a, "pop", &[]).unwrap_err().type_name(),
            "IndexError"
        );
        assert_eq!(
            call_array_method(&a, "remove", &[Value::Int(1)])
                .unwrap_err()
                .type_name(),
            "ValueError"
        );
        let mixed = Rc::new(RefCell::new(vec![Value::Int(1), Value::str("a")]));
        assert_eq!(
            call_array_method(&mixed, "sort", &[])
                .unwrap_err()
                .type_name(),
            "TypeError"
        );
        assert_eq!(mixed.borrow().len(), 2);
        assert_eq!(
            call_array_method(&a, "push", &[]).unwrap_err().message(),
            "'array' object has no method 'push'"
        );
    }
}
