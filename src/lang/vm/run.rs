//! The dispatch loop. Each opcode arm is short; anything longer than a few
//! lines lives in a helper in `support.rs`. `Int op Int` and `array[int]` take inline
//! fast paths before the general operators of `ops.rs` / `access.rs`.
//!
//! Inside a frame the loop works on the stack through two raw pointers kept
//! in locals, `sp` (one past the top operand) and `locals` (the frame's first
//! slot), instead of through `self.stack`: no length loads and stores, no
//! capacity or bounds checks. That is sound because entering a frame reserves
//! its locals plus the compiler's `max_stack` operands (see
//! `compiler/stack_depth.rs`), capacity never shrinks, and every helper that
//! looks at `self.stack` is called through `out!`, which writes `sp` back as
//! the length first and reloads the pointers after (the buffer may move).
//! While the loop runs, the vector's length covers only the frame's locals,
//! so a panic in some operator leaks the operands rather than dropping values
//! the loop has already moved out.

use super::num;
use super::support::{
    bind_dotted, destructure_key, for_next, make_keyed_object, make_object, rmw_element_at,
    store_local_at, unpack,
};
use super::*;
use crate::lang::chunk::{Arith, Cmp};
use crate::lang::gc;
use crate::lang::value::{drop_in_slot, MlStr, ObjCell, ObjRef, Object, SiteCache};

/// `a <cmp> b` with the number fast paths first.
#[inline(always)]
fn compare_op(cmp: Cmp, a: &Value, b: &Value) -> Result<bool, RtError> {
    match num::compare(cmp, a, b) {
        Some(holds) => Ok(holds),
        None => compare_slow(cmp, a, b),
    }
}

/// The index of slot `p` in a stack whose buffer starts at `start`.
#[inline(always)]
fn slot_index(p: *const Value, start: *const Value) -> usize {
    (p as usize - start as usize) / std::mem::size_of::<Value>()
}

/// Drop a value the loop is done with. Most operands are scalars, and the
/// compiler's drop glue for `Value` is an out-of-line call even for them.
#[inline(always)]
fn discard(v: Value) {
    if v.is_scalar() {
        std::mem::forget(v);
    } else {
        drop(v);
    }
}

/// The two operands at the top of the stack below `sp` compared in place,
/// when both are ints or both floats (the loop then drops them by moving
/// `sp`: nothing to free).
#[inline(always)]
fn same_kind_compare(cmp: Cmp, sp: *mut Value) -> Option<bool> {
    // SAFETY: the callers are binary comparisons, with two operands on the
    // stack below `sp`.
    let (a, b) = unsafe { (&*sp.sub(2), &*sp.sub(1)) };
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(cmp.holds_i64(*x, *y)),
        (Value::Float(x), Value::Float(y)) => Some(cmp.holds_f64(*x, *y)),
        _ => None,
    }
}

/// Drop an operand the loop is done with: a shared array or object (a
/// variable still holds it) loses one reference inline; the last
/// reference and other kinds take the general drop.
#[inline(always)]
fn release_operand(v: Value) {
    let shared = match &v {
        Value::Array(a) if Rc::strong_count(a) > 1 => {
            // SAFETY: another reference keeps the array alive, so this
            // decrement frees nothing; `v` is forgotten below.
            unsafe { Rc::decrement_strong_count(Rc::as_ptr(a)) };
            true
        }
        Value::Object(o) if ObjRef::strong_count(o) > 1 => {
            // SAFETY: as above.
            unsafe { ObjRef::decrement_strong_count(ObjRef::as_ptr(o)) };
            true
        }
        _ => false,
    };
    if shared {
        std::mem::forget(v);
    } else {
        discard(v);
    }
}

/// Gives back one count of the object at `map` (a `Value::Object` that
/// was overwritten without being dropped): inline while other references
/// remain, else through the general drop.
///
/// # Safety
/// The caller owned one count of a live object box at `map`.
#[inline(always)]
unsafe fn release_object(map: *const ObjCell) {
    // SAFETY: as the caller promises.
    release_operand(Value::Object(unsafe { ObjRef::from_raw(map) }));
}

/// `Index` on a string and an int in range: the character replaces the
/// string below `sp`, and the caller drops the index (an int) by moving
/// `sp`. False, touching nothing, for any other operands. Out of the loop's
/// code, which this would otherwise crowd.
///
/// # Safety
/// `sp` is one past the two operands of an `Index`.
#[inline(never)]
unsafe fn index_str_in_place(sp: *mut Value) -> bool {
    // SAFETY: as the caller promises.
    let (obj, index) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
    let (Value::Str(s), Value::Int(i)) = (obj, index) else {
        return false;
    };
    match access::str_char_rc(s, *i) {
        Some(c) => {
            drop(std::mem::replace(s, c));
            true
        }
        None => false,
    }
}

/// `Slice` of a string with int (or no) bounds and no step: the slice
/// replaces the string, and the caller drops the bounds (ints) by moving
/// `sp` down by the count returned. `None`, touching nothing, for anything
/// else.
///
/// # Safety
/// `sp` is one past the operands of a `Slice(flags)`.
#[inline(never)]
unsafe fn slice_str_in_place(sp: *mut Value, flags: u8) -> Option<usize> {
    // One body per form, each knowing where its operands lie.
    // SAFETY: as the caller promises.
    unsafe {
        match flags {
            0 => slice_str_at::<false, false>(sp),
            1 => slice_str_at::<true, false>(sp),
            2 => slice_str_at::<false, true>(sp),
            3 => slice_str_at::<true, true>(sp),
            _ => None,
        }
    }
}

/// [`slice_str_in_place`] of a slice with a start (`START`) and an end
/// (`END`) operand or not.
///
/// # Safety
/// `sp` is one past the operands of such a `Slice`: the sliced value, then
/// its bounds, start below end.
#[inline(always)]
unsafe fn slice_str_at<const START: bool, const END: bool>(sp: *mut Value) -> Option<usize> {
    let n = usize::from(START) + usize::from(END);
    // SAFETY: as the caller promises.
    let (obj, start, end) = unsafe {
        (
            &mut *sp.sub(n + 1),
            START.then(|| &*sp.sub(n)),
            END.then(|| &*sp.sub(1)),
        )
    };
    let Value::Str(s) = obj else {
        return None;
    };
    let slice = access::str_slice_ints(s, start, end)?;
    drop(std::mem::replace(s, slice));
    Some(n)
}

/// `Add` of two strings followed by `StoreLocal` (`s = s + t`, `r = a + b`
/// in a function), done here with the store. When the local holds the left
/// operand, the operand's count is given back first, so the local's string
/// is appended to in place when nothing else holds it; otherwise the left
/// operand (a fresh slice or concatenation, usually) is appended to, in
/// place when unshared, and moves into the local. The general path reaches
/// the same results through more moves and checks. False, touching
/// nothing, for other operands or instructions.
///
/// # Safety
/// `sp` is one past the two operands of the `Add` at `ip`, which is not
/// the function's last instruction; `locals` is its frame's first local.
#[inline(never)]
unsafe fn append_to_local(sp: *mut Value, ip: *const Op, locals: *mut Value) -> bool {
    // SAFETY: as the caller promises.
    let Op::StoreLocal(s) = (unsafe { *ip.add(1) }) else {
        return false;
    };
    // SAFETY: as the caller promises; the compiler stores only into the
    // frame's slots, which lie below its operands.
    let (a, b, slot) = unsafe { (&mut *sp.sub(2), &*sp.sub(1), &mut *locals.add(s as usize)) };
    let (Value::Str(x), Value::Str(y)) = (&mut *a, b) else {
        return false;
    };
    match slot {
        Value::Str(held) if Rc::ptr_eq(x, held) => {
            // SAFETY: the local holds another count of the left operand,
            // so giving the operand's back frees nothing; the operand is
            // not read again.
            unsafe { Rc::decrement_strong_count(Rc::as_ptr(x)) };
            ops::append_str(held, y);
        }
        _ => {
            ops::append_str(x, y);
            // SAFETY: the left operand moves into the local (the loop
            // drops it by moving `sp` below it); the local's old value is
            // dropped as a store drops it.
            discard(std::mem::replace(slot, unsafe { sp.sub(2).read() }));
        }
    }
    // SAFETY: the right operand is a string, released once, here.
    release_str(unsafe { sp.sub(1).read() });
    true
}

/// Drop a string operand (the caller knows it is one) without the general
/// drop glue: one count decrement, the string freed when it was the last.
#[inline(always)]
fn release_str(v: Value) {
    match v.into_str() {
        Ok(s) => drop(s),
        Err(other) => drop(other),
    }
}

/// `a <cmp> b` for operands that are not both ints or both floats, out
/// of the loop's code; it owns them so their drops stay here too.
#[cold]
#[inline(never)]
fn compare_other(cmp: Cmp, a: Value, b: Value) -> Result<bool, RtError> {
    // A test against `null` is decided by kind.
    if let Some(holds) = num::null_compare(cmp, &a, &b) {
        return Ok(holds);
    }
    compare_op(cmp, &a, &b)
}

#[inline(never)]
fn compare_slow(cmp: Cmp, a: &Value, b: &Value) -> Result<bool, RtError> {
    // Two strings are ordered (and equal) by their text, without the
    // general operators' dispatch over kinds.
    if let (Value::Str(x), Value::Str(y)) = (a, b) {
        return Ok(cmp.holds_partial(Some(x.cmp_text(y))));
    }
    match cmp {
        Cmp::Eq | Cmp::Ne => {
            let eq = num::equals(a, b).unwrap_or_else(|| ops::equals(a, b));
            Ok(eq == (cmp == Cmp::Eq))
        }
        _ => Ok(cmp.holds_partial(ops::compare(a, b)?)),
    }
}

/// `obj[index]` when `obj` is an array and `index` an int in range: the
/// element in place, for the fast paths to clone straight where it goes
/// (an `Option<Value>` in between is moved piecewise and stalls the next
/// read of the slot).
///
/// # Safety
/// The array is borrowed without a guard: use the element only to clone it,
/// before anything can run that might write the array.
#[inline(always)]
unsafe fn array_element<'a>(obj: &'a Value, index: &Value) -> Option<&'a Value> {
    let (Value::Array(items), Value::Int(i)) = (obj, index) else {
        return None;
    };
    // SAFETY: as the caller promises.
    let items = unsafe { items.try_borrow_unguarded() }.ok()?;
    items.get(usize::try_from(*i).ok()?)
}

/// Field `key` (the instruction's name constant, read only when the cache
/// misses) of object `map` in place, if it has one (and the object is not
/// being written); `cache` is the instruction's inline cache.
///
/// # Safety
/// As for [`array_element`].
#[inline(always)]
unsafe fn object_field<'a>(map: &'a ObjCell, key: &Value, cache: &SiteCache) -> Option<&'a Value> {
    // SAFETY: as the caller promises.
    let map = unsafe { map.try_borrow_unguarded() }.ok()?;
    map.cached_field(key, cache)
}

/// The index of string key `key` in `map`, through the instruction's
/// inline cache (a layout id and position, or a guessed position: only a
/// guess, so any object, shape or deletion is safe).
#[inline(always)]
fn cached_key_index(map: &Object, key: &Rc<MlStr>, cache: &SiteCache) -> Option<usize> {
    map.cached_str_index(key, cache)
}

/// Whether a value counts as true, with the kinds conditions meet most
/// (a comparison's bool, null, an int) decided inline.
#[inline(always)]
fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Null => false,
        Value::Int(i) => *i != 0,
        other => other.truthy(),
    }
}

/// Whether the slot below `locals` holds `closure`, as a running frame's
/// callee slot does until its return overwrites it with the result.
fn returning_from_callee(locals: *const Value, closure: &Closure) -> bool {
    // SAFETY: a running frame's locals have its callee slot below them.
    matches!(unsafe { &*locals.sub(1) }, Value::Func(c) if std::ptr::eq(&**c, closure))
}

impl Vm {
    /// Run until the frame count drops back to `floor`; returns the value
    /// the bottom frame returned.
    pub(super) fn run(&mut self, floor: usize) -> NativeResult {
        // Profiling costs the call and return paths no test of their own:
        // it turns the fast call path's limit to 0 (when it starts) and
        // makes every return look like the bottom frame's, whose path
        // tells the profiler (see `profile.rs`). The call limit is not set
        // here, which would cost every callback from a native: see
        // `Vm::open_fast_calls`.
        // Opaque to the optimizer: seeing how it is made, LLVM may turn
        // the return path's one compare against it back into a test of
        // the profiler and a compare with `floor` (four instructions more
        // on every return).
        let leave_floor = std::hint::black_box(self.leave_floor(floor));
        // The interrupt flag and the fast call path's limit, read at every
        // backward jump and call: one load from here instead of two
        // through `self` and the `Arc`.
        let interrupt: *const Interrupt = &*self.interrupt;
        // The running frame's state, kept in locals. A call or return of an
        // ML function switches them in place (`enter!`) and stays in the
        // inner loop; other transitions restart the outer loop, which enters
        // whatever frame is on top.
        //
        // Only five values live across the loop: the running closure and
        // its function, and the three pointers below. Everything else (the
        // frame index, the locals' stack index, the constants, the inline
        // caches, the globals) is derived from them where an arm needs it.
        // x86-64 has six registers that survive a call, and any arm may
        // call out: with more live values the register allocator spills
        // some of the hottest ones (`ip`, `sp`) to memory in every arm, and
        // which ones it spills shifts with any edit of any arm.
        let mut closure: &Closure;
        let mut rp: &RuntimeProto;
        // The running instruction, as a pointer into `code` (cheaper to
        // step and jump with than an index); `ip!()` is the index of the
        // next one. Pointing at the running instruction rather than the
        // next lets the arms read their operands through the same register
        // the loop steps with. Between instructions (and at frame entry)
        // it is one before the next to run, so it may point just before
        // `code`: it is only moved with wrapping arithmetic until the loop
        // head steps it back in.
        let mut ip: *const Op;
        let mut sp: *mut Value;
        let mut locals: *mut Value;
        'frames: loop {
            // The running frame's index: the running frame is the top one.
            macro_rules! fi {
                () => {{
                    debug_assert!(!self.frames.is_empty());
                    self.frames.len() - 1
                }};
            }
            // The running frame's record.
            macro_rules! frame {
                () => {{
                    let fi = fi!();
                    // SAFETY: `fi` indexes the top frame.
                    unsafe { self.frames.get_unchecked_mut(fi) }
                }};
            }
            // Make the top frame the running one, resuming where it
            // recorded; the result is its locals' stack index, for
            // `reload_at!`.
            macro_rules! enter {
                () => {{
                    let frame = &*frame!();
                    // SAFETY: the frame's callee slot holds this closure for
                    // as long as the frame runs: only `Return` and unwinding
                    // drop the slot, and both leave the frame at once.
                    enter_closure!(unsafe { &*frame.closure });
                    debug_assert!(rp.proto.code.as_ptr_range().contains(&frame.ip));
                    // A frame records the next instruction to run.
                    ip = frame.ip.wrapping_sub(1);
                    frame.base
                }};
            }
            // Take the running function from closure `$closure`.
            macro_rules! enter_closure {
                ($closure:expr) => {{
                    closure = $closure;
                    rp = &closure.proto;
                }};
            }
            // The first instruction of the running function.
            macro_rules! code_start {
                () => {
                    rp.code_start()
                };
            }
            // The running frame's locals' index in `self.stack`.
            macro_rules! base {
                () => {{
                    // `locals` points into the stack's buffer, which has
                    // not moved since `reload_at!` took it.
                    slot_index(locals, self.stack.as_ptr())
                }};
            }
            // The running function's constant `$k`.
            macro_rules! konst {
                ($k:expr) => {{
                    let k = $k as usize;
                    debug_assert!(k < rp.consts.len(), "constant out of range");
                    // SAFETY: the compiler emits constant indices below the
                    // function's constant count.
                    unsafe { rp.consts.get_unchecked(k) }
                }};
            }
            macro_rules! globals {
                () => {
                    &closure.globals
                };
            }
            // The instruction after the running one (every function ends
            // with `Return`, so an operation always has one).
            macro_rules! next_op {
                () => {{
                    debug_assert!(ip!() < rp.proto.code.len());
                    // SAFETY: as said.
                    Some(unsafe { &*ip.add(1) })
                }};
            }
            let entry_base = enter!();

            // Record in the running frame where it resumes: the
            // instruction after the running one.
            macro_rules! save_ip {
                () => {
                    frame!().ip = ip.wrapping_add(1)
                };
            }
            macro_rules! ip {
                // SAFETY: `ip` points into `code` (or one past an op).
                () => {
                    unsafe { ip.offset_from(code_start!()) as usize + 1 }
                };
            }
            // The inline cache of the instruction being run.
            macro_rules! ic {
                () => {{
                    // SAFETY: `ip` points at the running instruction.
                    let at = unsafe { ip.offset_from(code_start!()) as usize };
                    debug_assert!(at < rp.proto.code.len());
                    // SAFETY: there is one cache per instruction.
                    unsafe { rp.field_cache.get_unchecked(at) }
                }};
            }
            macro_rules! jump {
                ($t:expr) => {{
                    let t = $t as usize;
                    debug_assert!(t < rp.proto.code.len(), "jump out of the code");
                    // SAFETY: the compiler emits jump targets inside the
                    // function only.
                    let to = unsafe { code_start!().add(t) };
                    // A jump backward closes a loop: a pending interrupt
                    // (Ctrl-C, a time limit) is raised there, so even a
                    // tight loop stops.
                    // SAFETY: `self` owns the flag's `Arc` and never
                    // replaces it, so the pointer stays valid for `run`.
                    if to <= ip && unsafe { &*interrupt }.load(AtomicOrdering::Relaxed) {
                        throw!(self.interruption());
                    }
                    // The loop head steps onto the target.
                    ip = to.wrapping_sub(1);
                }};
            }
            // Take the stack's top from `self.stack` (at frame entry and
            // after a helper ran), with the running frame's locals at stack
            // index `$base`, and shrink the length to the locals.
            macro_rules! reload_at {
                ($base:expr) => {{
                    let base: usize = $base;
                    let locals_end = base + rp.num_slots;
                    let len = self.stack.len();
                    debug_assert!(len >= locals_end);
                    let start = self.stack.as_mut_ptr();
                    // SAFETY: `len` and `base` are within the vector's
                    // allocation; the values in `locals_end..len` stay
                    // initialized and are owned through `sp` from here on.
                    unsafe {
                        sp = start.add(len);
                        locals = start.add(base);
                        self.stack.set_len(locals_end);
                    }
                }};
            }
            // Hand the operands back to `self.stack` before anything else
            // looks at it.
            macro_rules! sync {
                () => {{
                    // SAFETY: `sp` points into the same allocation, at or
                    // above `locals_end`, and everything below it is
                    // initialized.
                    unsafe {
                        let len = sp.offset_from(self.stack.as_ptr()) as usize;
                        debug_assert!(len >= base!() + rp.num_slots);
                        debug_assert!(len <= self.stack.capacity());
                        self.stack.set_len(len);
                    }
                }};
            }
            // Call a helper that may use `self.stack` (push, pop, grow it,
            // run other frames) and re-derive the pointers afterwards.
            macro_rules! out {
                ($call:expr) => {{
                    let base = base!();
                    sync!();
                    let r = $call;
                    reload_at!(base);
                    r
                }};
            }
            macro_rules! push {
                ($v:expr) => {{
                    let v = $v;
                    // SAFETY: the frame's reservation holds every operand the
                    // stack-depth analysis allows, so `sp` is below capacity.
                    unsafe {
                        debug_assert!(
                            (sp.offset_from(self.stack.as_ptr()) as usize) < self.stack.capacity(),
                            "operand stack overflow"
                        );
                        sp.write(v);
                        sp = sp.add(1);
                    }
                }};
            }
            // Push a clone of `$v` (a `&Value`) and go on to the next
            // instruction. The value is copied from where it is straight
            // into the stack slot (see `Value::clone_to`): through
            // `Value::clone`, a scalar and a counted reference met in a
            // temporary on the Rust stack first, two more moves on every
            // variable, field or element read.
            macro_rules! push_clone {
                ($v:expr) => {{
                    let v: &Value = $v;
                    // SAFETY: as for `push!`: the slot at `sp` is free and
                    // within the frame's reservation.
                    unsafe {
                        v.clone_to(sp);
                        sp = sp.add(1);
                    }
                    continue;
                }};
            }
            // Push an int as one store (see `Value::write_int`).
            macro_rules! push_int {
                ($i:expr) => {{
                    let i: i64 = $i;
                    // SAFETY: as for `push!`; the slot above the top holds
                    // no value.
                    unsafe {
                        Value::write_int(sp, i);
                        sp = sp.add(1);
                    }
                }};
            }
            macro_rules! pop {
                () => {{
                    // SAFETY: the stack-depth analysis proves no instruction
                    // pops more operands than its frame pushed, so `sp - 1`
                    // is an initialized operand; moving `sp` down first hands
                    // its ownership to the read.
                    unsafe {
                        debug_assert!(sp > locals.add(rp.num_slots), "operand stack underflow");
                        sp = sp.sub(1);
                        sp.read()
                    }
                }};
            }
            macro_rules! top {
                () => {{
                    // SAFETY: as for `pop!`, there is an operand at `sp - 1`.
                    unsafe {
                        debug_assert!(sp > locals.add(rp.num_slots), "operand stack underflow");
                        &mut *sp.sub(1)
                    }
                }};
            }
            macro_rules! local {
                ($s:expr) => {{
                    let s = $s as usize;
                    debug_assert!(s < rp.num_slots, "local slot out of range");
                    // SAFETY: the compiler only emits slots below the
                    // function's `num_slots`, all initialized on entry.
                    unsafe { &*locals.add(s) }
                }};
            }
            macro_rules! local_mut {
                ($s:expr) => {{
                    let s = $s as usize;
                    debug_assert!(s < rp.num_slots, "local slot out of range");
                    // SAFETY: as for `local!`; no other reference into the
                    // stack is alive while this one is used.
                    unsafe { &mut *locals.add(s) }
                }};
            }
            // Done with a fused field update: skip the operation and the
            // store it heads (see `Op::RmwMemberL`).
            macro_rules! skip_fused {
                () => {{
                    debug_assert!(ip!() + 2 <= rp.proto.code.len());
                    // SAFETY: the compiler emits the two after the head.
                    ip = unsafe { ip.add(2) };
                    continue;
                }};
            }
            // Run `$body` with `$field` bound to the field `$key` of
            // object `$obj` (a `&Value`) when the instruction's inline
            // cache finds it and nothing borrows the object. The bodies
            // only write a number over a scalar field: no drop, no write
            // barrier, no other code, so nothing can borrow the object
            // meanwhile and it is not marked as being written.
            macro_rules! with_field {
                ($obj:expr, $key:expr, |$field:ident| $body:expr) => {{
                    if let Value::Object(rc) = $obj {
                        // SAFETY: as said, the body runs no code that
                        // could reach the object.
                        if let Some(map) = unsafe { rc.try_write_unguarded() } {
                            if let Some($field) = map.cached_slot($key, ic!()) {
                                $body;
                            }
                        }
                    }
                }};
            }
            // Run `$body` with `$obj` bound to what upvalue `$u` holds
            // (skipped while the cell is being written: the caller's
            // general path follows).
            macro_rules! with_upvalue {
                ($u:expr, |$obj:ident| $body:expr) => {{
                    let cell = upvalue!($u);
                    // SAFETY: the cell is only read while the reference
                    // lives, and the running closure keeps it alive.
                    if let Ok($obj) = unsafe { cell.try_borrow_unguarded() } {
                        $body;
                    }
                }};
            }
            // `field op local` computed into the field when both are
            // numbers, finishing a read-modify-write head.
            macro_rules! rmw_number {
                ($aop:expr, $field:expr, $slot:expr) => {{
                    let (field, b): (*mut Value, *const Value) = ($field, local!($slot));
                    // SAFETY: the field lives in the object, the operand in
                    // a stack slot; a number result replaces a number (no
                    // drop, no write barrier).
                    if unsafe { num::arith_to($aop, field, b, field) } {
                        skip_fused!();
                    }
                }};
            }
            // The top two operands' `a op b` computed into a field holding
            // a scalar when both are numbers, finishing an arith-store head.
            macro_rules! arith_into {
                ($aop:expr, $field:expr) => {{
                    let field: &mut Value = $field;
                    if field.is_scalar() {
                        let field: *mut Value = field;
                        // SAFETY: two operands on the stack; the field holds
                        // a scalar (no drop), a number result needs no
                        // write barrier.
                        if unsafe { num::arith_to($aop, sp.sub(2), sp.sub(1), field) } {
                            // SAFETY: both operands are numbers.
                            sp = unsafe { sp.sub(2) };
                            skip_store!();
                        }
                    }
                }};
            }
            // Done with what the instruction after a head does: skip it
            // (the field store after `ArithStoreMemberL`, the operation
            // after `ArithMemberL`).
            macro_rules! skip_store {
                () => {{
                    debug_assert!(ip!() < rp.proto.code.len());
                    // SAFETY: the compiler emits the store after the head.
                    ip = unsafe { ip.add(1) };
                    continue;
                }};
            }
            // `a op b` on the top two operands by the general path of the
            // plain operation (`Add` may append in place for the
            // instruction after it).
            macro_rules! arith_general {
                ($aop:expr) => {{
                    let b = pop!();
                    let a = pop!();
                    let r = out!(self.arith_values($aop, a, b, next_op!(), base!(), globals!()));
                    push!(tri!(r));
                }};
            }
            // The field name constant `$k` of a member instruction.
            macro_rules! member_name {
                ($k:expr) => {{
                    let k = $k as usize;
                    // The compiler emits member names as string constants.
                    match konst!(k) {
                        Value::Str(key) => key,
                        _ => continue,
                    }
                }};
            }
            // The cell of upvalue `$u` of the running closure.
            macro_rules! upvalue {
                ($u:expr) => {{
                    let u = $u as usize;
                    debug_assert!(u < closure.upvalues.len(), "upvalue out of range");
                    // SAFETY: the compiler emits upvalue indices below the
                    // function's capture count, which is the closure's.
                    unsafe { closure.upvalues.get_unchecked(u) }
                }};
            }
            // `local.name` pushed (`GetMemberL`, and the general path of
            // the fused field updates that head it).
            macro_rules! get_member_local {
                ($slot:expr, $name:expr) => {{
                    let slot: u16 = $slot;
                    let cache = ic!();
                    let key = konst!($name);
                    match local!(slot) {
                        // SAFETY: the field is only cloned.
                        Value::Object(map) => match unsafe { object_field(map, key, cache) } {
                            Some(v) => push_clone!(v),
                            None => push!(Value::Null),
                        },
                        Value::Undef => {
                            throw!(self.name_error(fi!(), Op::LoadLocal(slot.into())))
                        }
                        obj => {
                            let v = tri!(access::get_member_at(obj, member_name!($name), cache));
                            push!(v);
                        }
                    }
                }};
            }
            // `upvalue.name` pushed (`GetMemberU`, and the same).
            macro_rules! get_member_upvalue {
                ($up:expr, $name:expr) => {{
                    let cache = ic!();
                    let key = konst!($name);
                    let up: u16 = $up;
                    let cell = upvalue!(up);
                    // SAFETY: the upvalue is only read, and the field
                    // cloned, before anything else runs.
                    let field = match unsafe { cell.try_borrow_unguarded() } {
                        Ok(Value::Object(map)) => unsafe { object_field(map, key, cache) },
                        Ok(Value::Undef) => {
                            throw!(self.name_error(fi!(), Op::LoadUpval(up.into())))
                        }
                        _ => None,
                    };
                    if let Some(v) = field {
                        push_clone!(v);
                    }
                    // Missing fields, other kinds of values.
                    let key = member_name!($name);
                    let obj = cell.borrow().clone();
                    push!(tri!(access::get_member_at(&obj, key, cache)));
                }};
            }
            // A local's value, or the NameError of reading it unbound.
            macro_rules! bound_local {
                ($s:expr) => {{
                    let s: u16 = $s;
                    match local!(s) {
                        Value::Undef => throw!(self.name_error(fi!(), Op::LoadLocal(s.into()))),
                        v => v,
                    }
                }};
            }
            // `local <cmp> other`, jumping to `target` when it fails.
            macro_rules! local_cmp_jump {
                ($cmp:expr, $slot:expr, $other:expr, $target:expr) => {{
                    let (a, b): (&Value, &Value) = (bound_local!($slot), $other);
                    let holds = match num::compare($cmp, a, b) {
                        Some(holds) => holds,
                        None => tri!(compare_slow($cmp, a, b)),
                    };
                    if !holds {
                        jump!($target);
                    }
                }};
            }
            macro_rules! tri {
                ($r:expr) => {
                    match $r {
                        Ok(v) => v,
                        Err(e) => throw!(e),
                    }
                };
            }
            // `a <cmp> b` on the top two operands, which it pops.
            macro_rules! pop_compare {
                ($cmp:expr) => {{
                    let cmp: Cmp = $cmp;
                    match same_kind_compare(cmp, sp) {
                        Some(holds) => {
                            // SAFETY: both operands are numbers.
                            sp = unsafe { sp.sub(2) };
                            holds
                        }
                        None => {
                            let b = pop!();
                            let a = pop!();
                            tri!(compare_other(cmp, a, b))
                        }
                    }
                }};
            }
            // The step of a `for` loop over the state in `slot`: hand the
            // next item to `$store` (bound to `$item`) and jump back to the
            // body at `target`, or fall through when the loop is over. A
            // counted range (set up by `ForRange`) steps its int in place;
            // any other state is an iterator.
            macro_rules! for_step {
                ($slot:expr, $target:expr, |$item:ident| $store:expr) => {{
                    let (slot, target) = ($slot, $target);
                    if let Value::Int(i) = *local!(slot) {
                        let (&Value::Int(stop), &Value::Int(step)) =
                            (local!(slot + 1), local!(slot + 2))
                        else {
                            // Only `ForRange` writes an int here, with both;
                            // anything else ends the loop.
                            continue;
                        };
                        if (step > 0 && i < stop) || (step < 0 && i > stop) {
                            // Past the last int that fits the loop is over:
                            // `stop` itself ends it.
                            let next = i.checked_add(step).unwrap_or(stop);
                            let counter: *mut Value = local_mut!(slot);
                            // SAFETY: the slot holds an int.
                            unsafe { Value::write_int(counter, next) };
                            let $item = Value::Int(i);
                            $store;
                            jump!(target);
                        }
                        continue;
                    }
                    if let Some($item) = tri!(for_next(local!(slot))) {
                        $store;
                        jump!(target);
                    }
                }};
            }
            // A call that may have pushed a frame: run it, or push the value.
            macro_rules! called {
                ($call:expr) => {{
                    let base = base!();
                    sync!();
                    match $call {
                        Ok(Called::Frame) => continue 'frames,
                        Ok(Called::Value(v)) => {
                            reload_at!(base);
                            push!(v);
                        }
                        // The helper left `self.stack` as the truth.
                        Err(e) => {
                            save_ip!();
                            self.unwind(e, floor, false)?;
                            continue 'frames;
                        }
                    }
                }};
            }
            // Whether calling closure `$c` with `$argc` arguments can take
            // the fast frame entry: the right number of arguments, below
            // the call limit. A raised interrupt flag sets the limit to 0
            // (see `interrupt.rs`), so the call takes the slow path, which
            // raises it; so does profiling, and the slow path's
            // `push_frame` records the call.
            macro_rules! fast_call {
                ($c:expr, $argc:expr) => {
                    $c.proto.arity == $argc
                        // SAFETY: as in `jump!`.
                        && self.frames.len() < unsafe { &*interrupt }.call_limit()
                };
            }
            // Enter closure `$c`, which sits in the callee slot below its
            // `$argc` arguments at the top of the stack (`fast_call!` holds).
            // The callee's locals start at its first argument, so the new
            // stack pointers follow from `sp` without a reload. The
            // vector's length covers the locals while a frame runs, as
            // `reload_at!` leaves it (helpers read locals through it).
            macro_rules! enter_call {
                ($c:expr, $argc:expr) => {{
                    let c: &Closure = $c;
                    let argc: usize = $argc;
                    // Where the caller resumes, recorded below with the
                    // callee's frame (one address computation for both).
                    let resume = ip.wrapping_add(1);
                    let (slots, room) = (c.proto.num_slots, c.proto.frame_room);
                    let c: *const Closure = c;
                    // SAFETY: `sp` points into the stack's allocation.
                    let top = unsafe { sp.offset_from(self.stack.as_ptr()) } as usize;
                    if self.stack.capacity() - top < room {
                        sync!();
                        self.grow_stack(room);
                        // SAFETY: the buffer may have moved; `top` is the
                        // same index in the new one.
                        sp = unsafe { self.stack.as_mut_ptr().add(top) };
                    }
                    let callee_base = top - argc;
                    // SAFETY: the room checked above covers the callee's
                    // slots; the arguments are already its first slots.
                    // The pointers follow from `sp` as `reload_at!` would
                    // derive them, without the round trip through the
                    // vector's length.
                    unsafe {
                        let first = sp.sub(argc);
                        for i in argc..slots {
                            first.add(i).write(Value::Undef);
                        }
                        self.stack.set_len(callee_base + slots);
                        locals = first;
                        sp = first.add(slots);
                    }
                    // SAFETY: the callee slot holds the closure (see `Frame`).
                    enter_closure!(unsafe { &*c });
                    let start = code_start!();
                    ip = start.wrapping_sub(1);
                    debug_assert!(self.frames.len() < self.frames.capacity());
                    // SAFETY: `fast_call!` checked the frame count against
                    // the call limit, which is never past the capacity;
                    // the caller's frame is the top one.
                    unsafe {
                        let len = self.frames.len();
                        debug_assert!(len > 0);
                        let top = self.frames.as_mut_ptr().add(len);
                        (*top.sub(1)).ip = resume;
                        let frame = Frame {
                            closure: c,
                            ip: start,
                            base: callee_base,
                        };
                        top.write(frame);
                        self.frames.set_len(len + 1);
                    }
                    continue;
                }};
            }
            // The top `$argc` operands as the arguments of a native call,
            // read in place (see `Vm::native_args`).
            macro_rules! native_args {
                ($argc:expr) => {{
                    let argc: usize = $argc;
                    // SAFETY: the top `argc` operands are initialized; they
                    // stay in their slots until `drop_native_args!`.
                    unsafe { std::slice::from_raw_parts(sp.sub(argc), argc) }
                }};
            }
            // After the call: drop the `$argc` arguments where they lie, the
            // callee (or receiver) slot below them becoming the top.
            macro_rules! drop_native_args {
                ($argc:expr) => {{
                    let argc: usize = $argc;
                    // SAFETY: the native returned and a callback leaves the
                    // stack as it found it (`out!` re-derived `sp`), so the
                    // top `argc` operands are still the arguments, dropped
                    // here once.
                    unsafe {
                        sp = sp.sub(argc);
                        for i in 0..argc {
                            drop_in_slot(sp.add(i));
                        }
                    }
                }};
            }
            // Call native function `$n`, which sits in the callee slot below
            // its `$argc` arguments at the top of the stack: the callee stays
            // in its slot during the call, which keeps the function alive;
            // the native reads the arguments in place, and the result takes
            // the callee's slot.
            macro_rules! call_native_slot {
                ($n:expr, $argc:expr) => {{
                    let n: *const NativeFn = $n;
                    let argc: usize = $argc;
                    let args = native_args!(argc);
                    // SAFETY: the callee slot holds the function.
                    let r = out!(unsafe { self.call_native(n, args) });
                    drop_native_args!(argc);
                    let v = tri!(r);
                    // The callee slot still holds the function: released
                    // inline when a global or a module holds it too.
                    let slot: *mut Value = top!();
                    // SAFETY: the slot holds the callee; the result moves
                    // over it once it is released.
                    unsafe {
                        if let Value::Native(f) = &*slot {
                            if Rc::strong_count(f) > 1 {
                                Rc::decrement_strong_count(Rc::as_ptr(f));
                                slot.write(v);
                                continue;
                            }
                        }
                    }
                    Value::assign(top!(), v);
                    continue;
                }};
            }
            // `top op local`, the top replaced by the result. The number
            // fast paths come first; an unbound local is found on the slow
            // path.
            macro_rules! arith_local {
                ($aop:expr, $slot:expr) => {{
                    let (aop, slot): (Arith, u16) = ($aop, $slot);
                    let a: *mut Value = top!();
                    let b: *const Value = local!(slot);
                    // SAFETY: `a` is the top operand, `b` a local slot; the
                    // fast path writes over `a` only when it is a number.
                    if unsafe { num::arith_to(aop, a, b, a) } {
                        continue;
                    }
                    let b = bound_local!(slot).clone();
                    let a = pop!();
                    let r = out!(self.arith_values(aop, a, b, next_op!(), base!(), globals!()));
                    push!(tri!(r));
                }};
            }
            // `local_a op local_b`, pushing the result.
            macro_rules! arith_locals {
                ($aop:expr, $a:expr, $b:expr) => {{
                    let (aop, a, b): (Arith, u16, u16) = ($aop, $a, $b);
                    let (x, y): (*const Value, *const Value) = (local!(a), local!(b));
                    // SAFETY: the slot above the top holds no value (see
                    // `push!`); the operands are local slots.
                    if unsafe { num::arith_to(aop, x, y, sp) } {
                        // SAFETY: as for `push!`.
                        sp = unsafe { sp.add(1) };
                        continue;
                    }
                    let (x, y) = (bound_local!(a).clone(), bound_local!(b).clone());
                    let r = out!(self.arith_values(aop, x, y, next_op!(), base!(), globals!()));
                    push!(tri!(r));
                }};
            }
            // The general path of `local_dst = x op y`: errors name the
            // store that follows the operation, as the unfused pair did.
            macro_rules! arith_into_local {
                ($aop:expr, $x:expr, $y:expr, $dst:expr) => {{
                    let dst: u16 = $dst;
                    let next = Op::StoreLocal(dst.into());
                    let r = tri!(out!(self.arith_values(
                        $aop,
                        $x,
                        $y,
                        Some(&next),
                        base!(),
                        globals!()
                    )));
                    Value::assign(local_mut!(dst), r);
                }};
            }
            // `a op b` with both operands still on the stack: the number
            // fast paths write over `a` and drop `b` (a scalar) by moving
            // `sp`. Int overflow takes the general path, which promotes.
            macro_rules! num_arith {
                ($checked:ident, $fop:tt, $general:path) => {{
                    // SAFETY: a binary operator has two operands on the stack.
                    let (a, b) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                    if let (Value::Int(x), Value::Int(y)) = (&*a, b) {
                        if let Some(r) = x.$checked(*y) {
                            // SAFETY: `a` holds an int.
                            unsafe { Value::write_int(a, r) };
                            // SAFETY: `b` is an int: nothing to drop.
                            sp = unsafe { sp.sub(1) };
                            continue;
                        }
                    } else if let Some((x, y)) = num::float_pair(a, b) {
                        // SAFETY: both operands are numbers: nothing to drop.
                        unsafe {
                            Value::write_float(a, x $fop y);
                            sp = sp.sub(1);
                        }
                        continue;
                    }
                    let b = pop!();
                    let a = pop!();
                    let r = tri!($general(&a, &b));
                    push!(r);
                }};
            }

            macro_rules! num_arith_k {
                ($k:expr, $checked:ident, $fop:tt, $general:path) => {{
                    let top = top!();
                    match *top {
                        Value::Int(x) => {
                            if let Some(r) = x.$checked($k as i64) {
                                // SAFETY: the top holds an int.
                                unsafe { Value::write_int(top, r) };
                                continue;
                            }
                        }
                        Value::Float(x) => {
                            // SAFETY: the top holds a float.
                            unsafe { Value::write_float(top, x $fop ($k as f64)) };
                            continue;
                        }
                        _ => {}
                    }
                    let a = pop!();
                    let r = tri!($general(&a, &Value::Int($k as i64)));
                    push!(r);
                }};
            }

            // Move the top `n` operands into a vector.
            macro_rules! take {
                ($n:expr) => {{
                    let n: usize = $n;
                    let mut items: Vec<Value> = Vec::with_capacity(n);
                    // SAFETY: the instruction has `n` operands on the stack
                    // (stack-depth analysis); they are moved, not copied:
                    // `sp` drops below them before the vector owns them.
                    unsafe {
                        debug_assert!(sp.sub(n) >= locals.add(rp.num_slots));
                        sp = sp.sub(n);
                        std::ptr::copy_nonoverlapping(sp, items.as_mut_ptr(), n);
                        items.set_len(n);
                    }
                    items
                }};
            }
            // The present parts of a slice (bit 0/1/2: start/end/step),
            // pushed in that order; absent ones are null.
            macro_rules! slice_parts {
                ($flags:expr) => {{
                    let mut parts = [Value::Null, Value::Null, Value::Null];
                    for bit in (0..3).rev() {
                        if $flags & (1 << bit) != 0 {
                            parts[bit] = pop!();
                        }
                    }
                    parts
                }};
            }

            // `Eq` (`$is_eq`) or `Ne` on the top two operands. Each
            // instruction has its own arm: no arm looks at the opcode after
            // the jump, so the loop does not keep it in a register.
            macro_rules! equality {
                ($is_eq:expr) => {{
                    let b = pop!();
                    let a = pop!();
                    let eq = match num::equals(&a, &b) {
                        Some(eq) => eq,
                        None => ops::equals(&a, &b),
                    };
                    discard(a);
                    discard(b);
                    push!(Value::Bool(eq == $is_eq));
                }};
            }
            // Push a handler for a `try` (or, passing errors through, a
            // `finally`) whose handler code starts at `$t`.
            macro_rules! setup_handler {
                ($t:expr, $passes_through:expr) => {
                    self.handlers.push(Handler {
                        frame: fi!(),
                        passes_through: $passes_through,
                        target: $t as usize,
                        // SAFETY: `sp` points into the stack's allocation.
                        stack_len: unsafe { sp.offset_from(self.stack.as_ptr()) } as usize,
                    })
                };
            }
            // `local + k` (`AddLK`) or `local - k` (`SubLK`, `$is_sub`)
            // pushed.
            macro_rules! local_plus_k {
                ($slot:expr, $k:expr, $is_sub:expr) => {{
                    let (slot, k) = ($slot, $k);
                    let x = local!(slot);
                    let is_sub: bool = $is_sub;
                    let fast = match x {
                        Value::Int(i) if is_sub => i.checked_sub(k as i64),
                        Value::Int(i) => i.checked_add(k as i64),
                        Value::Float(f) => {
                            let k = if is_sub { -(k as f64) } else { k as f64 };
                            push!(Value::Float(f + k));
                            continue;
                        }
                        Value::Undef => {
                            throw!(self.name_error(fi!(), Op::LoadLocal(slot.into())))
                        }
                        _ => None,
                    };
                    let r = match fast {
                        Some(r) => {
                            push_int!(r);
                            continue;
                        }
                        None if is_sub => tri!(ops::sub(x, &Value::Int(k as i64))),
                        None => tri!(ops::add(x, &Value::Int(k as i64))),
                    };
                    push!(r);
                }};
            }
            // `local = local + k` (`IncLocal`); when the local steps as an
            // int, `$then` runs after the step (`IncLocalCmp`'s test).
            macro_rules! step_local {
                ($slot:expr, $k:expr, $then:block) => {
                    step_local!($slot, $k, checked_add, ops::add, $then)
                };
                ($slot:expr, $k:expr, $int_step:ident, $general:path, $then:block) => {{
                    let (slot, k) = ($slot, $k);
                    let v = local_mut!(slot);
                    if let Value::Int(x) = *v {
                        if let Some(r) = x.$int_step(k as i64) {
                            // SAFETY: `v` holds an int.
                            unsafe { Value::write_int(v, r) };
                            $then
                            continue;
                        }
                    }
                    if let Value::Undef = v {
                        throw!(self.name_error(fi!(), Op::LoadLocal(slot.into())));
                    }
                    let r = tri!($general(v, &Value::Int(k as i64)));
                    *local_mut!(slot) = r;
                }};
            }
            // The running instruction, read again from the code. Arms that
            // need it after the jump read it this way: were the opcode taken
            // over from the dispatch, the loop would keep it in a register
            // through every arm.
            //
            // It is read as two words: read as an `Op`, the volatile read
            // takes its eight bytes one at a time.
            macro_rules! running_op {
                () => {{
                    type Words = std::mem::MaybeUninit<[u32; 2]>;
                    const _: () = assert!(
                        std::mem::size_of::<Op>() == std::mem::size_of::<Words>()
                            && std::mem::align_of::<Op>() >= std::mem::align_of::<Words>()
                    );
                    // SAFETY: `ip` points at the running instruction, and
                    // its bytes (padding included, hence `MaybeUninit`)
                    // are a valid `Op`.
                    unsafe {
                        let words = std::ptr::read_volatile(ip.cast::<Words>());
                        std::mem::transmute::<Words, Op>(words)
                    }
                }};
            }
            // Leave the running frame, whose result the return instruction
            // has moved into the callee's slot: to the caller's frame in
            // place, or out of `run` at the floor.
            macro_rules! return_with {
                () => {{
                    let (fi, base) = (fi!(), base!());
                    while self.handlers.last().is_some_and(|h| h.frame >= fi) {
                        self.handlers.pop();
                    }
                    // The callee's slot holds the result and is the
                    // caller's top (the buffer has not moved since the
                    // call); the locals and leftover operands are dropped,
                    // skipping the scalars (usually most of them).
                    // SAFETY: `base..sp` are the frame's initialized values
                    // (the result no longer among them: a returned local
                    // was left null, a returned operand popped); the length
                    // is cut below them first, so each is dropped exactly
                    // once even if a drop panics.
                    let callee = unsafe {
                        self.stack.set_len(base - 1);
                        let callee = locals.sub(1);
                        let mut p = locals;
                        while p < sp {
                            match &*p {
                                v if v.is_scalar() => {}
                                // An object argument the caller still holds
                                // (a receiver, a tree node): one count
                                // released inline.
                                Value::Object(o) if ObjRef::strong_count(o) > 1 => {
                                    drop(std::ptr::read(o))
                                }
                                _ => std::ptr::drop_in_place(p),
                            }
                            p = p.add(1);
                        }
                        // The callee slot's count of the running closure
                        // (see `Frame`), released directly.
                        drop(Rc::from_raw(closure as *const Closure));
                        callee
                    };
                    debug_assert_eq!(self.frames.len(), fi + 1);
                    // SAFETY: `fi` is the top frame, and a frame owns
                    // nothing to drop.
                    unsafe { self.frames.set_len(fi) };
                    // One compare for both the bottom frame and profiling
                    // (see `leave_floor`).
                    if self.frames.len() <= leave_floor {
                        if self.profiler.is_some() {
                            self.profile_leave();
                        }
                        if self.frames.len() <= floor {
                            // SAFETY: the slot above the stack's length
                            // holds the result, read once.
                            return Ok(unsafe { callee.read() });
                        }
                    }
                    // The result in the callee's slot is the caller's top
                    // operand; the caller's locals lie below the callee's
                    // in the same buffer, so neither pointer is reloaded.
                    let caller_base = enter!();
                    // The caller's operands end at the result, just below
                    // the callee's locals. SAFETY: a caller's locals start
                    // below its callee's, and the caller's slots are
                    // initialized.
                    unsafe {
                        sp = locals;
                        locals = self.stack.as_mut_ptr().add(caller_base);
                        self.stack.set_len(caller_base + rp.num_slots);
                    }
                    continue;
                }};
            }

            reload_at!(entry_base);
            // Runs the frame until an instruction raises: `throw!` breaks
            // out with the error. The return instructions move their result
            // into place and break out of the inner loop to the one return
            // path after it, which goes on in the caller's frame by
            // continuing the outer one (a shared arm for both had to decode
            // the instruction again to tell them apart); every other
            // instruction continues the inner loop.
            let raised: RtError = 'dispatch: loop {
                // Raise `$err` in the running instruction: one shared path
                // after the dispatch loop (a copy of it at each of the ~100
                // places that can raise made `run` a third bigger).
                macro_rules! throw {
                    ($err:expr) => {{
                        break 'dispatch $err;
                    }};
                }
                loop {
                    // SAFETY: the compiler ends every function with `Return` and
                    // emits jump targets inside the function only, so `ip` never
                    // leaves `code`. Reading the op in place (instead of copying
                    // all 16 bytes to a local) keeps the fields in the cache line.
                    ip = ip.wrapping_add(1);
                    // Ask for `ip` and `sp` in two callee-saved registers at
                    // the head. Left to itself, LLVM keeps `ip` in a stack
                    // slot (see docs/architecture.md, "Measuring a change to
                    // the dispatch loop"), and every instruction's dispatch
                    // then waits on a store-to-load forward of it. Naming a
                    // register here makes the allocator prefer it for the
                    // whole loop; arms that need the register for something
                    // else still spill around their use. The empty template
                    // emits no instruction.
                    #[cfg(target_arch = "x86_64")]
                    // The pointers are only placed in registers, never read
                    // through.
                    #[allow(clippy::pointers_in_nomem_asm_block)]
                    // SAFETY: the template is empty: it reads the two
                    // registers and touches no memory, stack or flags.
                    unsafe {
                        std::arch::asm!(
                            "/* ip in r15, sp in r14 */",
                            in("r15") ip,
                            in("r14") sp,
                            options(nomem, nostack, preserves_flags),
                        );
                    }
                    debug_assert!(ip!() <= rp.proto.code.len());
                    let op: &Op = unsafe { &*ip };
                    match *op {
                        Op::Const(k) => push!(konst!(k).clone()),
                        Op::SmallInt(i) => push_int!(i as i64),
                        Op::Null => push!(Value::Null),
                        Op::True => push!(Value::Bool(true)),
                        Op::False => push!(Value::Bool(false)),
                        Op::Pop => discard(pop!()),
                        Op::Dup => {
                            let v = top!().clone();
                            push!(v);
                        }
                        // Loads clone straight onto the stack: building the value
                        // in a temporary first stores it piecewise and stalls the
                        // copy that follows.
                        Op::LoadLocal(s) => match local!(s) {
                            Value::Undef => throw!(self.name_error(fi!(), running_op!())),
                            v => push_clone!(v),
                        },
                        Op::StoreLocal(s) => {
                            let v = pop!();
                            Value::assign(local_mut!(s), v);
                        }
                        Op::LoadCell(s) => {
                            let v = match local!(s) {
                                Value::Cell(c) => c.borrow().clone(),
                                _ => Value::Undef,
                            };
                            if let Value::Undef = v {
                                throw!(self.name_error(fi!(), running_op!()));
                            }
                            push!(v);
                        }
                        Op::StoreCell(s) => {
                            let v = pop!();
                            if let Value::Cell(c) = local!(s) {
                                *c.borrow_mut() = v;
                            }
                        }
                        Op::LoadUpval(u) => {
                            // SAFETY: the shared borrow lives only for the clone,
                            // which runs no code that could write the cell.
                            match unsafe { closure.upvalues[u as usize].try_borrow_unguarded() } {
                                // Closures call the functions they captured:
                                // count the reference inline.
                                Ok(Value::Func(c)) => push!(Value::Func(Rc::clone(c))),
                                Ok(Value::Undef) => throw!(self.name_error(fi!(), running_op!())),
                                Ok(v) => push_clone!(v),
                                Err(_) => match closure.upvalues[u as usize].borrow().clone() {
                                    Value::Undef => throw!(self.name_error(fi!(), running_op!())),
                                    v => push!(v),
                                },
                            }
                        }
                        Op::StoreUpval(u) => {
                            let v = pop!();
                            *closure.upvalues[u as usize].borrow_mut() = v;
                        }
                        Op::LoadGlobal(g) => {
                            // SAFETY: the shared borrow lives only for the clone
                            // below, which runs no code that could write globals.
                            if let Ok(values) = unsafe { globals!().values.try_borrow_unguarded() }
                            {
                                match values.get(g as usize) {
                                    // Numbers are copied as they are.
                                    Some(
                                        v @ (Value::Null
                                        | Value::Bool(_)
                                        | Value::Int(_)
                                        | Value::Float(_)),
                                    ) => {
                                        // SAFETY: a scalar owns nothing, so a bitwise
                                        // copy is a clone; `push!`'s room holds.
                                        unsafe {
                                            std::ptr::copy_nonoverlapping(v, sp, 1);
                                            sp = sp.add(1);
                                        }
                                        continue;
                                    }
                                    // Calls load functions from globals all the
                                    // time: count the reference inline.
                                    Some(Value::Func(c)) => {
                                        push!(Value::Func(Rc::clone(c)));
                                        continue;
                                    }
                                    Some(Value::Undef) | None => {}
                                    Some(v) => {
                                        push!(v.clone());
                                        continue;
                                    }
                                }
                            }
                            throw!(self.name_error(fi!(), running_op!()));
                        }
                        Op::StoreGlobal(g) => {
                            let mut values = globals!().values.borrow_mut();
                            let Some(slot) = values.get_mut(g as usize) else {
                                drop(values);
                                discard(pop!());
                                continue;
                            };
                            if slot.is_scalar() {
                                // The value moves from the stack into the slot
                                // in one copy: the old one owns nothing.
                                // SAFETY: there is an operand at `sp - 1`;
                                // moving `sp` down hands it to the slot.
                                unsafe {
                                    sp = sp.sub(1);
                                    std::ptr::copy_nonoverlapping(sp, slot, 1);
                                }
                                continue;
                            }
                            *slot = pop!();
                        }
                        Op::MakeCell(s) => {
                            let slot = local_mut!(s);
                            let v = std::mem::take(slot);
                            *slot = Value::Cell(Value::new_cell(v));
                        }
                        Op::LoadCallee => {
                            // SAFETY: the callee slot just below the locals holds
                            // the running closure.
                            let callee = unsafe { (*locals.sub(1)).clone() };
                            push!(callee);
                        }
                        Op::Closure(idx) => {
                            let c = self.make_closure(closure, base!(), idx as usize);
                            push!(c);
                        }
                        Op::Add => {
                            // SAFETY: `Add` has two operands on the stack.
                            let (a, b) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                            if let (Value::Int(x), Value::Int(y)) = (&*a, b) {
                                if let Some(r) = x.checked_add(*y) {
                                    // SAFETY: `a` holds an int.
                                    unsafe { Value::write_int(a, r) };
                                    // SAFETY: `b` is an int: nothing to drop.
                                    sp = unsafe { sp.sub(1) };
                                    continue;
                                }
                            } else if let Some((x, y)) = num::float_pair(a, b) {
                                // SAFETY: both operands are numbers.
                                unsafe {
                                    Value::write_float(a, x + y);
                                    sp = sp.sub(1);
                                }
                                continue;
                            }
                            // SAFETY: `Add` has two operands and an
                            // instruction after it; `locals` is the frame's.
                            if unsafe { append_to_local(sp, ip, locals) } {
                                // SAFETY: the operands were moved out; the
                                // store after this is done.
                                sp = unsafe { sp.sub(2) };
                                ip = ip.wrapping_add(1);
                                continue;
                            }
                            let b = pop!();
                            let a = pop!();
                            let r = out!(self.add_values(a, b, next_op!(), base!(), globals!()));
                            push!(tri!(r));
                        }
                        Op::Sub => num_arith!(checked_sub, -, ops::sub),
                        Op::Mul => num_arith!(checked_mul, *, ops::mul),
                        Op::Div => {
                            // SAFETY: `Div` has two operands on the stack.
                            let (a, b) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                            let pair = match (&*a, b) {
                                (Value::Int(x), Value::Int(y)) => Some((*x as f64, *y as f64)),
                                _ => num::float_pair(a, b),
                            };
                            if let Some((x, y)) = pair {
                                if y != 0.0 {
                                    // SAFETY: both operands are numbers.
                                    unsafe {
                                        Value::write_float(a, x / y);
                                        sp = sp.sub(1);
                                    }
                                    continue;
                                }
                            }
                            let b = pop!();
                            let a = pop!();
                            push!(tri!(ops::div(&a, &b)));
                        }
                        Op::FloorDiv => {
                            // SAFETY: `FloorDiv` has two operands on the stack.
                            let (a, b) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                            if let (Value::Int(x), Value::Int(y)) = (&*a, b) {
                                if let Some(r) =
                                    (*y != 0).then(|| ops::floor_div_i64(*x, *y)).flatten()
                                {
                                    // SAFETY: both operands are ints.
                                    unsafe {
                                        Value::write_int(a, r);
                                        sp = sp.sub(1);
                                    }
                                    continue;
                                }
                            }
                            let b = pop!();
                            let a = pop!();
                            push!(tri!(ops::floor_div(&a, &b)));
                        }
                        Op::Mod => {
                            // SAFETY: `Mod` has two operands on the stack.
                            let (a, b) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                            if let (Value::Int(x), Value::Int(y)) = (&*a, b) {
                                if *y > 0 && *x >= 0 {
                                    let r = x % y;
                                    // SAFETY: `a` holds an int.
                                    unsafe { Value::write_int(a, r) };
                                    // SAFETY: `b` is an int: nothing to drop.
                                    sp = unsafe { sp.sub(1) };
                                    continue;
                                }
                            }
                            let b = pop!();
                            let a = pop!();
                            push!(tri!(ops::modulo(&a, &b)));
                        }
                        Op::Neg => {
                            let top = top!();
                            match *top {
                                Value::Float(x) => {
                                    // SAFETY: the top holds a float.
                                    unsafe { Value::write_float(top, -x) };
                                    continue;
                                }
                                Value::Int(x) if x != i64::MIN => {
                                    // SAFETY: the top holds an int.
                                    unsafe { Value::write_int(top, -x) };
                                    continue;
                                }
                                _ => {}
                            }
                            let a = pop!();
                            push!(tri!(ops::negate(&a)));
                        }
                        Op::Not => {
                            let top = top!();
                            let r = Value::Bool(!truthy(top));
                            Value::assign(top, r);
                        }
                        Op::Eq => equality!(true),
                        Op::Ne => equality!(false),
                        Op::Lt => push!(Value::Bool(pop_compare!(Cmp::Lt))),
                        Op::Le => push!(Value::Bool(pop_compare!(Cmp::Le))),
                        Op::Gt => push!(Value::Bool(pop_compare!(Cmp::Gt))),
                        Op::Ge => push!(Value::Bool(pop_compare!(Cmp::Ge))),
                        Op::CmpJump { cmp, target } => {
                            let holds = pop_compare!(cmp);
                            if !holds {
                                jump!(target);
                            }
                        }
                        Op::AddK(k) => num_arith_k!(k, checked_add, +, ops::add),
                        Op::SubK(k) => num_arith_k!(k, checked_sub, -, ops::sub),
                        Op::MulK(k) => num_arith_k!(k, checked_mul, *, ops::mul),
                        Op::ModLK { slot, k } => {
                            let x = local!(slot);
                            if let Value::Int(i) = *x {
                                if k > 0 && i >= 0 {
                                    push_int!(i % k as i64);
                                    continue;
                                }
                            }
                            if let Value::Undef = x {
                                throw!(self.name_error(fi!(), Op::LoadLocal(slot.into())));
                            }
                            push!(tri!(ops::modulo(x, &Value::Int(k as i64))));
                        }
                        Op::FloorDivK(k) => {
                            let top = top!();
                            if let Value::Int(x) = *top {
                                // Floor division by a positive divisor is
                                // Euclidean division, which cannot overflow.
                                if k > 0 {
                                    // SAFETY: the top holds an int.
                                    unsafe { Value::write_int(top, x.div_euclid(k as i64)) };
                                    continue;
                                }
                            }
                            let a = pop!();
                            push!(tri!(ops::floor_div(&a, &Value::Int(k as i64))));
                        }
                        Op::ModK(k) => {
                            let top = top!();
                            if let Value::Int(x) = *top {
                                if k > 0 && x >= 0 {
                                    // SAFETY: the top holds an int.
                                    unsafe { Value::write_int(top, x % k as i64) };
                                    continue;
                                }
                            }
                            let a = pop!();
                            push!(tri!(ops::modulo(&a, &Value::Int(k as i64))));
                        }
                        Op::CmpGJump { cmp, slot, target } => {
                            // SAFETY: the shared borrow lives only for the
                            // compare (or the clone), which runs no code that
                            // could write globals.
                            let global = unsafe { globals!().values.try_borrow_unguarded() }
                                .ok()
                                .and_then(|values| values.get(slot as usize));
                            // SAFETY: the instruction has its operand on the stack.
                            let fast = match (unsafe { &*sp.sub(1) }, global) {
                                (Value::Int(x), Some(Value::Int(y))) => Some(cmp.holds_i64(*x, *y)),
                                (Value::Float(x), Some(Value::Float(y))) => {
                                    Some(cmp.holds_f64(*x, *y))
                                }
                                (_, Some(Value::Undef) | None) => {
                                    throw!(self.name_error(fi!(), Op::LoadGlobal(slot.into())))
                                }
                                _ => None,
                            };
                            let holds = match (fast, global) {
                                (Some(holds), _) => {
                                    // SAFETY: the operand is a number.
                                    sp = unsafe { sp.sub(1) };
                                    holds
                                }
                                (None, global) => {
                                    let b = global.cloned().unwrap_or(Value::Undef);
                                    let a = pop!();
                                    tri!(compare_other(cmp, a, b))
                                }
                            };
                            if !holds {
                                jump!(target);
                            }
                        }
                        Op::CmpNullJump { cmp, target } => {
                            let v = pop!();
                            let is_null = matches!(v, Value::Null | Value::Undef);
                            release_operand(v);
                            if is_null != (cmp == Cmp::Eq) {
                                jump!(target);
                            }
                        }
                        Op::CmpKJump { cmp, k, target } => {
                            let a = pop!();
                            let holds = match num::compare_k(cmp, &a, k.into()) {
                                Some(holds) => holds,
                                None => tri!(compare_slow(cmp, &a, &Value::Int(k.into()))),
                            };
                            discard(a);
                            if !holds {
                                jump!(target);
                            }
                        }
                        Op::CmpCJump { cmp, konst, target } => {
                            let b = konst!(konst);
                            // SAFETY: the instruction has its operand on the
                            // stack; a number is compared where it lies.
                            let holds = match num::compare(cmp, unsafe { &*sp.sub(1) }, b) {
                                Some(holds) => {
                                    // SAFETY: the operand is a number.
                                    sp = unsafe { sp.sub(1) };
                                    holds
                                }
                                None => {
                                    let a = pop!();
                                    let holds = compare_slow(cmp, &a, b);
                                    discard(a);
                                    tri!(holds)
                                }
                            };
                            if !holds {
                                jump!(target);
                            }
                        }
                        Op::CmpLKJump {
                            cmp,
                            slot,
                            k,
                            target,
                        } => {
                            // Not through `local_cmp_jump!`: comparing with the
                            // immediate directly keeps fib's base-case test short.
                            let a = bound_local!(slot);
                            let holds = match num::compare_k(cmp, a, k.into()) {
                                Some(holds) => holds,
                                None => tri!(compare_slow(cmp, a, &Value::Int(k.into()))),
                            };
                            if !holds {
                                jump!(target);
                            }
                        }
                        Op::CmpLCJump {
                            cmp,
                            slot,
                            konst,
                            target,
                        } => local_cmp_jump!(cmp, slot, konst!(konst), target),
                        Op::CmpLLJump { cmp, a, b, target } => {
                            let x = local!(a);
                            let y = local!(b);
                            let holds = match (x, y) {
                                (Value::Int(x), Value::Int(y)) => cmp.holds_i64(*x, *y),
                                (Value::Float(x), Value::Float(y)) => cmp.holds_f64(*x, *y),
                                (Value::Undef, _) => {
                                    throw!(self.name_error(fi!(), Op::LoadLocal(a.into())))
                                }
                                (_, Value::Undef) => {
                                    throw!(self.name_error(fi!(), Op::LoadLocal(b.into())))
                                }
                                _ => tri!(compare_slow(cmp, x, y)),
                            };
                            if !holds {
                                jump!(target);
                            }
                        }
                        Op::ArithL { op: aop, slot } => arith_local!(aop, slot),
                        Op::ArithLL { op: aop, a, b } => arith_locals!(aop, a, b),
                        Op::ArithLTo { op: aop, slot, dst } => {
                            let to: *mut Value = local_mut!(dst);
                            // SAFETY: the top is an operand, `slot` and `dst`
                            // local slots; the fast path writes `dst` only when
                            // it holds a scalar, and then the top was a number.
                            let (a, b): (*mut Value, *const Value) = (top!(), local!(slot));
                            if unsafe { (*to).is_scalar() && num::arith_to(aop, a, b, to) } {
                                // SAFETY: the top was a number: nothing to drop.
                                sp = unsafe { sp.sub(1) };
                                continue;
                            }
                            let b = bound_local!(slot).clone();
                            let a = pop!();
                            arith_into_local!(aop, a, b, dst);
                        }
                        Op::ArithLLTo { op: aop, a, b, dst } => {
                            let to: *mut Value = local_mut!(dst);
                            // SAFETY: the operands and `dst` are local slots;
                            // the fast path writes `dst` only when it holds a
                            // scalar.
                            let (x, y): (*const Value, *const Value) = (local!(a), local!(b));
                            if unsafe { (*to).is_scalar() && num::arith_to(aop, x, y, to) } {
                                continue;
                            }
                            let (x, y) = (bound_local!(a).clone(), bound_local!(b).clone());
                            arith_into_local!(aop, x, y, dst);
                        }
                        Op::LoadLocal2(a, b) => {
                            let (x, y) = (bound_local!(a), bound_local!(b));
                            push!(x.clone());
                            push!(y.clone());
                        }
                        Op::AddLK { slot, k } => local_plus_k!(slot, k, false),
                        Op::SubLK { slot, k } => local_plus_k!(slot, k, true),
                        Op::AddGK { slot, k } => {
                            // SAFETY: the shared borrow lives only for the
                            // read of the int.
                            if let Ok(values) = unsafe { globals!().values.try_borrow_unguarded() }
                            {
                                if let Some(Value::Int(i)) = values.get(slot as usize) {
                                    if let Some(r) = i.checked_add(k as i64) {
                                        push_int!(r);
                                        continue;
                                    }
                                }
                            }
                            let x = globals!()
                                .values
                                .borrow()
                                .get(slot as usize)
                                .cloned()
                                .unwrap_or(Value::Undef);
                            let r = match x {
                                Value::Int(i) => match i.checked_add(k as i64) {
                                    Some(r) => Value::Int(r),
                                    None => tri!(ops::add(&x, &Value::Int(k as i64))),
                                },
                                Value::Undef => {
                                    throw!(self.name_error(fi!(), Op::LoadGlobal(slot.into())))
                                }
                                _ => tri!(ops::add(&x, &Value::Int(k as i64))),
                            };
                            push!(r);
                        }
                        Op::IncLocalCmp { slot, k } => step_local!(slot, k, {
                            // SAFETY: the compiler puts this head only
                            // before the `CmpLLJump` it runs.
                            let test = unsafe { *ip.add(1) };
                            let Op::CmpLLJump { cmp, a, b, target } = test else {
                                debug_assert!(false, "IncLocalCmp without its test");
                                continue;
                            };
                            if let (Value::Int(x), Value::Int(y)) = (local!(a), local!(b)) {
                                // The test runs here: step over it.
                                ip = ip.wrapping_add(1);
                                if !cmp.holds_i64(*x, *y) {
                                    jump!(target);
                                }
                            }
                        }),
                        Op::IncLocal { slot, k } => step_local!(slot, k, {}),
                        Op::DecLocal { slot, k } => step_local!(slot, k, checked_sub, ops::sub, {}),
                        Op::IncGlobal { slot, k } => {
                            let old = {
                                let mut values = globals!().values.borrow_mut();
                                let Some(v) = values.get_mut(slot as usize) else {
                                    continue;
                                };
                                if let Value::Int(x) = *v {
                                    if let Some(r) = x.checked_add(k as i64) {
                                        // SAFETY: `v` holds an int.
                                        unsafe { Value::write_int(v, r) };
                                        continue;
                                    }
                                }
                                v.clone()
                            };
                            if let Value::Undef = old {
                                throw!(self.name_error(fi!(), Op::LoadGlobal(slot.into())));
                            }
                            let r = tri!(ops::add(&old, &Value::Int(k as i64)));
                            if let Some(v) = globals!().values.borrow_mut().get_mut(slot as usize) {
                                *v = r;
                            }
                        }
                        Op::Jump(t) => jump!(t),
                        Op::JumpIfFalse(t) => {
                            let v = pop!();
                            let jumps = !truthy(&v);
                            discard(v);
                            if jumps {
                                jump!(t);
                            }
                        }
                        Op::JumpIfTrue(t) => {
                            let v = pop!();
                            let jumps = truthy(&v);
                            discard(v);
                            if jumps {
                                jump!(t);
                            }
                        }
                        Op::JumpIfFalseKeep(t) => {
                            if !truthy(top!()) {
                                jump!(t);
                            } else {
                                discard(pop!());
                            }
                        }
                        Op::JumpIfTrueKeep(t) => {
                            if truthy(top!()) {
                                jump!(t);
                            } else {
                                discard(pop!());
                            }
                        }
                        Op::Call(argc) => {
                            let argc = argc as usize;
                            // SAFETY: `Call(argc)` has the callee and `argc`
                            // arguments on the stack (stack-depth analysis).
                            let callee = unsafe { &*sp.sub(argc + 1) };
                            match callee {
                                // Fast path: an ML function called with the right
                                // number of arguments, below the depth limit. An
                                // interrupt takes the slow path, which raises it.
                                // The entry records where the caller resumes.
                                Value::Func(c) if fast_call!(c, argc) => enter_call!(c, argc),
                                Value::Native(n) => {
                                    save_ip!();
                                    call_native_slot!(Rc::as_ptr(n), argc)
                                }
                                _ => {}
                            }
                            // SAFETY: as above.
                            let callee_idx =
                                unsafe { sp.offset_from(self.stack.as_ptr()) } as usize - argc - 1;
                            save_ip!();
                            called!(self.call_at(callee_idx, argc));
                        }
                        Op::CallMethod { name, argc } => {
                            let cache = ic!();
                            let key = konst!(name);
                            let argc = argc as usize;
                            // Fast path: a function field of an object, called
                            // as a plain function (the receiver's slot becomes
                            // the callee's) without a bound value in between.
                            // SAFETY: the receiver and arguments are on the stack.
                            let recv = unsafe { &mut *sp.sub(argc + 1) };
                            if let Value::Object(map) = &*recv {
                                // SAFETY: the field is cloned before anything
                                // else runs.
                                if let Some(Value::Func(c)) =
                                    unsafe { object_field(map, key, cache) }
                                {
                                    if fast_call!(c, argc) {
                                        let c = Rc::clone(c);
                                        let callee = Rc::as_ptr(&c);
                                        let receiver = ObjRef::as_ptr(map);
                                        // The callee takes the receiver's slot
                                        // (releasing it runs no ML code).
                                        // SAFETY: the slot's object count is
                                        // handed to `release_object` as the
                                        // function overwrites it.
                                        unsafe {
                                            std::ptr::write(recv, Value::Func(c));
                                            release_object(receiver);
                                        }
                                        // SAFETY: the callee slot now holds it.
                                        enter_call!(unsafe { &*callee }, argc);
                                    }
                                }
                            }
                            let key = member_name!(name);
                            // `module.f(...)`: the member takes the module's
                            // slot and is called in place.
                            if let Value::Module(m) = &*recv {
                                let module = Rc::as_ptr(m);
                                // SAFETY: the member is cloned before
                                // anything else runs.
                                match unsafe { m.globals.cached_member(key, cache) } {
                                    Some(Value::Native(n)) => {
                                        save_ip!();
                                        let n = Rc::clone(n);
                                        let callee = Rc::as_ptr(&n);
                                        // SAFETY: the slot's count of the
                                        // module is given back as the member
                                        // overwrites it (freeing a module
                                        // runs no ML code).
                                        unsafe {
                                            std::ptr::write(recv, Value::Native(n));
                                            drop(Rc::from_raw(module));
                                        }
                                        call_native_slot!(callee, argc);
                                    }
                                    Some(Value::Func(c)) if fast_call!(c, argc) => {
                                        let c = Rc::clone(c);
                                        let callee = Rc::as_ptr(&c);
                                        // SAFETY: as above.
                                        unsafe {
                                            std::ptr::write(recv, Value::Func(c));
                                            drop(Rc::from_raw(module));
                                        }
                                        // SAFETY: the callee slot now holds it.
                                        enter_call!(unsafe { &*callee }, argc);
                                    }
                                    // Other members, missing ones and those
                                    // read by name: the general path.
                                    _ => {}
                                }
                            }
                            // `text.f(...)`, `array.f(...)`: a built-in method,
                            // reading the receiver and the arguments in place.
                            if let Value::Str(_) | Value::Array(_) | Value::NativeObj(_) = &*recv {
                                save_ip!();
                                let recv: *const Value = recv;
                                let args = native_args!(argc);
                                // SAFETY: the receiver stays in its slot for
                                // the call, like the arguments.
                                let r =
                                    out!(self.call_method_at(unsafe { &*recv }, key, args, cache));
                                drop_native_args!(argc);
                                let v = tri!(r);
                                // The result takes the receiver's slot.
                                let slot: *mut Value = top!();
                                // SAFETY: the slot holds the receiver,
                                // dropped here once and then overwritten.
                                unsafe {
                                    drop_in_slot(slot);
                                    slot.write(v);
                                }
                                continue;
                            }
                            // SAFETY: the receiver and arguments are on the stack.
                            let recv_idx =
                                unsafe { sp.offset_from(self.stack.as_ptr()) } as usize - argc - 1;
                            save_ip!();
                            called!(self.call_member(recv_idx, konst!(name), argc));
                        }
                        Op::CallAppend { name } => {
                            // SAFETY: the receiver is below the argument.
                            if let Value::Array(rc) = unsafe { &*sp.sub(2) } {
                                if let Ok(mut items) = rc.try_borrow_mut() {
                                    let v = pop!();
                                    gc::write_barrier(rc, &v);
                                    items.push(v);
                                    drop(items);
                                    // The receiver's slot becomes the result.
                                    Value::assign(top!(), Value::Null);
                                    continue;
                                }
                            }
                            // SAFETY: `sp` points into the stack's allocation.
                            let recv_idx =
                                unsafe { sp.offset_from(self.stack.as_ptr()) } as usize - 2;
                            save_ip!();
                            called!(self.call_member(recv_idx, konst!(name), 1));
                        }
                        Op::IndexLL(a, i) => {
                            let (obj, index) = (local!(a), local!(i));
                            // SAFETY: the element is only cloned.
                            if let Some(v) = unsafe { array_element(obj, index) } {
                                push_clone!(v);
                            }
                            let v = tri!(self.index_locals(fi!(), (a, obj), (i, index)));
                            push!(v);
                        }
                        Op::IndexLLTo { a, i, dst } => {
                            // The compiler fuses only when `dst` is neither `a`
                            // nor `i`, so the element is read before the store
                            // drops anything.
                            let (obj, index) = (local!(a), local!(i));
                            // SAFETY: the element is cloned before the store into
                            // another slot; dropping that slot's old value runs
                            // no ML code and cannot free this array, which `a`
                            // holds.
                            if let Some(v) = unsafe { array_element(obj, index) } {
                                Value::assign(local_mut!(dst), v.clone());
                                continue;
                            }
                            let v = tri!(self.index_locals(fi!(), (a, obj), (i, index)));
                            Value::assign(local_mut!(dst), v);
                        }
                        Op::MoveLocal { dst, src } => {
                            let v = bound_local!(src).clone();
                            Value::assign(local_mut!(dst), v);
                        }
                        Op::StoreIndexLL(a, i) => {
                            let (obj, index) = (local!(a), local!(i));
                            if let (Value::Array(rc), Value::Int(i)) = (obj, index) {
                                if let Ok(mut items) = rc.try_borrow_mut() {
                                    if let Some(slot) =
                                        usize::try_from(*i).ok().and_then(|i| items.get_mut(i))
                                    {
                                        // Moved in, not cloned and dropped.
                                        let v = pop!();
                                        gc::write_barrier(rc, &v);
                                        Value::assign(slot, v);
                                        continue;
                                    }
                                }
                            }
                            let value = pop!();
                            tri!(self.store_index_locals(fi!(), (a, obj), (i, index), value));
                        }
                        Op::StoreLocalAtLL { a, i, src } => {
                            // Out of line, as `rmw_element_at`: the arm stays
                            // small enough not to move the loop's registers.
                            // SAFETY: the three slots are this frame's locals.
                            if unsafe { store_local_at(locals, a, i, src) } {
                                // SAFETY: the compiler puts this head only
                                // before the store it does.
                                ip = unsafe { ip.add(1) };
                                continue;
                            }
                            push!(bound_local!(src).clone());
                        }
                        Op::GetMemberL { slot, name } => get_member_local!(slot, name),
                        Op::AddMemberLK { slot, name, k } => {
                            let cache = ic!();
                            let key = konst!(name);
                            let obj = local!(slot);
                            if let Value::Object(map) = obj {
                                // SAFETY: the field is only read.
                                if let Some(Value::Int(x)) =
                                    unsafe { object_field(map, key, cache) }
                                {
                                    if let Some(r) = x.checked_add(k.into()) {
                                        push_int!(r);
                                        continue;
                                    }
                                }
                            }
                            let key = member_name!(name);
                            let r = tri!(self.local_member_plus(fi!(), (slot, obj), key, k.into()));
                            push!(r);
                        }
                        Op::IncMemberL { slot, name, k } => {
                            let obj = local!(slot);
                            if let Value::Object(map) = obj {
                                // SAFETY: an int is written over an int and
                                // nothing else runs (see `with_field!`).
                                if let Some(map) = unsafe { map.try_write_unguarded() } {
                                    if let Some(field) = map.cached_slot(konst!(name), ic!()) {
                                        if let Value::Int(x) = *field {
                                            if let Some(r) = x.checked_add(k.into()) {
                                                // SAFETY: the field holds an int.
                                                unsafe { Value::write_int(field, r) };
                                                continue;
                                            }
                                        }
                                    }
                                }
                            }
                            let key = member_name!(name);
                            let r = tri!(self.local_member_plus(fi!(), (slot, obj), key, k.into()));
                            tri!(self.set_local_member(fi!(), (slot, obj), key, r));
                        }
                        Op::GetMemberU { up, name } => get_member_upvalue!(up, name),
                        Op::StoreMemberU { up, name } => {
                            let value = pop!();
                            let cell = upvalue!(up);
                            // SAFETY: the cell is only read here: the store goes
                            // into the object it holds, and dropping the field's
                            // old value runs no ML code and cannot free the cell
                            // (the running closure holds it).
                            if let Ok(Value::Object(rc)) = unsafe { cell.try_borrow_unguarded() } {
                                if let Ok(mut map) = rc.try_borrow_mut() {
                                    if let Some(field) = map.cached_slot(konst!(name), ic!()) {
                                        gc::write_barrier(rc, &value);
                                        Value::assign(field, value);
                                        continue;
                                    }
                                }
                            }
                            let key = member_name!(name);
                            let obj = cell.borrow().clone();
                            match &obj {
                                Value::Undef => {
                                    throw!(self.name_error(fi!(), Op::LoadUpval(up.into())))
                                }
                                Value::Object(rc) => {
                                    if let Ok(mut map) = rc.try_borrow_mut() {
                                        gc::write_barrier(rc, &value);
                                        match cached_key_index(&map, key, ic!()) {
                                            Some(i) => Value::assign(&mut map[i], value),
                                            // The miss searched the keys.
                                            None => map.push_str_key(key, value),
                                        }
                                        continue;
                                    }
                                    tri!(access::set_member(&obj, key, value));
                                }
                                obj => tri!(access::set_member(obj, key, value)),
                            }
                        }
                        Op::StoreMemberL { slot, name } => {
                            let value = pop!();
                            let obj = local!(slot);
                            if let Value::Object(rc) = obj {
                                if let Ok(mut map) = rc.try_borrow_mut() {
                                    gc::write_barrier(rc, &value);
                                    match map.cached_slot(konst!(name), ic!()) {
                                        Some(field) => Value::assign(field, value),
                                        // The miss searched the keys.
                                        None => map.push_str_key(member_name!(name), value),
                                    }
                                    continue;
                                }
                            }
                            match obj {
                                Value::Undef => {
                                    throw!(self.name_error(fi!(), Op::LoadLocal(slot.into())))
                                }
                                obj => tri!(access::set_member(obj, member_name!(name), value)),
                            }
                        }
                        Op::RmwMemberL {
                            op: aop,
                            obj,
                            name,
                            slot,
                        } => {
                            with_field!(local!(obj), konst!(name), |field| rmw_number!(
                                aop, field, slot
                            ));
                            get_member_local!(obj, name);
                        }
                        Op::RmwMemberU {
                            op: aop,
                            up,
                            name,
                            slot,
                        } => {
                            with_upvalue!(up, |obj| {
                                with_field!(obj, konst!(name), |field| rmw_number!(
                                    aop, field, slot
                                ))
                            });
                            get_member_upvalue!(up, name);
                        }
                        Op::IncMemberU { up, name, k } => {
                            with_upvalue!(up, |obj| {
                                with_field!(obj, konst!(name), |field| {
                                    if let Value::Int(x) = *field {
                                        if let Some(r) = x.checked_add(k.into()) {
                                            // SAFETY: the field holds an int.
                                            unsafe { Value::write_int(field, r) };
                                            skip_fused!();
                                        }
                                    }
                                })
                            });
                            get_member_upvalue!(up, name);
                        }
                        // One arm for both forms, the instruction decoded
                        // again out of line (see `rmw_element_at`).
                        Op::RmwIndexLL { a, i, .. } | Op::RmwIndexLK { a, i, .. } => {
                            let op = running_op!();
                            // SAFETY: the instruction's slots are locals of
                            // this frame.
                            if unsafe { rmw_element_at(op, locals) } {
                                skip_fused!();
                            }
                            let (obj, index) = (local!(a), local!(i));
                            let v = tri!(self.index_locals(fi!(), (a, obj), (i, index)));
                            push!(v);
                        }
                        Op::ArithMemberL {
                            op: aop,
                            slot,
                            name,
                        } => {
                            let cache = ic!();
                            let key = konst!(name);
                            if let Value::Object(map) = local!(slot) {
                                // SAFETY: the field is only read, before anything
                                // else runs.
                                if let Some(field) = unsafe { object_field(map, key, cache) } {
                                    let (top, field): (*mut Value, *const Value) = (top!(), field);
                                    // SAFETY: the top is an operand, the field a
                                    // value of the object; the top is written
                                    // only when both are numbers.
                                    if unsafe { num::arith_to(aop, top, field, top) } {
                                        skip_store!();
                                    }
                                }
                            }
                            get_member_local!(slot, name);
                        }
                        Op::ArithStoreMemberL {
                            op: aop,
                            slot,
                            name,
                        } => {
                            with_field!(local!(slot), konst!(name), |field| arith_into!(
                                aop, field
                            ));
                            arith_general!(aop);
                        }
                        Op::ArithStoreMemberU { op: aop, up, name } => {
                            with_upvalue!(up, |obj| {
                                with_field!(obj, konst!(name), |field| arith_into!(aop, field))
                            });
                            arith_general!(aop);
                        }
                        // A return moves its result straight into the
                        // callee's slot, which becomes the caller's top
                        // operand (a `Value` taken into a variable first goes
                        // through a stack temporary), and leaves for the
                        // return path after the loop.
                        // SAFETY (both arms): the callee slot lies just below
                        // the locals; its count of the running closure is
                        // released by `return_with!` through `closure`, so
                        // overwriting it leaks nothing.
                        //
                        // `Return` has its result on the stack; popped, it is
                        // not scanned by the drop loop.
                        Op::Return => {
                            debug_assert!(returning_from_callee(locals, closure));
                            // SAFETY: the top operand moves to the slot.
                            unsafe {
                                sp = sp.sub(1);
                                std::ptr::copy_nonoverlapping(sp, locals.sub(1), 1);
                            }
                            break;
                        }
                        // The frame ends here: its local moves out instead of
                        // being counted once more and dropped, leaving a null
                        // for the drop loop to skip.
                        Op::ReturnLocal(slot) => {
                            debug_assert!(returning_from_callee(locals, closure));
                            let from: *mut Value = local_mut!(slot);
                            bound_local!(slot);
                            // SAFETY: `from` is a bound local; its value moves
                            // to the slot and the local is left holding a
                            // scalar.
                            unsafe {
                                std::ptr::copy_nonoverlapping(from, locals.sub(1), 1);
                                from.write(Value::Null);
                            }
                            break;
                        }
                        Op::MakeArray(n) => {
                            let items = take!(n as usize);
                            push!(Value::array(items));
                        }
                        Op::MakeObject(n) => {
                            let n = 2 * n as usize;
                            // SAFETY: as in `take!`, but the operands are moved
                            // straight into the object, without a vector.
                            let items = unsafe {
                                debug_assert!(sp.sub(n) >= locals.add(rp.num_slots));
                                sp = sp.sub(n);
                                std::slice::from_raw_parts_mut(sp, n)
                            };
                            push!(make_object(items, ic!()));
                        }
                        Op::MakeObjectK { n, keys } => {
                            let n = n as usize;
                            let site = ic!();
                            // SAFETY: the values are the top `n` operands;
                            // `sp` drops below them before they move into
                            // the object, so each has one owner.
                            let obj = unsafe {
                                debug_assert!(sp.sub(n) >= locals.add(rp.num_slots));
                                sp = sp.sub(n);
                                make_keyed_object(sp, n, &rp.consts, keys as usize, site)
                            };
                            push!(obj);
                        }
                        Op::Index => {
                            // SAFETY: `Index` has two operands on the stack.
                            let (obj, index) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                            // SAFETY: the element is cloned before anything runs.
                            if let Some(v) = unsafe { array_element(obj, index) } {
                                let v = v.clone();
                                // The element takes the array's slot; the index
                                // is an int, dropped by moving `sp`.
                                release_operand(std::mem::replace(obj, v));
                                // SAFETY: as above.
                                sp = unsafe { sp.sub(1) };
                                continue;
                            }
                            // SAFETY: as above.
                            if unsafe { index_str_in_place(sp) } {
                                // SAFETY: the index was an int.
                                sp = unsafe { sp.sub(1) };
                                continue;
                            }
                            let index = pop!();
                            let obj = pop!();
                            push!(tri!(access::get_index(&obj, &index)));
                        }
                        Op::StoreIndex => {
                            // SAFETY: `StoreIndex` has its value, object and
                            // index on the stack.
                            let (obj, index) = unsafe { (&*sp.sub(2), &*sp.sub(1)) };
                            if let (Value::Array(rc), Value::Int(i)) = (obj, index) {
                                if let Ok(mut items) = rc.try_borrow_mut() {
                                    if let Some(slot) =
                                        usize::try_from(*i).ok().and_then(|i| items.get_mut(i))
                                    {
                                        // SAFETY: the value moves into the
                                        // array; `sp` drops below all three
                                        // operands before the array is released,
                                        // and the index is an int.
                                        unsafe {
                                            let value = sp.sub(3).read();
                                            gc::write_barrier(rc, &value);
                                            *slot = value;
                                            drop(items);
                                            sp = sp.sub(3);
                                            release_operand(sp.add(1).read());
                                        }
                                        continue;
                                    }
                                }
                            }
                            let index = pop!();
                            let obj = pop!();
                            let value = pop!();
                            tri!(access::set_index(&obj, &index, value));
                        }
                        Op::Slice(flags) => {
                            // `text[a:b]` with int (or no) bounds and no step.
                            // SAFETY: `Slice` has its operands on the stack.
                            if let Some(n) = unsafe { slice_str_in_place(sp, flags) } {
                                // SAFETY: the `n` bounds were ints.
                                sp = unsafe { sp.sub(n) };
                                continue;
                            }
                            let [start, end, step] = slice_parts!(flags);
                            let obj = pop!();
                            push!(tri!(access::get_slice(&obj, &start, &end, &step)));
                        }
                        Op::StoreSlice(flags) => {
                            let [start, end, step] = slice_parts!(flags);
                            let obj = pop!();
                            let value = pop!();
                            tri!(access::set_slice(&obj, &start, &end, &step, &value));
                        }
                        Op::GetMember(k) => {
                            let cache = ic!();
                            let key = konst!(k);
                            let top = top!();
                            if let Value::Object(map) = &*top {
                                // SAFETY: the field is cloned before the object
                                // is released.
                                if let Some(v) = unsafe { object_field(map, key, cache) } {
                                    let v = v.clone();
                                    release_operand(std::mem::replace(top, v));
                                    continue;
                                }
                            }
                            let obj = pop!();
                            let Value::Str(name) = konst!(k) else {
                                continue;
                            };
                            push!(tri!(access::get_member_at(&obj, name, cache)));
                        }
                        Op::StoreMember(k) => {
                            let obj = pop!();
                            let value = pop!();
                            // A field the object has, through the cache.
                            let unstored = match &obj {
                                Value::Object(rc) => match rc.try_borrow_mut() {
                                    Ok(mut map) => match map.cached_slot(konst!(k), ic!()) {
                                        Some(field) => {
                                            gc::write_barrier(rc, &value);
                                            Value::assign(field, value);
                                            None
                                        }
                                        // A new field: the cache's miss was a
                                        // search of the keys, so the key is
                                        // added without another.
                                        None => match konst!(k) {
                                            Value::Str(name) => {
                                                gc::write_barrier(rc, &value);
                                                map.push_str_key(name, value);
                                                None
                                            }
                                            _ => Some(value),
                                        },
                                    },
                                    Err(_) => Some(value),
                                },
                                _ => Some(value),
                            };
                            let Some(value) = unstored else {
                                release_operand(obj);
                                continue;
                            };
                            if let Value::Str(name) = konst!(k) {
                                tri!(access::set_member(&obj, name, value));
                            }
                        }
                        Op::GetIter(s) => {
                            let v = pop!();
                            let it = tri!(iter::make_iter(&v));
                            *local_mut!(s) = Value::Iterator(Rc::new(RefCell::new(it)));
                        }
                        Op::ForLoop { slot, target } => {
                            for_step!(slot, target, |item| push!(item));
                        }
                        Op::ForLoopTo { slot, var, target } => {
                            for_step!(slot, target, |item| Value::assign(local_mut!(var), item));
                        }
                        Op::ForRange { slot, argc, target } => {
                            let argc = argc as usize;
                            // SAFETY: the callee and its arguments are on the
                            // stack; they are only read here.
                            let (callee, args) = unsafe {
                                (
                                    &*sp.sub(argc + 1),
                                    std::slice::from_raw_parts(sp.sub(argc), argc),
                                )
                            };
                            if let Some((start, stop, step)) = self.counted_range(callee, args) {
                                // SAFETY: the arguments are ints: nothing to drop.
                                sp = unsafe { sp.sub(argc) };
                                drop(pop!());
                                Value::assign(local_mut!(slot), Value::Int(start));
                                Value::assign(local_mut!(slot + 1), Value::Int(stop));
                                Value::assign(local_mut!(slot + 2), Value::Int(step));
                                jump!(target);
                            }
                        }
                        Op::SetupTry(t) => setup_handler!(t, false),
                        Op::SetupFinally(t) => setup_handler!(t, true),
                        Op::PopTry => {
                            self.handlers.pop();
                        }
                        Op::Throw => {
                            let v = pop!();
                            throw!(RtError::thrown(v));
                        }
                        Op::Rethrow => {
                            let err = RtError::thrown(pop!());
                            sync!();
                            save_ip!();
                            self.unwind(err, floor, true)?;
                            continue 'frames;
                        }
                        Op::Import(k) => {
                            save_ip!();
                            let name = konst!(k).as_str().unwrap_or("").to_string();
                            let m = out!(self.import(&name));
                            push!(Value::Module(tri!(m)));
                        }
                        Op::ImportBind(k) => {
                            let module = pop!();
                            let dotted = konst!(k).as_str().unwrap_or("");
                            push!(bind_dotted(globals!(), dotted, module));
                        }
                        Op::Unpack(n) => {
                            let v = pop!();
                            let items = tri!(unpack(&v, n as usize));
                            for item in items.into_iter().rev() {
                                push!(item);
                            }
                        }
                        Op::GetKeyStrict(k) => {
                            let v = tri!(destructure_key(top!(), konst!(k)));
                            push!(v);
                        }
                    }
                }
                return_with!()
            };
            // The one raise path: hand the operands back to `self.stack`
            // and record where the frame stopped, for the traceback.
            sync!();
            save_ip!();
            self.unwind(raised, floor, false)?;
        }
    }
}
