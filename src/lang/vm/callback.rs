//! Natives that call one ML function back many times (`functional.map`,
//! `filter`, `reduce`, `collections.sortBy`, ...).
//!
//! [`Vm::callback`] does once, before the loop, every check that holds for
//! the whole of it: the native stack's depth, the frame depth (each callback
//! returns to the same frame count), the arity, profiling, and the room on
//! the value stack and in the frame list (capacities never shrink, and each
//! callback leaves both lengths where they were). [`Vm::call_back`] then
//! only writes the callee, its arguments and a frame record and enters the
//! dispatch loop. The one check left per call is the interrupt flag, so
//! Ctrl-C and time limits still stop a long loop of short callbacks.
//! Anything that is not a closure of the right arity takes the general path
//! on every call, which raises what a direct call would.

use super::*;

/// A callable prepared for repeated calls with a fixed argument count.
pub struct Callback<'f> {
    callee: &'f Value,
    how: How,
}

/// How each call is made.
enum How {
    /// A closure of the right arity: entered straight from the native.
    Direct(Direct),
    /// A native function, borrowed from `Callback::callee`: called with
    /// the arguments in place (no trip through the value stack).
    Native(*const NativeFn),
    /// Anything else, or calls that must raise: `call_general` every time.
    General,
}

/// What a direct entry needs, worked out once.
struct Direct {
    /// Borrowed from `Callback::callee`, which holds the closure.
    closure: *const Closure,
    /// The closure's first instruction.
    entry: *const Op,
    num_slots: usize,
    /// The callee's slot and its slots, which each call adds to the stack.
    frame_len: usize,
    /// The frame count before and after each callback (the `run` floor).
    floor: usize,
    /// The VM's interrupt flag, read once per call: one load from here
    /// instead of two through the VM and its `Arc`.
    interrupt: *const Interrupt,
}

impl Callback<'_> {
    /// Whether calls go straight into the closure (for tests).
    #[cfg(test)]
    fn is_direct(&self) -> bool {
        matches!(self.how, How::Direct(_))
    }
}

impl Vm {
    /// Prepare `callee` for calls with `argc` arguments from a native's
    /// loop. Fails only on the native stack check.
    pub fn callback<'f>(
        &mut self,
        callee: &'f Value,
        argc: usize,
    ) -> Result<Callback<'f>, RtError> {
        self.check_callback_stack()?;
        let how = match callee {
            Value::Func(c) if self.profiler.is_none() && c.proto.arity == argc => {
                let floor = self.frames.len();
                if floor < self.max_depth {
                    self.reserve_stack(1 + c.proto.frame_room);
                    self.frames.reserve(1);
                    How::Direct(Direct {
                        closure: Rc::as_ptr(c),
                        entry: c.proto.proto.code.as_ptr(),
                        num_slots: c.proto.num_slots,
                        frame_len: 1 + c.proto.num_slots,
                        floor,
                        // The VM never replaces its flag's `Arc`.
                        interrupt: &*self.interrupt,
                    })
                } else {
                    How::General
                }
            }
            Value::Native(n) => How::Native(Rc::as_ptr(n)),
            _ => How::General,
        };
        Ok(Callback { callee, how })
    }

    /// Call a prepared callback with `args`, which move into its slots.
    #[inline(always)]
    pub fn call_back<const N: usize>(&mut self, cb: &Callback, args: [Value; N]) -> NativeResult {
        match &cb.how {
            // SAFETY: `d.interrupt` points into the VM's own `Arc`, which it
            // keeps for its whole life.
            How::Direct(d) if !unsafe { &*d.interrupt }.load(AtomicOrdering::Relaxed) => {
                // SAFETY: see `enter_prepared`; `N` is the arity checked by
                // `callback` (the natives pass a constant count).
                unsafe {
                    let args = std::mem::ManuallyDrop::new(args);
                    self.enter_prepared(d, N, |locals| {
                        std::ptr::copy_nonoverlapping(args.as_ptr(), locals, N)
                    })
                };
                self.run(d.floor)
            }
            // SAFETY: `cb.callee` holds the function.
            How::Native(n) => unsafe { self.call_native(*n, &args) },
            _ => self.call_general(cb.callee, &args),
        }
    }

    /// `call_back` with each argument moved from an address (the value
    /// there is given up): straight into the callee's slot with one
    /// 16-byte copy. A value moved through a temporary is stored in pieces
    /// by the compiler, and the slot's whole-value reload then waits for
    /// the pieces (a store-forwarding stall costing more than the rest of
    /// the call's entry).
    ///
    /// # Safety
    /// Each address holds an initialized value that nothing else drops or
    /// reads afterwards.
    #[inline(always)]
    pub unsafe fn call_back_from<const N: usize>(
        &mut self,
        cb: &Callback,
        args: [*mut Value; N],
    ) -> NativeResult {
        match &cb.how {
            // SAFETY: `d.interrupt` points into the VM's own `Arc`, which it
            // keeps for its whole life.
            How::Direct(d) if !unsafe { &*d.interrupt }.load(AtomicOrdering::Relaxed) => {
                // SAFETY: as for `call_back`; the caller gives the values up.
                unsafe {
                    self.enter_prepared(d, N, |locals| {
                        for (i, a) in args.iter().enumerate() {
                            std::ptr::copy_nonoverlapping(*a, locals.add(i), 1);
                        }
                    })
                };
                self.run(d.floor)
            }
            // SAFETY: the caller gives the values up.
            _ => self.call_back(cb, args.map(|a| unsafe { a.read() })),
        }
    }

    /// A prepared predicate's verdict on `args`: the result's truthiness,
    /// the result dropped inline when it is a scalar (the usual `bool`).
    #[inline(always)]
    pub fn call_back_test<const N: usize>(
        &mut self,
        cb: &Callback,
        args: [Value; N],
    ) -> Result<bool, RtError> {
        verdict(self.call_back(cb, args))
    }

    /// `call_back_test` with the arguments moved from addresses, as
    /// `call_back_from` takes them.
    ///
    /// # Safety
    /// As for [`Vm::call_back_from`].
    #[inline(always)]
    pub unsafe fn call_back_test_from<const N: usize>(
        &mut self,
        cb: &Callback,
        args: [*mut Value; N],
    ) -> Result<bool, RtError> {
        // SAFETY: passed on from the caller.
        verdict(unsafe { self.call_back_from(cb, args) })
    }

    /// `[f(x) for x in items]` for a prepared `f` of one argument. Each
    /// result takes the place of the item it came from in `items`' own
    /// buffer, which becomes the output: no second buffer, and no
    /// capacity check per element.
    pub fn map_values(&mut self, f: &Callback, items: Vec<Value>) -> Result<Vec<Value>, RtError> {
        let mut items = Moving::new(items);
        while let Some(item) = items.take() {
            // SAFETY: `take` hands the value over, which leaves its slot
            // empty for the result.
            unsafe {
                let r = self.call_back_from(f, [item]);
                items.put_result_at(item, r)?;
            }
        }
        Ok(items.into_kept())
    }

    /// The items for which a prepared `pred` of one argument is truthy,
    /// moved down within `items`' own buffer, which becomes the output.
    pub fn filter_values(
        &mut self,
        pred: &Callback,
        items: Vec<Value>,
    ) -> Result<Vec<Value>, RtError> {
        let mut items = Moving::new(items);
        while let Some(item) = items.take() {
            // SAFETY: `take` hands the value at `item` over; it is kept,
            // or dropped, exactly once on every path below. The call gets
            // its own count of it, taken in place (nothing for a scalar),
            // and a whole-value copy into its slot (see `call_back_from`):
            // a clone moved through a temporary costs several copies.
            unsafe {
                std::mem::forget((*item).clone());
                match self.call_back_test_from(pred, [item]) {
                    Ok(true) => items.keep(item),
                    Ok(false) => release(item.read()),
                    Err(e) => {
                        drop(item.read());
                        return Err(e);
                    }
                }
            }
        }
        let mut out = items.into_kept();
        // A filter that keeps few of many gives most of the room back.
        if out.len() < out.capacity() / 2 {
            out.shrink_to_fit();
        }
        Ok(out)
    }

    /// The left fold `f(...f(f(acc, x0), x1)..., xn)` for a prepared `f`
    /// of two arguments.
    pub fn fold_values(&mut self, f: &Callback, acc: Value, mut items: Moving) -> NativeResult {
        // The accumulator moves into each call and the result is copied
        // back whole (see `call_back_from`); after a failed call it has
        // moved out for good, so it is never dropped here.
        let mut acc = std::mem::ManuallyDrop::new(acc);
        while let Some(item) = items.take() {
            // SAFETY: `acc` holds a value before the call and the result
            // after it; `take` hands the item over.
            unsafe {
                let r = self.call_back_from(f, [&mut *acc as *mut Value, item]);
                match &r {
                    Ok(v) => std::ptr::copy_nonoverlapping(v, &mut *acc, 1),
                    Err(_) => return r,
                }
                std::mem::forget(r);
            }
        }
        Ok(std::mem::ManuallyDrop::into_inner(acc))
    }

    /// Write the callee and unbound slots above the stack's top, let
    /// `write_args` fill the first `argc` slots, and push the frame record,
    /// all without capacity checks.
    ///
    /// # Safety
    /// `d` comes from `callback` on this VM with `argc` arguments, and the
    /// native has not changed the stack or frame list since (each callback
    /// leaves them at the same lengths, with at least the reserved room);
    /// `write_args` initializes the `argc` slots from its pointer.
    #[inline(always)]
    unsafe fn enter_prepared(
        &mut self,
        d: &Direct,
        argc: usize,
        write_args: impl FnOnce(*mut Value),
    ) {
        debug_assert_eq!(self.frames.len(), d.floor);
        debug_assert!(argc <= d.num_slots);
        let callee_idx = self.stack.len();
        debug_assert!(self.stack.capacity() - callee_idx > d.num_slots);
        debug_assert!(self.frames.capacity() > d.floor);
        // SAFETY: `callback` reserved the callee, its slots and its
        // operands, and one frame record; the callee's closure stays alive
        // through `Callback::callee`, and the new count is released by the
        // frame's return like any callee slot's.
        unsafe {
            let slot = self.stack.as_mut_ptr().add(callee_idx);
            Rc::increment_strong_count(d.closure);
            slot.write(Value::Func(Rc::from_raw(d.closure)));
            let locals = slot.add(1);
            write_args(locals);
            for i in argc..d.num_slots {
                locals.add(i).write(Value::Undef);
            }
            self.stack.set_len(callee_idx + d.frame_len);
            let frame = Frame {
                closure: d.closure,
                ip: d.entry,
                base: callee_idx + 1,
            };
            self.frames.as_mut_ptr().add(d.floor).write(frame);
            self.frames.set_len(d.floor + 1);
        }
    }
}

/// A native's own copy of a collection's values, handed out one at a time
/// by address so that each moves straight to where it goes (a callback's
/// slot, an output array) in one copy; see [`Vm::call_back_from`]. The
/// front of the buffer, freed as values are taken, can hold results
/// (`keep`, `put_result_at`), which `into_kept` hands back as a vector.
pub struct Moving {
    /// Length 0: the values `base..kept` and `at..end` of its buffer
    /// (`base` its start) are owned here (`kept <= at`).
    buf: std::mem::ManuallyDrop<Vec<Value>>,
    /// Addresses in `buf`'s allocation: a step to the next value is one
    /// add, with no index scaled and added to the buffer's start.
    kept: *mut Value,
    at: *mut Value,
    end: *mut Value,
}

impl Moving {
    pub fn new(mut items: Vec<Value>) -> Moving {
        let len = items.len();
        // SAFETY: the values stay initialized and are owned by `Moving`,
        // which drops those not taken; `len` is within the allocation.
        unsafe { items.set_len(0) };
        let base = items.as_mut_ptr();
        Moving {
            buf: std::mem::ManuallyDrop::new(items),
            kept: base,
            at: base,
            // SAFETY: one past the last value, within the allocation.
            end: unsafe { base.add(len) },
        }
    }

    /// The next value's address; the caller owns that value from now on
    /// (moves it out, drops it, or gives it back with `keep`).
    #[inline(always)]
    pub fn take(&mut self) -> Option<*mut Value> {
        if self.at == self.end {
            return None;
        }
        let p = self.at;
        // SAFETY: `at < end`, so the step stays within the allocation.
        self.at = unsafe { p.add(1) };
        Some(p)
    }

    /// The next value, moved out.
    pub fn take_value(&mut self) -> Option<Value> {
        // SAFETY: `take` hands the value over.
        self.take().map(|p| unsafe { p.read() })
    }

    /// Keep the value at `item`, which `take` handed out last, as the next
    /// output value (moved down to the front).
    ///
    /// # Safety
    /// `item` is the last address `take` returned, and its value has not
    /// been moved out or dropped since.
    #[inline(always)]
    pub unsafe fn keep(&mut self, item: *mut Value) {
        debug_assert!(self.kept < self.at);
        // SAFETY: `kept < at`, so the slot at `kept` was taken and holds
        // no value (or is `item` itself); the value moves with one
        // 16-byte copy and has one owner again.
        unsafe {
            std::ptr::copy(item, self.kept, 1);
            self.kept = self.kept.add(1);
        }
    }

    /// Append a callback's result to the output with one 16-byte copy
    /// (see [`Vm::call_back_from`] for why not by moving it), into the
    /// slot of the value it was computed from (`map`'s outputs stand
    /// where their inputs stood).
    ///
    /// # Safety
    /// `item` is the last address `take` returned, every value taken
    /// before it was kept or appended, and its own value has moved out.
    #[inline(always)]
    pub unsafe fn put_result_at(
        &mut self,
        item: *mut Value,
        r: NativeResult,
    ) -> Result<(), RtError> {
        match &r {
            Ok(v) => {
                debug_assert!(std::ptr::eq(item, self.kept));
                debug_assert!(std::ptr::eq(item.wrapping_add(1), self.at));
                // SAFETY: `item` is the slot at `kept`, taken and empty;
                // `r` is forgotten, so the value has one owner.
                unsafe { std::ptr::copy_nonoverlapping(v, item, 1) };
                std::mem::forget(r);
                self.kept = self.at;
                Ok(())
            }
            Err(_) => r.map(|_| ()),
        }
    }

    /// The kept values as a vector, in their buffer; the values not taken
    /// are dropped.
    pub fn into_kept(self) -> Vec<Value> {
        let mut this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `this` is not dropped, so the buffer and the values in
        // it have one owner from here: the values `at..end` are dropped,
        // and the vector takes the buffer with its `base..kept` values.
        unsafe {
            let left = this.end.offset_from(this.at) as usize;
            let rest = std::ptr::slice_from_raw_parts_mut(this.at, left);
            let mut buf = std::mem::ManuallyDrop::take(&mut this.buf);
            buf.set_len(this.kept.offset_from(buf.as_ptr()) as usize);
            std::ptr::drop_in_place(rest);
            buf
        }
    }
}

impl Drop for Moving {
    fn drop(&mut self) {
        // SAFETY: `base..kept` and `at..end` are the values owned here;
        // the vector's length is 0, so dropping it frees only the buffer.
        unsafe {
            let base = self.buf.as_mut_ptr();
            let kept = self.kept.offset_from(base) as usize;
            let left = self.end.offset_from(self.at) as usize;
            std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(base, kept));
            std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(self.at, left));
            std::mem::ManuallyDrop::drop(&mut self.buf);
        }
    }
}

/// A predicate's result as a truth value, dropped inline when it is a
/// scalar (the usual `bool`).
#[inline(always)]
fn verdict(r: NativeResult) -> Result<bool, RtError> {
    // Looked at in place: moving the value out of the result first copies
    // it piece by piece.
    let holds = match &r {
        Ok(Value::Bool(b)) => *b,
        Ok(v) => v.truthy(),
        Err(_) => return r.map(|_| false),
    };
    if let Ok(v) = r {
        release(v);
    }
    Ok(holds)
}

/// Drop a value a native is done with; most are scalars, whose drop is a
/// no-op the compiler still calls out of line.
#[inline(always)]
pub fn release(v: Value) {
    if v.is_scalar() {
        std::mem::forget(v);
    } else {
        drop(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::builtins::lookup;
    use crate::lang::value::BoundMethod;

    #[test]
    fn natives_and_methods_are_not_entered_as_frames() {
        let mut vm = Vm::bare(Box::new(std::io::sink()));
        let len = lookup("len").unwrap();
        let cb = vm.callback(&len, 1).unwrap();
        assert!(!cb.is_direct());
        let arr = Value::array(vec![Value::Int(1), Value::Int(2)]);
        assert!(matches!(
            vm.call_back(&cb, [arr.clone()]),
            Ok(Value::Int(2))
        ));
        let abs = lookup("abs").unwrap();
        let cb_abs = vm.callback(&abs, 1).unwrap();
        let err = vm.call_back(&cb_abs, [arr.clone()]).unwrap_err();
        assert!(err.is(ErrorKind::TypeError));
        let append = Value::BoundMethod(Rc::new(BoundMethod {
            receiver: arr.clone(),
            name: "append".into(),
        }));
        let cb = vm.callback(&append, 1).unwrap();
        assert!(!cb.is_direct());
        assert!(vm.call_back_test(&cb, [Value::Int(7)]).is_ok_and(|b| !b));
        assert!(matches!(
            vm.call_back(&cb, [Value::Int(8)]),
            Ok(Value::Null)
        ));
        let Value::Array(items) = &arr else {
            unreachable!()
        };
        assert_eq!(items.borrow().len(), 4);
    }
}
