//! One collection over a set of tracked containers, by trial deletion:
//! references that tracked containers hold to each other are subtracted from
//! the reference counts; what keeps a count above zero is held from outside
//! the set (a variable, the VM stack, a native's Rust locals, a module, an
//! untracked value) and is alive together with everything it reaches. The
//! rest can only be reached from itself: garbage. It is broken by taking the
//! contents out of its containers, and ordinary reference counting then
//! frees it.
//!
//! Nothing here needs to know the roots, so the VM and natives keep their
//! references however they like; the only rule is that a container whose
//! contents are being written (mutably borrowed) cannot be read, so it is
//! taken to be held from outside.

use super::Tracked;
use crate::lang::value::{Closure, Globals, Object, Value};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// A tracked container held strongly for the length of a collection.
enum Node {
    Array(Rc<RefCell<Vec<Value>>>),
    Object(Rc<RefCell<Object>>),
    Cell(Rc<RefCell<Value>>),
    Func(Rc<Closure>),
    Globals(Rc<Globals>),
}

fn addr<T>(rc: &Rc<T>) -> usize {
    Rc::as_ptr(rc) as *const u8 as usize
}

/// The address of the tracked container `v` refers to, if any.
fn child(v: &Value) -> Option<usize> {
    match v {
        Value::Array(r) => Some(addr(r)),
        Value::Object(r) => Some(addr(r)),
        Value::Cell(r) => Some(addr(r)),
        Value::Func(r) => Some(addr(r)),
        _ => None,
    }
}

impl Tracked {
    fn upgrade(&self) -> Option<Node> {
        Some(match self {
            Tracked::Array(w) => Node::Array(w.upgrade()?),
            Tracked::Object(w) => Node::Object(w.upgrade()?),
            Tracked::Cell(w) => Node::Cell(w.upgrade()?),
            Tracked::Func(w) => Node::Func(w.upgrade()?),
            Tracked::Globals(w) => Node::Globals(w.upgrade()?),
        })
    }
}

impl Node {
    fn addr(&self) -> usize {
        match self {
            Node::Array(r) => addr(r),
            Node::Object(r) => addr(r),
            Node::Cell(r) => addr(r),
            Node::Func(r) => addr(r),
            Node::Globals(r) => addr(r),
        }
    }

    /// Strong references other than the collection's own.
    fn holders(&self) -> usize {
        let count = match self {
            Node::Array(r) => Rc::strong_count(r),
            Node::Object(r) => Rc::strong_count(r),
            Node::Cell(r) => Rc::strong_count(r),
            Node::Func(r) => Rc::strong_count(r),
            Node::Globals(r) => Rc::strong_count(r),
        };
        count - 1
    }

    /// Calls `f` with the address of each container this one refers to
    /// (once per reference). `false` when the contents are being written
    /// and cannot be read.
    fn children(&self, mut f: impl FnMut(usize)) -> bool {
        match self {
            Node::Array(r) => match r.try_borrow() {
                Ok(items) => items.iter().filter_map(child).for_each(f),
                Err(_) => return false,
            },
            Node::Object(r) => match r.try_borrow() {
                Ok(map) => map.values().filter_map(child).for_each(f),
                Err(_) => return false,
            },
            Node::Cell(r) => match r.try_borrow() {
                Ok(v) => child(&v).into_iter().for_each(f),
                Err(_) => return false,
            },
            Node::Func(c) => {
                for up in c.upvalues.iter() {
                    f(addr(up));
                }
                f(addr(&c.globals));
            }
            Node::Globals(g) => match g.values.try_borrow() {
                Ok(values) => values.iter().filter_map(child).for_each(f),
                Err(_) => return false,
            },
        }
        true
    }

    /// Move the contents of a garbage container into `out`. Closures are
    /// immutable; every cycle through one also passes through a container
    /// that is cleared (a closure can only refer to what existed before it).
    fn clear(&self, out: &mut Vec<Value>) {
        match self {
            Node::Array(r) => {
                if let Ok(mut items) = r.try_borrow_mut() {
                    out.append(&mut items);
                }
            }
            Node::Object(r) => {
                if let Ok(mut map) = r.try_borrow_mut() {
                    out.extend(std::mem::take(&mut *map).into_values());
                }
            }
            Node::Cell(r) => {
                if let Ok(mut v) = r.try_borrow_mut() {
                    out.push(std::mem::take(&mut *v));
                }
            }
            Node::Func(_) => {}
            // Slots keep their indexes: compiled code addresses them.
            Node::Globals(g) => {
                if let Ok(mut values) = g.values.try_borrow_mut() {
                    out.extend(values.iter_mut().map(|v| std::mem::replace(v, Value::Undef)));
                }
            }
        }
    }

    fn downgrade(&self) -> Tracked {
        match self {
            Node::Array(r) => Tracked::Array(Rc::downgrade(r)),
            Node::Object(r) => Tracked::Object(Rc::downgrade(r)),
            Node::Cell(r) => Tracked::Cell(Rc::downgrade(r)),
            Node::Func(r) => Tracked::Func(Rc::downgrade(r)),
            Node::Globals(r) => Tracked::Globals(Rc::downgrade(r)),
        }
    }
}

/// What one collection did.
pub(super) struct Outcome {
    /// The containers still alive, to be tracked on.
    pub survivors: Vec<Tracked>,
    /// Containers found to be garbage and broken up.
    pub freed: usize,
}

/// Collect the garbage among `set`. References from containers outside the
/// set count as outside holders, so collecting a part of the heap (the
/// young containers) is safe; it only finds less.
pub(super) fn collect(set: Vec<Tracked>) -> Outcome {
    // Dead handles are dropped here, which frees their allocations.
    let mut index: FxHashMap<usize, u32> = FxHashMap::default();
    index.reserve(set.len());
    let mut nodes = Vec::with_capacity(set.len());
    for node in set.iter().filter_map(Tracked::upgrade) {
        // A container registered twice would have its references
        // subtracted twice; keep one entry.
        if let std::collections::hash_map::Entry::Vacant(e) = index.entry(node.addr()) {
            e.insert(nodes.len() as u32);
            nodes.push(node);
        }
    }
    drop(set);

    // Outside holders: the count minus the references from the set.
    let mut outside: Vec<isize> = nodes.iter().map(|n| n.holders() as isize).collect();
    let mut held = vec![false; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        let readable = node.children(|a| {
            if let Some(&j) = index.get(&a) {
                outside[j as usize] -= 1;
            }
        });
        if !readable {
            held[i] = true;
        }
    }
    // A negative count would mean a reference was subtracted that the
    // count never had: the collection cannot be trusted, so free nothing.
    if outside.iter().any(|&n| n < 0) {
        debug_assert!(false, "cycle collector: negative outside count");
        return Outcome {
            survivors: nodes.iter().map(Node::downgrade).collect(),
            freed: 0,
        };
    }

    // Everything reachable from an outside-held container is alive.
    let mut stack: Vec<u32> = Vec::new();
    for (i, h) in held.iter_mut().enumerate() {
        if outside[i] > 0 {
            *h = true;
        }
        if *h {
            stack.push(i as u32);
        }
    }
    drop(outside);
    while let Some(i) = stack.pop() {
        nodes[i as usize].children(|a| {
            if let Some(&j) = index.get(&a) {
                if !held[j as usize] {
                    held[j as usize] = true;
                    stack.push(j);
                }
            }
        });
    }
    drop(index);

    // Break the garbage. Its contents are dropped only after every garbage
    // container has been emptied, while the collection still holds them all,
    // so no container is freed halfway through.
    let mut contents = Vec::new();
    let mut freed = 0;
    for (node, alive) in nodes.iter().zip(&held) {
        if !alive {
            node.clear(&mut contents);
            freed += 1;
        }
    }
    drop(contents);
    let survivors = nodes
        .iter()
        .zip(&held)
        .filter(|(_, alive)| **alive)
        .map(|(n, _)| n.downgrade())
        .collect();
    drop(nodes);
    Outcome { survivors, freed }
}
