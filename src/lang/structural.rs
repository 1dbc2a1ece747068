//! `==` and `<` between arrays and objects of any nesting depth, with an
//! explicit work list instead of Rust recursion (a 20-million-level array
//! compares like a flat one), and without looping forever on containers that
//! contain themselves: a pair of containers met again while it is still being
//! compared is taken as equal, which makes two self-containing structures of
//! the same shape equal (and a container always equals itself).

use super::error::RtError;
use super::ops::{compare, equals};
use super::value::{ObjRef, Value};
use rustc_hash::FxHashSet;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

/// Pairs compared before the walk starts remembering pairs (a cycle only
/// shows up after some repetition, and small values never pay for the set).
const REMEMBER_AFTER: usize = 64;

type Array = Rc<RefCell<Vec<Value>>>;
type Map = ObjRef;

fn id<T>(rc: &Rc<T>) -> usize {
    Rc::as_ptr(rc) as *const u8 as usize
}

fn obj_id(rc: &Map) -> usize {
    ObjRef::as_ptr(rc) as usize
}

/// A pair of containers still to compare.
enum Pair {
    Arrays(Array, Array),
    Objects(Map, Map),
}

/// Queue `(u, v)` if both are containers of one kind; otherwise compare
/// them on the spot (`Some(false)` when they differ).
fn queue_or_compare(u: &Value, v: &Value, work: &mut Vec<Pair>) -> bool {
    match (u, v) {
        (Value::Array(p), Value::Array(q)) => {
            if !Rc::ptr_eq(p, q) {
                work.push(Pair::Arrays(p.clone(), q.clone()));
            }
            true
        }
        (Value::Object(p), Value::Object(q)) => {
            if !ObjRef::ptr_eq(p, q) {
                work.push(Pair::Objects(p.clone(), q.clone()));
            }
            true
        }
        _ => equals(u, v),
    }
}

/// `a == b` for two arrays or two objects.
pub fn containers_equal(a: &Value, b: &Value) -> bool {
    let mut work = Vec::new();
    if !queue_or_compare(a, b, &mut work) {
        return false;
    }
    let mut seen: FxHashSet<(usize, usize)> = FxHashSet::default();
    let mut steps = 0usize;
    while let Some(pair) = work.pop() {
        steps += 1;
        match pair {
            Pair::Arrays(p, q) => {
                if steps > REMEMBER_AFTER && !seen.insert((id(&p), id(&q))) {
                    continue;
                }
                let (p, q) = (p.borrow(), q.borrow());
                if p.len() != q.len() {
                    return false;
                }
                for (u, v) in p.iter().zip(q.iter()) {
                    if !queue_or_compare(u, v, &mut work) {
                        return false;
                    }
                }
            }
            Pair::Objects(p, q) => {
                if steps > REMEMBER_AFTER && !seen.insert((obj_id(&p), obj_id(&q))) {
                    continue;
                }
                let (p, q) = (p.borrow(), q.borrow());
                if p.len() != q.len() {
                    return false;
                }
                for (k, u) in p.iter() {
                    match q.get(&k.as_ref()) {
                        Some(v) if queue_or_compare(u, v, &mut work) => {}
                        _ => return false,
                    }
                }
            }
        }
    }
    true
}

/// An array pair being compared element by element.
struct Frame {
    x: Array,
    y: Array,
    next: usize,
    /// Whether this pair is in the set of pairs on the current path.
    remembered: bool,
}

/// `a < b` and friends for two arrays: lexicographic, each element pair
/// decided by `==` first and by ordering at the first unequal pair (nested
/// arrays are walked in the same pass rather than compared twice).
pub fn compare_arrays(a: &Array, b: &Array) -> Result<Option<Ordering>, RtError> {
    if let Some(decided) = compare_flat(a, b) {
        return decided;
    }
    let mut path: Vec<Frame> = vec![Frame {
        x: a.clone(),
        y: b.clone(),
        next: 0,
        remembered: false,
    }];
    let mut open: FxHashSet<(usize, usize)> = FxHashSet::default();
    while let Some(top) = path.last_mut() {
        let i = top.next;
        let pair = {
            let (x, y) = (top.x.borrow(), top.y.borrow());
            match (x.get(i), y.get(i)) {
                (Some(u), Some(v)) => Ok((u.clone(), v.clone())),
                _ => Err(x.len().cmp(&y.len())),
            }
        };
        let (u, v) = match pair {
            Ok(pair) => pair,
            Err(Ordering::Equal) => {
                if top.remembered {
                    open.remove(&(id(&top.x), id(&top.y)));
                }
                path.pop();
                continue;
            }
            Err(unequal) => return Ok(Some(unequal)),
        };
        top.next += 1;
        match (&u, &v) {
            (Value::Array(p), Value::Array(q)) => {
                if Rc::ptr_eq(p, q) {
                    continue;
                }
                let remembered = path.len() > REMEMBER_AFTER;
                if remembered && !open.insert((id(p), id(q))) {
                    // Met again on its own path: equal so far, as for `==`.
                    continue;
                }
                path.push(Frame {
                    x: p.clone(),
                    y: q.clone(),
                    next: 0,
                    remembered,
                });
            }
            _ if equals(&u, &v) => {}
            _ => return compare(&u, &v),
        }
    }
    Ok(Some(Ordering::Equal))
}

/// [`compare_arrays`] without the walk's allocations, for the common case
/// of rows of plain values (`sorted` on `[count, word]` pairs): `None` as
/// soon as two arrays meet at the same index, which the walk then handles.
/// Comparing plain values runs no ML code, so both stay borrowed.
fn compare_flat(a: &Array, b: &Array) -> Option<Result<Option<Ordering>, RtError>> {
    let (x, y) = (a.borrow(), b.borrow());
    for (u, v) in x.iter().zip(y.iter()) {
        match (u, v) {
            // Ints and strings (the usual row fields) decide here, as
            // `equals` then `compare` would.
            (Value::Int(p), Value::Int(q)) if p != q => return Some(Ok(Some(p.cmp(q)))),
            (Value::Str(p), Value::Str(q)) if !Rc::ptr_eq(p, q) => match p.cmp_text(q) {
                Ordering::Equal => {}
                unequal => return Some(Ok(Some(unequal))),
            },
            (Value::Array(_), Value::Array(_)) => return None,
            _ if equals(u, v) => {}
            _ => return Some(compare(u, v)),
        }
    }
    Some(Ok(Some(x.len().cmp(&y.len()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize, leaf: i64) -> Value {
        let mut v = Value::array(vec![Value::Int(leaf)]);
        for _ in 0..depth {
            v = Value::array(vec![v]);
        }
        v
    }

    fn self_holding(first: i64) -> Value {
        let a = Value::array(vec![Value::Int(first)]);
        if let Value::Array(items) = &a {
            items.borrow_mut().push(a.clone());
        }
        a
    }

    fn break_cycle(v: &Value) {
        if let Value::Array(items) = v {
            items.borrow_mut().clear();
        }
    }

    #[test]
    fn deep_values_compare_without_recursion() {
        let (a, b, c) = (nested(200_000, 1), nested(200_000, 1), nested(200_000, 2));
        assert!(equals(&a, &b));
        assert!(!equals(&a, &c));
        let (Value::Array(x), Value::Array(z)) = (&a, &c) else {
            unreachable!()
        };
        assert_eq!(compare_arrays(x, z).unwrap(), Some(Ordering::Less));
        assert_eq!(compare_arrays(z, x).unwrap(), Some(Ordering::Greater));
    }

    #[test]
    fn self_holding_values_terminate() {
        let (a, b, c) = (self_holding(1), self_holding(1), self_holding(2));
        assert!(equals(&a, &a));
        assert!(equals(&a, &b));
        assert!(!equals(&a, &c));
        let (Value::Array(x), Value::Array(y)) = (&a, &b) else {
            unreachable!()
        };
        assert_eq!(compare_arrays(x, y).unwrap(), Some(Ordering::Equal));
        for v in [&a, &b, &c] {
            break_cycle(v);
        }
    }
}
