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

use super::handle::{Tracked, View};
use crate::lang::object::cell::{CellBox, CellWeak};
use crate::lang::value::{Closure, Globals, ObjRef, Object, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// A tracked container held strongly, while it is being emptied.
enum Node {
    Array(Rc<RefCell<Vec<Value>>>),
    Object(ObjRef),
    Cell(Rc<RefCell<Value>>),
    Func(
        #[expect(
            dead_code,
            reason = "held only to keep the closure alive until the end"
        )]
        Rc<Closure>,
    ),
    Globals(Rc<Globals>),
}

fn addr<T>(rc: &Rc<T>) -> usize {
    Rc::as_ptr(rc) as *const u8 as usize
}

/// The address of the tracked container `v` refers to, if any.
fn child(v: &Value) -> Option<usize> {
    match v {
        Value::Array(r) => Some(addr(r)),
        Value::Object(r) => Some(ObjRef::as_ptr(r) as usize),
        Value::Cell(r) => Some(addr(r)),
        Value::Func(r) => Some(addr(r)),
        _ => None,
    }
}

/// Reads through a weak handle without touching the counts.
///
/// # Safety
/// The container must be alive (strong count above zero) for as long as
/// the reference is used. During the scan phases of a collection nothing
/// runs that could drop a reference, so a container alive when the
/// collection started stays alive until its garbage is emptied.
unsafe fn read<T>(w: &std::rc::Weak<T>) -> &T {
    // SAFETY: as the caller promises.
    unsafe { &*w.as_ptr() }
}

/// [`read`] for an object's handle.
///
/// # Safety
/// As for [`read`].
unsafe fn read_object(w: &CellWeak<Object>) -> &CellBox<Object> {
    // SAFETY: as the caller promises.
    unsafe { &*w.as_ptr() }
}

impl Tracked {
    /// Calls `f` with each value this array, object, cell or globals holds
    /// (a closure holds only cells and globals: nothing). `false` when the
    /// contents are being written and cannot be read.
    ///
    /// # Safety
    /// The container must be alive (see [`read`]).
    unsafe fn values(&self, f: impl FnMut(&Value)) -> bool {
        // SAFETY (each `read`): the caller guarantees the container lives.
        match self.view() {
            View::Array(w) => match unsafe { read(&w) }.try_borrow() {
                Ok(items) => items.iter().for_each(f),
                Err(_) => return false,
            },
            View::Object(w) => match unsafe { read_object(&w) }.try_borrow() {
                Ok(map) => map.values().for_each(f),
                Err(_) => return false,
            },
            View::Cell(w) => match unsafe { read(&w) }.try_borrow() {
                Ok(v) => std::iter::once(&*v).for_each(f),
                Err(_) => return false,
            },
            View::Func(_) => {}
            View::Globals(w) => match unsafe { read(&w) }.values.try_borrow() {
                Ok(values) => values.iter().for_each(f),
                Err(_) => return false,
            },
        }
        true
    }

    /// Calls `f` with the address of each container this one refers to
    /// (once per reference). `false` when the contents are being written
    /// and cannot be read.
    ///
    /// # Safety
    /// The container must be alive (see [`read`]).
    unsafe fn children(&self, mut f: impl FnMut(usize)) -> bool {
        if let View::Func(w) = self.view() {
            // SAFETY: the caller guarantees the closure lives.
            let c = unsafe { read(&w) };
            for up in c.upvalues.iter() {
                f(addr(up));
            }
            f(addr(&c.globals));
            return true;
        }
        // SAFETY: as the caller guarantees.
        unsafe {
            self.values(|v| {
                if let Some(a) = child(v) {
                    f(a)
                }
            })
        }
    }

    fn upgrade(&self) -> Option<Node> {
        Some(match self.view() {
            View::Array(w) => Node::Array(w.upgrade()?),
            View::Object(w) => Node::Object(w.upgrade()?),
            View::Cell(w) => Node::Cell(w.upgrade()?),
            View::Func(w) => Node::Func(w.upgrade()?),
            View::Globals(w) => Node::Globals(w.upgrade()?),
        })
    }
}

impl Node {
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
                    out.extend(
                        values
                            .iter_mut()
                            .map(|v| std::mem::replace(v, Value::Undef)),
                    );
                }
            }
        }
    }
}

/// Debug builds: every unregistered array or object that a registered
/// container refers to holds no container (else a writer skipped
/// `gc::write_barrier`, and cycles made through it would leak).
#[cfg(debug_assertions)]
fn check_unregistered(nodes: &[Tracked]) {
    use super::is_edge;
    fn check(v: &Value) {
        let edges = match v {
            Value::Array(a) if Rc::weak_count(a) == 0 => {
                a.try_borrow().is_ok_and(|items| items.iter().any(is_edge))
            }
            Value::Object(o) if ObjRef::weak_count(o) == 0 => {
                o.try_borrow().is_ok_and(|map| map.values().any(is_edge))
            }
            _ => false,
        };
        assert!(
            !edges,
            "cycle collector: an unregistered container holds a container"
        );
    }
    for node in nodes {
        // SAFETY (each `read`): every node is alive (checked by the caller)
        // and nothing has run since.
        match node.view() {
            View::Array(w) => {
                if let Ok(items) = unsafe { read(&w) }.try_borrow() {
                    items.iter().for_each(check);
                }
            }
            View::Object(w) => {
                if let Ok(map) = unsafe { read_object(&w) }.try_borrow() {
                    map.values().for_each(check);
                }
            }
            View::Cell(w) => {
                if let Ok(v) = unsafe { read(&w) }.try_borrow() {
                    check(&v);
                }
            }
            View::Func(_) => {}
            View::Globals(w) => {
                if let Ok(values) = unsafe { read(&w) }.values.try_borrow() {
                    values.iter().for_each(check);
                }
            }
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

/// Positions of the containers being collected, by address: open
/// addressing over `u32` positions into the node list, which holds the
/// addresses (4 bytes a slot at most two thirds full, where a map of address to
/// position would take 16 and more; a big collection's tables are most of
/// the memory it needs).
struct Positions {
    slots: Vec<u32>,
    shift: u32,
}

const EMPTY: u32 = u32::MAX;

impl Positions {
    fn with_capacity(n: usize) -> Positions {
        // At most two thirds full: probes stay short, and a big
        // collection's biggest table stays small.
        let size = (n + n / 2 + 1).next_power_of_two().max(16);
        Positions {
            slots: vec![EMPTY; size],
            shift: 64 - size.trailing_zeros(),
        }
    }

    #[inline]
    fn home(&self, addr: usize) -> usize {
        ((addr as u64 >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Records node `i` at `addr`; `false` if the address is there already.
    fn insert(&mut self, addr: usize, i: u32, nodes: &[Tracked]) -> bool {
        let mask = self.slots.len() - 1;
        let mut at = self.home(addr);
        loop {
            match self.slots[at] {
                EMPTY => {
                    self.slots[at] = i;
                    return true;
                }
                j if nodes[j as usize].addr() == addr => return false,
                _ => at = (at + 1) & mask,
            }
        }
    }

    #[inline]
    fn get(&self, addr: usize, nodes: &[Tracked]) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(addr);
        loop {
            match self.slots[at] {
                EMPTY => return None,
                j if nodes[j as usize].addr() == addr => return Some(j),
                _ => at = (at + 1) & mask,
            }
        }
    }
}

/// Registers what `set` reaches (see [`collect`]), adding it to `set`.
fn close(set: &mut Vec<Tracked>, read_all: bool) {
    let given = set.len();
    let mut found = Vec::new();
    let mut i = 0;
    while i < set.len() {
        let node = &set[i];
        if (read_all || i >= given || node.holds_unguarded_stores()) && node.strong() > 0 {
            // SAFETY: alive (checked just now), and registering runs
            // nothing that could drop a reference.
            unsafe {
                node.values(|v| {
                    // Only arrays and objects are registered here: the
                    // test inline, not a call for every number and string.
                    if matches!(v, Value::Array(_) | Value::Object(_)) {
                        found.extend(super::handle_if_untracked(v));
                    }
                });
            }
            set.append(&mut found);
        }
        i += 1;
    }
}

/// The live containers of `set`, each once, and their positions.
fn index(mut set: Vec<Tracked>) -> (Vec<Tracked>, Positions) {
    // Handles of dead containers are dropped here, which frees their
    // allocations.
    set.retain(|t| t.strong() > 0);
    let mut positions = Positions::with_capacity(set.len());
    let mut seen = Vec::new();
    for (i, t) in set.iter().enumerate() {
        if !positions.insert(t.addr(), i as u32, &set) {
            seen.push(i);
        }
    }
    if seen.is_empty() {
        return (set, positions);
    }
    // A container registered twice would have its references subtracted
    // twice; keep one entry.
    let mut i = 0;
    set.retain(|_| {
        i += 1;
        seen.binary_search(&(i - 1)).is_err()
    });
    index(set)
}

/// Collect the garbage among `set`. References from containers outside the
/// set count as outside holders, so collecting a part of the heap (the
/// young containers) is safe; it only finds less.
///
/// First the set is closed under reference (see the module documentation
/// of `gc`): the unregistered arrays and objects holding containers that
/// it reaches are registered and collected with it. Of the set's own
/// members, all are read when `read_all` (young ones were registered
/// without a look at what they hold), else only cells and globals (old
/// arrays and objects were read when they were young, and writes into
/// them since went through the barrier).
pub(super) fn collect(mut set: Vec<Tracked>, read_all: bool) -> Outcome {
    close(&mut set, read_all);
    let (mut nodes, positions) = index(set);

    #[cfg(debug_assertions)]
    check_unregistered(&nodes);

    // Outside holders: the count minus the references from the set (a
    // count too big for 32 bits only ever looks held).
    let mut outside: Vec<u32> = nodes
        .iter()
        .map(|n| u32::try_from(n.strong()).unwrap_or(u32::MAX))
        .collect();
    let mut held = vec![false; nodes.len()];
    let mut negative = false;
    for (i, node) in nodes.iter().enumerate() {
        // SAFETY: every node was alive above and nothing has run since.
        let readable = unsafe {
            node.children(|a| {
                if let Some(j) = positions.get(a, &nodes) {
                    let count = &mut outside[j as usize];
                    match count.checked_sub(1) {
                        Some(n) => *count = n,
                        None => negative = true,
                    }
                }
            })
        };
        if !readable {
            held[i] = true;
        }
    }
    // A negative count would mean a reference was subtracted that the
    // count never had: the collection cannot be trusted, so free nothing.
    if negative {
        debug_assert!(false, "cycle collector: negative outside count");
        return Outcome {
            survivors: nodes,
            freed: 0,
        };
    }

    // Everything reachable from an outside-held container is alive. The
    // references are found again by reading the containers rather than
    // kept from the first pass: a list of them took more memory than all
    // the other tables together, in the collections that are big.
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
        // SAFETY: as above; marking runs nothing either.
        unsafe {
            nodes[i as usize].children(|a| {
                if let Some(j) = positions.get(a, &nodes) {
                    if !held[j as usize] {
                        held[j as usize] = true;
                        stack.push(j);
                    }
                }
            });
        }
    }
    drop(stack);
    drop(positions);

    // Break the garbage. It is held strongly while being emptied, and its
    // contents are dropped only after all of it has been emptied, so no
    // container is freed halfway through. The survivors stay in place.
    // Sized up front: a filter gives `collect` no size to start from, and
    // growing the list by doubling copied it a dozen times in a
    // collection of a thousand.
    let dead = held.iter().filter(|alive| !**alive).count();
    let mut garbage: Vec<Node> = Vec::with_capacity(dead);
    garbage.extend(
        nodes
            .iter()
            .zip(&held)
            .filter(|(_, alive)| !**alive)
            .filter_map(|(node, _)| node.upgrade()),
    );
    let mut i = 0;
    nodes.retain(|_| {
        i += 1;
        held[i - 1]
    });
    drop(held);
    // Two values a container (a cell holds one, a closure none, an object
    // or array often more): a dead object with three methods over it and
    // its cell hold seven values in five containers, and a list of one a
    // container was copied twice over in each such collection.
    let mut contents = Vec::with_capacity(2 * garbage.len());
    for node in &garbage {
        node.clear(&mut contents);
    }
    drop(contents);
    let freed = garbage.len();
    drop(garbage);
    Outcome {
        survivors: nodes,
        freed,
    }
}
