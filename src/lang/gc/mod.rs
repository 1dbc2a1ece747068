//! Memory management beyond reference counting.
//!
//! Values are reference-counted, which frees everything except cycles: an
//! object whose closure captures the object, an array holding itself, a
//! module's functions and the globals that hold them. This module reclaims
//! those with a cycle collector in the manner of CPython's:
//!
//! * Every container that can be part of a cycle (closure, captured-variable
//!   cell, module globals, and an array or object that holds a container) is
//!   registered, as a `Weak` handle in a per-thread list (a handle keeps the
//!   container's allocation, not its value, until it is dropped).
//! * An array or object is not registered when it is made. Values built
//!   from older values (literals, arrays, what natives return) only refer
//!   to containers older than themselves, and references from newer to
//!   older containers alone make no cycle: every cycle passes through a
//!   store into an existing container (a field or element write, a push, a
//!   captured variable or a module global assigned). So a tree built by
//!   recursion, a linked list of literals, a record returned from a
//!   function costs the collector nothing. Every store into an existing
//!   array or object calls [`write_barrier`] (or [`write_barrier_all`]),
//!   which registers the container written and the stored one (when it
//!   can hold a container: an array or object of scalars and strings
//!   cannot be part of a cycle until a container is stored into it, which
//!   goes through the barrier again). Captured-variable cells, closures and
//!   module globals are registered when made, and their stores have no
//!   barrier: instead each collection first registers every unregistered
//!   array or object holding a container that its young containers (and
//!   the cells and globals it collects) reach, until the registered set
//!   is closed under reference. A writer that forgot the barrier would only
//!   leak the cycles made through that write, and debug builds check for
//!   it at each collection. Whether a container is registered is whether
//!   it has a weak reference: the collector alone makes weak handles to
//!   arrays and objects.
//! * New containers are "young". Every 1,024 new ones, the handles of those
//!   that died already are dropped (the newest ones each time, the whole
//!   list when it has doubled since; a dead container's handle keeps its
//!   allocation); when half the young limit (at first 4,000) is alive, the
//!   young ones are collected ([`collect`] explains how); survivors become
//!   "old". The old ones are collected together when their number has
//!   grown by half since the last time, so the work per container made
//!   stays constant and most pauses cover only the young. Their dead
//!   handles are dropped when that is checked, and also once registered
//!   containers that died (counted as they die) are half of all handles.
//! * A collection runs inside the allocation that triggers it. That is safe
//!   anywhere because trial deletion frees only containers that nothing
//!   outside them refers to: whatever Rust code is doing at that moment, it
//!   can only be holding (or borrowing through) a reference that is counted,
//!   which keeps the container and all it reaches alive; a container being
//!   written is not read and counts as held.
//!
//! [`release`] makes freeing of deeply nested values iterative.

mod collect;
mod handle;
pub(crate) mod release;

#[cfg(test)]
use crate::lang::value::KeyRef;
use crate::lang::value::{Closure, Globals, ObjRef, Value};
pub(crate) use handle::Tracked;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Young containers made between two collections: at least this many...
/// Dead cycles wait for a collection, so this bounds how many pile up (a
/// program dropping an object that closes over itself every few steps held
/// 1,000 of them, 1 MB, at 10,000). Lower is not cheaper per container:
/// the live young ones a collection meets grow old, and the dead cycles
/// among them are then met again by full collections. `bench/methods.ml`
/// (an object with three closures over it dropped every 50 steps), at
/// 2,000: 37 collections, 8 full, 5.6 MB peak; at 4,000: 15, 1 full,
/// 0.8% fewer instructions in all, 6.1 MB; at 8,000: 7, none full, 1.2%
/// fewer, 6.2-7.0 MB.
const YOUNG_LIMIT: usize = 4_000;
/// ...and at most this many. The limit doubles while most young containers
/// survive their collection (a big structure being built: collecting it
/// again and again finds nothing) and halves again when most do not.
const YOUNG_LIMIT_MAX: usize = 160_000;
/// Handles added to the young list between two prunings of its newest
/// part. A weak handle keeps its container's allocation (not the value) until
/// it is dropped; most containers die young, and pruning often gives their
/// memory back to the allocator while it is still in the cache, instead of
/// holding up to [`YOUNG_LIMIT_MAX`] dead allocations until a collection.
const PRUNE_STEP: usize = 1024;

/// What the collector has done on this thread so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Collections run (young and full).
    pub collections: u64,
    /// Of those, collections of every tracked container.
    pub full_collections: u64,
    /// Containers found in cycles and freed.
    pub freed: u64,
    /// Containers registered now (some may have died since the last
    /// collection and not been dropped from the list yet).
    pub tracked: usize,
    /// The longest single collection (wall clock).
    pub longest_pause: Duration,
    /// The longest single collection in CPU time of the thread (what it
    /// costs without other processes competing for the processor).
    pub longest_pause_cpu: Duration,
    /// All collections together.
    pub total_pause: Duration,
}

struct Heap {
    young: Vec<Tracked>,
    /// The young containers before this index were alive at the last pruning.
    young_pruned: usize,
    /// When `young` reaches this length, its unpruned part is pruned.
    young_check_at: usize,
    young_limit: usize,
    /// When `young` reaches this length, all of it is pruned.
    young_full_prune_at: usize,
    old: Vec<Tracked>,
    /// Old containers alive after the last full collection.
    old_live: usize,
    /// When `old` grows past this, dead handles are dropped from it and a
    /// full collection is considered.
    old_check_at: usize,
    /// A collection is running (nothing it does makes containers, but a
    /// nested one must never start).
    collecting: bool,
    stats: Stats,
}

thread_local! {
    /// Registered containers that died since the handle lists were last
    /// pruned whole (their allocations wait for their handles to go).
    static DEATHS: Cell<usize> = const { Cell::new(0) };
    static HEAP: RefCell<Heap> = const {
        RefCell::new(Heap {
            young: Vec::new(),
            young_pruned: 0,
            young_check_at: PRUNE_STEP,
            young_limit: YOUNG_LIMIT,
            young_full_prune_at: 2 * PRUNE_STEP,
            old: Vec::new(),
            old_live: 0,
            old_check_at: YOUNG_LIMIT,
            collecting: false,
            stats: Stats {
                collections: 0,
                full_collections: 0,
                freed: 0,
                tracked: 0,
                longest_pause: Duration::ZERO,
                longest_pause_cpu: Duration::ZERO,
                total_pause: Duration::ZERO,
            },
        })
    };
}

/// Register a new container; may run a collection.
#[inline]
fn track(t: Tracked) {
    let due = HEAP
        .try_with(|heap| {
            let mut heap = heap.borrow_mut();
            heap.young.push(t);
            heap.young.len() >= heap.young_check_at && !heap.collecting
        })
        .unwrap_or(false);
    if due {
        collect_young();
    }
}

/// Whether a container holding `v` refers to something the collector
/// follows: the values a cycle can pass through.
/// (`Array`, `Object`, `Cell`, `Func`; one bit test of the tag, as the
/// write barrier runs on every store into an array or object.)
#[inline(always)]
pub(crate) fn is_edge(v: &Value) -> bool {
    EDGE_TAGS >> (tag(v) & 31) & 1 != 0
}

/// The tag byte of a value (`Value` is `repr(u8)`: the tag is its first
/// byte, the variant's declaration index).
#[inline(always)]
fn tag(v: &Value) -> u8 {
    // SAFETY: `repr(u8)` puts the discriminant in the first byte.
    unsafe { *(v as *const Value as *const u8) }
}

/// Bit `t` set where tag `t` is a variant [`is_edge`] accepts: `Array`,
/// `Object`, `Func` and `Cell` (a test checks every kind of value against
/// its variant).
const EDGE_TAGS: u32 = 1 << 5 | 1 << 6 | 1 << 7 | 1 << 15;

/// Whether any of `values` [`is_edge`]: the scan a new array gets. Tags
/// are gathered into a bit set without a branch per value (a whole list of
/// numbers or strings is read to the end anyway), a block at a time.
#[inline]
pub(crate) fn any_edge(values: &[Value]) -> bool {
    let bits = |block: &[Value]| block.iter().fold(0u32, |seen, v| seen | 1 << (tag(v) & 31));
    let mut blocks = values.chunks_exact(16);
    for block in &mut blocks {
        if bits(block) & EDGE_TAGS != 0 {
            return true;
        }
    }
    bits(blocks.remainder()) & EDGE_TAGS != 0
}

/// A reference the collector can hold a weak handle to: whether it does
/// is whether the container is registered (see the module documentation).
pub(crate) trait Handled {
    fn has_handle(&self) -> bool;
}

impl<T> Handled for Rc<T> {
    #[inline(always)]
    fn has_handle(&self) -> bool {
        Rc::weak_count(self) > 0
    }
}

impl Handled for ObjRef {
    #[inline(always)]
    fn has_handle(&self) -> bool {
        ObjRef::weak_count(self) > 0
    }
}

/// An ML array or object: the containers that start out unregistered
/// while they hold no [`is_edge`] value.
pub(crate) trait Container: Handled {
    fn handle(&self) -> Tracked;
}

impl Container for Rc<RefCell<Vec<Value>>> {
    fn handle(&self) -> Tracked {
        Tracked::array(Rc::downgrade(self))
    }
}

impl Container for ObjRef {
    fn handle(&self) -> Tracked {
        Tracked::object(ObjRef::downgrade(self))
    }
}

/// The last reference to `rc` is going away: if it is registered, its
/// handle now keeps a dead allocation, which [`collect_young`] frees by
/// pruning the lists whole once such deaths are half the handles.
#[inline(always)]
pub(crate) fn note_death(rc: &impl Handled) {
    if is_tracked(rc) {
        let _ = DEATHS.try_with(|d| d.set(d.get() + 1));
    }
}

/// Whether `rc` is registered (see the module documentation).
#[inline(always)]
fn is_tracked(rc: &impl Handled) -> bool {
    rc.has_handle()
}

/// The write barrier: call when `value` is stored into the existing array
/// or object `into` (before or while writing; a collection it runs counts a
/// container being written as held). Registers both, when `value` is a
/// container (see the module documentation).
#[inline(always)]
pub(crate) fn write_barrier(into: &impl Container, value: &Value) {
    if is_edge(value) && !(is_tracked(into) && is_tracked_value(value)) {
        start_tracking(into, value);
    }
}

/// [`write_barrier`] for a store of many values at once.
pub(crate) fn write_barrier_all(into: &impl Container, values: &[Value]) {
    if any_edge(values) {
        for v in values {
            write_barrier(into, v);
        }
    }
}

/// Whether `v` needs no registering: an array or object already
/// registered, or any other value (cells, closures and globals are
/// registered when made; scalars and the rest are not containers).
#[inline(always)]
fn is_tracked_value(v: &Value) -> bool {
    match v {
        Value::Array(a) => is_tracked(a),
        Value::Object(o) => is_tracked(o),
        _ => true,
    }
}

#[cold]
#[inline(never)]
fn start_tracking(into: &impl Container, value: &Value) {
    // The stored value first: registering `into` may run a collection,
    // which must then count `value`'s container as registered (it is held
    // by the Rust caller either way).
    if let Some(t) = handle_if_untracked(value) {
        track(t);
    }
    if !is_tracked(into) {
        track(into.handle());
    }
}

/// A new handle for `v` when it is an unregistered array or object that
/// holds a container, or whose contents cannot be read now (being written:
/// registered to be safe). One of scalars and strings needs none: it can
/// only become part of a cycle through a write into it, which the barrier
/// sees.
fn handle_if_untracked(v: &Value) -> Option<Tracked> {
    match v {
        Value::Array(a) if !is_tracked(a) => {
            let edges = a.try_borrow().map_or(true, |items| any_edge(&items));
            edges.then(|| a.handle())
        }
        Value::Object(o) if !is_tracked(o) => {
            let edges = o.try_borrow().map_or(true, |map| map.any_value(is_edge));
            edges.then(|| o.handle())
        }
        _ => None,
    }
}

/// A cell holding a captured variable.
pub fn track_cell(cell: &Rc<RefCell<Value>>) {
    track(Tracked::cell(Rc::downgrade(cell)));
}

pub fn track_closure(closure: &Rc<Closure>) {
    track(Tracked::func(Rc::downgrade(closure)));
}

/// A module's globals (registered once, however often this is called), so
/// that an old version of a reloaded module is freed with its functions.
pub fn track_globals(globals: &Rc<Globals>) {
    if !globals.gc_tracked.replace(true) {
        track(Tracked::globals(Rc::downgrade(globals)));
    }
}

/// Run `work` on the heap's lists outside any borrow of the heap, timing it.
/// `read_all`: see [`collect::collect`].
fn run(full: bool, read_all: bool, work: impl FnOnce(&mut Heap) -> Vec<Tracked>) -> usize {
    let Ok(Some(set)) = HEAP.try_with(|heap| {
        let mut heap = heap.borrow_mut();
        if heap.collecting {
            return None;
        }
        heap.collecting = true;
        Some(work(&mut heap))
    }) else {
        return 0;
    };
    let examined = set.len();
    let started = Instant::now();
    let cpu_started = thread_cpu_time();
    let outcome = collect::collect(set, read_all);
    let took = started.elapsed();
    let cpu = thread_cpu_time().saturating_sub(cpu_started);
    let _ = HEAP.try_with(|heap| {
        let mut heap = heap.borrow_mut();
        heap.collecting = false;
        heap.young_pruned = heap.young_pruned.min(heap.young.len());
        heap.young_check_at = heap.young.len() + PRUNE_STEP;
        heap.young_full_prune_at = 2 * heap.young.len() + PRUNE_STEP;
        let stats = &mut heap.stats;
        stats.collections += 1;
        stats.full_collections += u64::from(full);
        stats.freed += outcome.freed as u64;
        stats.longest_pause = stats.longest_pause.max(took);
        stats.longest_pause_cpu = stats.longest_pause_cpu.max(cpu);
        stats.total_pause += took;
        if full {
            heap.old_live = outcome.survivors.len();
            heap.old = outcome.survivors;
            heap.old_check_at = next_check(heap.old.len());
        } else {
            heap.young_limit = if outcome.survivors.len() * 2 > examined {
                (heap.young_limit * 2).min(YOUNG_LIMIT_MAX)
            } else {
                (heap.young_limit / 2).max(YOUNG_LIMIT)
            };
            heap.old.extend(outcome.survivors);
        }
    });
    outcome.freed
}

/// CPU time this thread has used (zero where the platform has no such clock).
fn thread_cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec for the call to fill in.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return Duration::new(t.tv_sec as u64, t.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

/// The old list's length at which a full collection is considered: grown
/// by half (the work per container made stays constant), and by at least
/// a quarter of the young limit, so that the dead cycles that grew old
/// before they died (a few objects replaced now and then) wait for a few
/// young collections, not many.
fn next_check(old_len: usize) -> usize {
    old_len + old_len / 2 + YOUNG_LIMIT / 4
}

#[cold]
#[inline(never)]
fn collect_young() {
    // Most containers die by reference counting alone (temporaries, trees
    // built and dropped): the handles added since the last pruning are
    // checked and the dead ones dropped, which is cheap, and a collection
    // only runs once the young containers still alive fill half the limit,
    // since only live ones can be cyclic garbage.
    let worth_collecting = HEAP
        .try_with(|heap| {
            let mut heap = heap.borrow_mut();
            let deaths = DEATHS.try_with(Cell::get).unwrap_or(0);
            if deaths >= PRUNE_STEP && deaths * 2 >= heap.young.len() + heap.old.len() {
                // A big structure that was registered died (and maybe
                // grew old first): give its memory back.
                let _ = DEATHS.try_with(|d| d.set(0));
                heap.old.retain(Tracked::is_alive);
                heap.old_check_at = next_check(heap.old.len());
                heap.young_pruned = 0;
            }
            let from = heap.young_pruned.min(heap.young.len());
            prune_from(&mut heap.young, from);
            let mut due = heap.young.len() * 2 >= heap.young_limit;
            if (due && from > 0) || heap.young.len() >= heap.young_full_prune_at {
                due = prune_all(&mut heap, due);
            }
            heap.young_pruned = heap.young.len();
            heap.young_check_at = heap.young.len() + PRUNE_STEP;
            due
        })
        .unwrap_or(false);
    if !worth_collecting {
        return;
    }
    // The young list keeps its room: it fills again to about the same
    // length before the next collection, and growing it from empty each
    // time copied it a dozen times.
    run(false, true, |heap| {
        let room = heap.young.capacity();
        std::mem::replace(&mut heap.young, Vec::with_capacity(room))
    });
    let full_due = HEAP
        .try_with(|heap| {
            let mut heap = heap.borrow_mut();
            if heap.old.len() < heap.old_check_at {
                return false;
            }
            // Most growth is often containers that died old: dropping their
            // handles is cheap and may make the full collection unneeded.
            heap.old.retain(Tracked::is_alive);
            let due = heap.old.len() >= next_check(heap.old_live);
            heap.old_check_at = next_check(heap.old.len());
            due
        })
        .unwrap_or(false);
    if full_due {
        run(true, false, |heap| std::mem::take(&mut heap.old));
    }
}

/// Prune the whole young list. Handles pruned before may have died since
/// (a tree that was being built then, dropped now), and each keeps its
/// container's allocation: pruning whenever the list has doubled since
/// the last time bounds those by the live ones, at two checks a handle.
/// Returns whether to collect. When a collection was `due`, it would have been over those dead
/// handles and found nothing: the limit is lowered as a collection that
/// freed most of its set lowers it, and the collection happens only if a
/// quarter of the old limit is still alive, so a few big prunes take the
/// limit down rather than many run at every step.
fn prune_all(heap: &mut Heap, due: bool) -> bool {
    prune_from(&mut heap.young, 0);
    let live = heap.young.len();
    heap.young_full_prune_at = 2 * live + PRUNE_STEP;
    if !due {
        return live * 2 >= heap.young_limit;
    }
    if live * 4 >= heap.young_limit {
        return true;
    }
    heap.young_limit = (heap.young_limit / 2).max(YOUNG_LIMIT);
    false
}

/// Drop the handles of dead containers among `list[from..]`, keeping order.
fn prune_from(list: &mut Vec<Tracked>, from: usize) {
    let mut kept = from;
    for i in from..list.len() {
        if list[i].is_alive() {
            list.swap(kept, i);
            kept += 1;
        }
    }
    list.truncate(kept);
}

/// Collect every tracked container now; returns how many were freed.
pub fn collect_all() -> usize {
    run(true, true, |heap| {
        let mut all = std::mem::take(&mut heap.old);
        all.append(&mut heap.young);
        all
    })
}

/// The collector's counters for this thread.
pub fn stats() -> Stats {
    HEAP.try_with(|heap| {
        let heap = heap.borrow();
        Stats {
            tracked: heap.young.len() + heap.old.len(),
            ..heap.stats
        }
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests;
