//! Freeing values of any nesting depth without deep native recursion.
//!
//! Dropping the last reference to an array frees its elements, which frees
//! theirs, and so on: as many nested Rust calls as the value is deep, so a
//! 20-million-level array (`x = [x]` in a loop) would overflow the stack.
//! `Value`'s `Drop` sends containers it owns alone here; their contents are
//! dropped on the spot while fewer than [`MAX_NESTED`] such drops are running
//! on this thread, and beyond that moved to a per-thread list that the
//! outermost drop empties in a loop. The stack therefore never holds more
//! than [`MAX_NESTED`] levels, and shallow values (nearly all) never touch
//! the list. Objects freed with the object that held them (a tree, a list)
//! count their nesting in an argument instead of the per-thread count, and
//! one child each is freed by a loop rather than a call (see
//! `free_branch`).

use crate::lang::gc;
use crate::lang::object::ObjCell;
use crate::lang::object::TakenValues;
use crate::lang::value::{BoundMethod, Closure, ErrorValue, IterState, ObjRef, Object, Value};
use std::cell::{Cell, RefCell};
use std::mem::ManuallyDrop;
use std::rc::Rc;

/// Nested container drops allowed on the Rust stack at once.
const MAX_NESTED: u32 = 200;

thread_local! {
    /// Container drops running on this thread right now.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Contents set aside by drops past [`MAX_NESTED`].
    static DEFERRED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// Drop `contents` (what a dying container held), on the stack while the
/// nesting allows, else by handing its values to the outermost drop.
fn release<T: IntoValues>(contents: T) {
    let depth = DEPTH.with(Cell::get);
    if depth >= MAX_NESTED {
        // Without the list (thread exit) the closure never runs and the
        // contents drop in place: recursion again, but only at that point.
        let _ = DEFERRED.try_with(move |list| contents.move_into(&mut list.borrow_mut()));
        return;
    }
    DEPTH.with(|d| d.set(depth + 1));
    // Restores the depth even if a drop unwinds, so nothing stays deferred.
    let _restore = Restore(depth);
    drop(contents);
    if depth == 0 {
        drain();
    }
}

struct Restore(u32);

impl Drop for Restore {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(self.0));
    }
}

/// Drop everything set aside, including what those drops set aside in turn.
/// Runs at depth 1, so each value again gets [`MAX_NESTED`] levels.
fn drain() {
    loop {
        let next = DEFERRED
            .try_with(|list| list.borrow_mut().pop())
            .ok()
            .flatten();
        match next {
            Some(v) => drop(v),
            None => break,
        }
    }
    // A long chain can leave a big, empty list behind: give it back.
    let _ = DEFERRED.try_with(|list| {
        let mut list = list.borrow_mut();
        if list.capacity() > 1024 {
            *list = Vec::new();
        }
    });
}

/// What a dying container held, movable into the deferred list.
trait IntoValues {
    fn move_into(self, list: &mut Vec<Value>);
}

impl IntoValues for Vec<Value> {
    fn move_into(mut self, list: &mut Vec<Value>) {
        list.append(&mut self);
    }
}

impl IntoValues for TakenValues {
    fn move_into(self, list: &mut Vec<Value>) {
        list.extend(self.into_vec());
    }
}

impl IntoValues for Value {
    fn move_into(self, list: &mut Vec<Value>) {
        list.push(self);
    }
}

impl IntoValues for IterState {
    fn move_into(self, list: &mut Vec<Value>) {
        match self {
            IterState::Array { items, .. } => list.push(Value::Array(items)),
            IterState::Keys { object, .. } => list.push(Value::Object(object)),
            IterState::Values { items, .. } => items.move_into(list),
            IterState::Shared(it) => list.push(Value::Iterator(it)),
            IterState::Str { .. } => {}
        }
    }
}

/// Whether dropping `v` can free more values (strings and scalars cannot).
fn may_nest(v: &Value) -> bool {
    !matches!(
        v,
        Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Undef
            | Value::Str(_)
    )
}

/// `v` holds the last strong reference to a container: empty it here,
/// where the depth is counted, instead of in the drop glue that follows.
/// Arrays and objects (nearly all of it) go to functions of their own,
/// reached by a jump: this one saves no registers for them.
#[cold]
#[inline(never)]
pub(crate) fn last_reference(v: &mut Value) {
    match v {
        Value::Array(_) => array(v),
        Value::Object(_) => object(v),
        _ => last_reference_other(v),
    }
}

#[inline(never)]
fn last_reference_other(v: &mut Value) {
    match v {
        Value::Cell(c) => {
            gc::note_death(c);
            cell(c)
        }
        Value::Func(f) => {
            gc::note_death(f);
            closure(f)
        }
        Value::Iterator(i) => iterator(i),
        // Immutable: only reachable for emptying when nothing else, not
        // even a weak handle, refers to them.
        Value::BoundMethod(b) => {
            if let Some(b) = Rc::get_mut(b) {
                bound_method(b);
            }
        }
        Value::Error(e) => {
            if let Some(e) = Rc::get_mut(e) {
                error(e);
            }
        }
        _ => {}
    }
}

/// An array whose last reference is going away (`v` is one).
#[inline(never)]
fn array(v: &mut Value) {
    let Value::Array(items) = v else {
        return;
    };
    let depth = DEPTH.with(Cell::get);
    if depth >= MAX_NESTED {
        gc::note_death(items);
        if let Ok(mut items) = items.try_borrow_mut() {
            if items.iter().any(may_nest) {
                release(std::mem::take(&mut *items));
            }
        }
        return;
    }
    if let Ok(items) = std::mem::take(v).into_array() {
        free_array(items, depth);
    }
}

/// An object whose last reference is going away (`v` is one).
#[inline(never)]
fn object(v: &mut Value) {
    let Value::Object(map) = v else {
        return;
    };
    let depth = DEPTH.with(Cell::get);
    if depth >= MAX_NESTED {
        gc::note_death(map);
        if let Ok(mut map) = map.try_borrow_mut() {
            if map.any_value(may_nest) {
                release(map.take_values());
            }
        }
        return;
    }
    if let Ok(map) = std::mem::take(v).into_object() {
        free_object(map, depth);
        if depth == 0 {
            drain_if_deferred();
        }
    }
}

/// The outermost free of an object is over: what its nested frees set
/// aside (see [`free_child`]) is dropped now, one level down.
#[inline(always)]
fn drain_if_deferred() {
    let pending = DEFERRED
        .try_with(|list| list.try_borrow().is_ok_and(|list| !list.is_empty()))
        .unwrap_or(false);
    if pending {
        drain_outermost();
    }
}

#[cold]
#[inline(never)]
fn drain_outermost() {
    Level::enter(0).leave();
}

/// Frees `items`, the last strong reference to an array, at nesting
/// `depth` (below [`MAX_NESTED`]): the box first, then the elements, the
/// dead containers among them by a direct call (see [`dead_value`]).
fn free_array(items: Rc<RefCell<Vec<Value>>>, depth: u32) {
    gc::note_death(&items);
    // SAFETY: `items` is the last strong reference: nothing borrows the
    // array (a borrow would hold a reference to it); the vector is moved
    // out once and the box freed at once without dropping it.
    let values = unsafe { std::ptr::read(items.as_ptr()) };
    unsafe { free_box(items) };
    if values.iter().any(may_nest) {
        let level = Level::enter(depth);
        for v in values {
            dead_value(v);
        }
        level.leave();
    } else {
        drop_leaves(values);
    }
}

/// Drops `values`, none of which [`may_nest`]: only the strings' drops
/// are called. Dropping the vector whole calls the (no-op) drop of every
/// number out of line, which cost a freed array of ints 16 instructions
/// an element.
#[inline(never)]
fn drop_leaves(mut values: Vec<Value>) {
    let (start, len) = (values.as_mut_ptr(), values.len());
    // SAFETY: the length is cut first, so each value is dropped at most
    // once even if a drop unwinds; the `len` values from `start` are
    // initialized and owned by nothing else once the vector lets go.
    unsafe {
        values.set_len(0);
        crate::lang::value::drop_non_scalars(start, len);
    }
}

/// Frees `map`, the last strong reference to an object, at nesting `depth`
/// (below [`MAX_NESTED`]), as [`free_array`] does: the object is taken
/// apart in its box, not moved out. A leaf (numbers, strings) is freed
/// without counting the nesting.
///
/// The nesting of objects freed from here on is passed down as `depth`,
/// not kept in [`DEPTH`] (a store and a restore per object): [`DEPTH`] is
/// set only around the drops of values that may nest and are not objects
/// freed here (see [`free_apart`]), and whoever starts at depth 0 drains
/// what was set aside (see [`object`]).
fn free_object(map: ObjRef, depth: u32) {
    free_object_here(map, depth);
}

/// [`free_object`] written out where it is called: in [`free_child`],
/// freeing a leaf costs no call.
#[inline(always)]
fn free_object_here(map: ObjRef, depth: u32) {
    gc::note_death(&map);
    // SAFETY: `map` is the last strong reference, so nothing borrows the
    // object; a leaf dropped in place is freed at once, its box without
    // dropping it again.
    unsafe {
        if Object::drop_if_leaf(map.as_ptr()) {
            ObjRef::free_moved_out(map);
            return;
        }
    }
    free_branch(map, depth);
}

/// [`free_object`] of an object that holds more than scalars inline:
/// out of line, so that freeing a leaf saves no registers. One child
/// object that dies with it is freed by the next turn of the loop rather
/// than by a call, so a chain of objects (a list's `next`, the last
/// branch of a tree) frees without nesting; a second one is freed by a
/// call one level deeper. The common node (each value a scalar or an
/// object dying with it) is read and freed in place, its children moved
/// as pointers; others go to [`free_apart`].
#[inline(never)]
fn free_branch(mut map: ObjRef, depth: u32) {
    loop {
        // SAFETY: `map` is the last strong reference, so nothing borrows
        // or writes the object while its values are looked at.
        let Some([a, b]) = (unsafe { Object::inline_values_at(map.as_ptr()) }) else {
            return free_apart(map, depth);
        };
        let (Some(first), Some(second)) = (scalar_or_dying(a), scalar_or_dying(b)) else {
            return free_apart(map, depth);
        };
        // SAFETY: the values are scalars (nothing to drop) or dying
        // objects whose references are taken over below, once each; the
        // layout is given back once and the box freed without dropping
        // the object again.
        let (first, second) = unsafe {
            Object::drop_layout(map.as_ptr());
            ObjRef::free_moved_out(map);
            (take_over(first), take_over(second))
        };
        map = match (first, second) {
            (Some(first), Some(next)) => {
                free_child(first, depth);
                next
            }
            (Some(next), None) | (None, Some(next)) => next,
            (None, None) => return,
        };
        gc::note_death(&map);
        // SAFETY: as in `free_object`.
        unsafe {
            if Object::drop_if_leaf(map.as_ptr()) {
                ObjRef::free_moved_out(map);
                return;
            }
        }
    }
}

/// How [`free_branch`] frees a value of a dying object: `Some(null)` for
/// a scalar (nothing to do), `Some(box)` for an object this was the last
/// reference to, `None` for anything else.
#[inline(always)]
fn scalar_or_dying(v: &Value) -> Option<*const ObjCell> {
    match v {
        Value::Object(o) if ObjRef::strong_count(o) == 1 => Some(ObjRef::as_ptr(o)),
        v if v.is_scalar() => Some(std::ptr::null()),
        _ => None,
    }
}

/// The reference to a dying child that [`scalar_or_dying`] found.
///
/// # Safety
/// `child` is null or the box of a reference that is given up to the
/// result (never dropped elsewhere).
#[inline(always)]
unsafe fn take_over(child: *const ObjCell) -> Option<ObjRef> {
    // SAFETY: as the caller promises.
    (!child.is_null()).then(|| unsafe { ObjRef::from_raw(child) })
}

/// [`free_branch`] of an object with values in a vector, or inline ones
/// of other kinds (strings, arrays, closures, shared objects): as
/// [`free_array`], [`DEPTH`] holds the level below `depth` (once for all
/// the values) while those that may nest drop.
#[inline(never)]
fn free_apart(map: ObjRef, depth: u32) {
    // SAFETY: as in `free_array`.
    let parts = unsafe { Object::take_apart(map.as_ptr()) };
    unsafe { ObjRef::free_moved_out(map) };
    let nests = match &parts {
        Ok(pair) => pair.iter().any(may_nest),
        Err(values) => values.iter().any(may_nest),
    };
    if !nests {
        match parts {
            Ok(pair) => drop(pair),
            Err(values) => drop_leaves(values),
        }
        return;
    }
    // Restores the count even if a drop unwinds.
    let _restore = Restore(DEPTH.with(Cell::get));
    DEPTH.with(|d| d.set(depth + 1));
    match parts {
        Ok(pair) => pair.into_iter().for_each(dead_value),
        Err(values) => values.into_iter().for_each(dead_value),
    }
}

/// Frees `child`, the last reference to an object that a container
/// being freed at nesting `depth` held: one level deeper, or set aside
/// for the outermost free to drop when that would pass [`MAX_NESTED`].
#[inline(always)]
fn free_child(child: ObjRef, depth: u32) {
    if depth + 1 < MAX_NESTED {
        free_object_here(child, depth + 1);
    } else {
        defer_object(child, depth);
    }
}

#[cold]
#[inline(never)]
fn defer_object(child: ObjRef, depth: u32) {
    let mut child = Some(child);
    let _ = DEFERRED.try_with(|list| {
        if let Some(c) = child.take() {
            list.borrow_mut().push(Value::Object(c));
        }
    });
    // Without the list (thread exit) it is freed here, deeper still, as
    // `release` does.
    if let Some(c) = child {
        free_object(c, depth);
    }
}

/// Gives up `rc`, the last strong reference, freeing its box (once no
/// weak handle remains) without dropping the value in it.
///
/// # Safety
/// The value was moved out of the box and is dropped elsewhere.
#[inline(always)]
unsafe fn free_box<T>(rc: Rc<T>) {
    // SAFETY: `ManuallyDrop<T>` has the size and alignment of `T`, so the
    // pointer may be taken back as that type, whose drop does nothing.
    drop(unsafe { Rc::from_raw(Rc::into_raw(rc).cast::<ManuallyDrop<T>>()) });
}

/// One more level of nesting while a dying container's contents drop;
/// the depth is restored when it is left (or a drop unwinds), and leaving
/// the outermost level drops what deeper levels set aside first.
struct Level(Restore);

impl Level {
    #[inline(always)]
    fn enter(depth: u32) -> Level {
        DEPTH.with(|d| d.set(depth + 1));
        Level(Restore(depth))
    }

    /// Leaves the level; the outermost one first drains the deferred
    /// list, still one level down (see [`drain`]).
    #[inline(always)]
    fn leave(self) {
        if self.0 .0 == 0 {
            drain();
        }
    }
}

/// A value a dying container held. An array or object this was the last
/// reference to is freed by a direct call while the nesting allows (no
/// trip through `Value`'s drop glue and [`last_reference`]); anything else
/// drops as usual.
fn dead_value(v: Value) {
    let last = match &v {
        Value::Array(a) => Rc::strong_count(a) == 1,
        Value::Object(o) => ObjRef::strong_count(o) == 1,
        _ => false,
    };
    if last {
        let depth = DEPTH.with(Cell::get);
        if depth < MAX_NESTED {
            match v.into_object() {
                Ok(map) => free_object(map, depth),
                Err(v) => {
                    if let Ok(items) = v.into_array() {
                        free_array(items, depth);
                    }
                }
            }
            return;
        }
    }
    drop(v);
}

/// A captured variable's cell whose last reference is going away.
fn cell(cell: &Rc<RefCell<Value>>) {
    if let Ok(mut v) = cell.try_borrow_mut() {
        if may_nest(&v) {
            release(std::mem::take(&mut *v));
        }
    }
}

/// A closure whose last reference is going away: its captured variables
/// that nothing else shares, and its module's globals if this was their
/// last holder.
fn closure(c: &Closure) {
    for up in c.upvalues.iter() {
        if Rc::strong_count(up) == 1 {
            cell(up);
        }
    }
    if Rc::strong_count(&c.globals) == 1 {
        if let Ok(mut values) = c.globals.values.try_borrow_mut() {
            release(std::mem::take(&mut *values));
        }
    }
}

/// An iterator whose last reference is going away.
fn iterator(state: &Rc<RefCell<IterState>>) {
    if let Ok(mut state) = state.try_borrow_mut() {
        let empty = IterState::Values {
            items: Vec::new(),
            next: 0,
        };
        release(std::mem::replace(&mut *state, empty));
    }
}

/// A bound method owned alone (no other strong or weak reference).
fn bound_method(method: &mut BoundMethod) {
    release(std::mem::take(&mut method.receiver));
}

/// An error value owned alone: its thrown payload.
fn error(error: &mut ErrorValue) {
    if let Some(payload) = error.payload.take() {
        release(payload);
    }
}

#[cfg(test)]
mod tests;
