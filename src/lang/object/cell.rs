//! `RcCell<T>`: a reference-counted, borrow-checked box, what
//! `Rc<RefCell<T>>` gives, in one word of header instead of three.
//!
//! An ML object is a layout pointer and two inline values (40 bytes). As
//! `Rc<RefCell<Object>>` it costs a strong count, a weak count and a borrow
//! flag on top, 64 bytes per object; the allocator's size classes around it
//! are 48, 64 and 80, so only a header of one word brings an object down
//! to the 48-byte class (a tree of a million nodes: 16 MB less).
//!
//! The header is one word: a 32-bit strong count, then a 32-bit state of
//! an 8-bit weak count, a 23-bit count of shared borrows and a bit for a
//! mutable borrow. Each half is only ever read and written whole, at its
//! own width (a narrow store followed by a wider read of the same bytes
//! would defeat the processor's store forwarding on the hottest path, the
//! drop of a value), and the state's tests take 32-bit immediates.
//! The only weak references are the cycle collector's handles (at most one
//! per container), so 8 bits are plenty; counts that would overflow abort,
//! as `Rc`'s do, and never wrap. Borrows behave as `RefCell`'s: the same
//! `try_` results, the same panics.
//!
//! All the unsafe code of the box is here.

mod spare;

use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::cell::{Cell, UnsafeCell};
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

const WEAK_ONE: u32 = 1;
const WEAK: u32 = 0xFF;
const READ_ONE: u32 = 1 << 8;
/// A mutable borrow. The top bit, so that a state with it set is negative
/// and adding a shared borrow to the largest count sets it: one sign test
/// refuses both.
const WRITING: u32 = 1 << 31;

/// The allocation: the header (strong count, state), then the value.
#[repr(C)]
pub struct CellBox<T> {
    strong: Cell<u32>,
    state: Cell<u32>,
    value: UnsafeCell<T>,
}

/// A counted reference to a [`CellBox`] (see the module documentation).
pub struct RcCell<T> {
    ptr: NonNull<CellBox<T>>,
    /// Owns a `CellBox<T>` (for drop checking); `NonNull` already makes
    /// this neither `Send` nor `Sync`.
    _owns: PhantomData<CellBox<T>>,
}

/// A weak reference: keeps the allocation, not the value. Made only by
/// the cycle collector (at most 255 at once to one box).
pub struct CellWeak<T> {
    ptr: NonNull<CellBox<T>>,
}

/// The error of [`CellBox::try_borrow`]: the value is being written.
#[derive(Debug)]
pub struct BorrowError;

/// The error of [`CellBox::try_borrow_mut`]: the value is borrowed.
#[derive(Debug)]
pub struct BorrowMutError;

#[cold]
#[inline(never)]
fn count_overflow() -> ! {
    // As `Rc` does: counting past the limit can only come from leaking
    // references in a loop, and wrapping would free a live value.
    std::process::abort()
}

impl<T> RcCell<T> {
    /// A new box holding `value` (strong count 1, no weak reference).
    #[inline]
    pub fn new(value: T) -> RcCell<T> {
        // SAFETY: the whole value is written.
        unsafe { RcCell::new_with(|place: *mut T| place.write(value)) }
    }

    /// A new box whose value `init` writes in place (no copy of the value
    /// through the stack).
    ///
    /// # Safety
    /// `init` must initialize the whole value at the pointer it is given.
    /// If it panics, the allocation is leaked (never read or dropped).
    #[inline(always)]
    pub unsafe fn new_with(init: impl FnOnce(*mut T)) -> RcCell<T> {
        let layout = Layout::new::<CellBox<T>>();
        // SAFETY: `CellBox<T>` holds at least the header: not zero-sized.
        let raw = unsafe {
            if spare::holds(layout) {
                spare::take(layout)
            } else {
                alloc(layout)
            }
        }
        .cast::<CellBox<T>>();
        let Some(ptr) = NonNull::new(raw) else {
            handle_alloc_error(layout)
        };
        // SAFETY: `ptr` is a fresh allocation for a `CellBox<T>`; `init` as
        // the caller promises.
        unsafe { RcCell::fill(ptr, init) }
    }

    /// [`RcCell::new_with`] in a kept box (see `spare`), or `None`, with
    /// nothing done, when no box of this size is kept: calls nothing, so
    /// a caller's fast path that makes a box this way saves no registers.
    ///
    /// # Safety
    /// As for [`RcCell::new_with`].
    #[inline(always)]
    pub unsafe fn new_kept_with(init: impl FnOnce(*mut T)) -> Option<RcCell<T>> {
        if !spare::holds(Layout::new::<CellBox<T>>()) {
            return None;
        }
        let ptr = spare::take_kept()?.cast::<CellBox<T>>();
        // SAFETY: a kept box is a live block of the size and alignment of
        // a `CellBox<T>` (`holds` above) that nothing else uses; `init` as
        // the caller promises.
        Some(unsafe { RcCell::fill(ptr, init) })
    }

    /// The one reference to a new box at `ptr`: its header written here,
    /// its value by `init`.
    ///
    /// # Safety
    /// `ptr` is an unused block of a `CellBox<T>`'s size and alignment;
    /// `init` initializes the whole value at the pointer it is given.
    #[inline(always)]
    unsafe fn fill(ptr: NonNull<CellBox<T>>, init: impl FnOnce(*mut T)) -> RcCell<T> {
        let raw = ptr.as_ptr();
        // SAFETY: as the caller promises.
        unsafe {
            std::ptr::addr_of_mut!((*raw).strong).write(Cell::new(1));
            std::ptr::addr_of_mut!((*raw).state).write(Cell::new(0));
            init(UnsafeCell::raw_get(std::ptr::addr_of!((*raw).value)));
        }
        RcCell {
            ptr,
            _owns: PhantomData,
        }
    }

    #[inline(always)]
    fn inner(&self) -> &CellBox<T> {
        // SAFETY: a strong reference keeps the box and its value alive.
        unsafe { self.ptr.as_ref() }
    }

    /// The box's address (the identity of the value, as `Rc::as_ptr`).
    #[inline(always)]
    pub fn as_ptr(this: &RcCell<T>) -> *const CellBox<T> {
        this.ptr.as_ptr()
    }

    #[inline(always)]
    pub fn ptr_eq(a: &RcCell<T>, b: &RcCell<T>) -> bool {
        a.ptr == b.ptr
    }

    #[inline(always)]
    pub fn strong_count(this: &RcCell<T>) -> usize {
        this.inner().strong.get() as usize
    }

    #[inline(always)]
    pub fn weak_count(this: &RcCell<T>) -> usize {
        (this.inner().state.get() & WEAK) as usize
    }

    /// Gives up one strong reference to the box at `ptr` (as
    /// `Rc::decrement_strong_count`).
    ///
    /// # Safety
    /// `ptr` is [`RcCell::as_ptr`] of a reference whose count is given up
    /// here (that reference is never dropped).
    #[inline(always)]
    pub unsafe fn decrement_strong_count(ptr: *const CellBox<T>) {
        // SAFETY: as the caller promises, a live box with a count to give.
        drop(unsafe { RcCell::from_raw(ptr) })
    }

    /// Takes back a strong reference given up as its pointer (as
    /// `Rc::from_raw`).
    ///
    /// # Safety
    /// `ptr` is [`RcCell::as_ptr`] of a live reference whose count is
    /// taken over here (that reference is never dropped).
    #[inline(always)]
    pub unsafe fn from_raw(ptr: *const CellBox<T>) -> RcCell<T> {
        RcCell {
            // SAFETY: as the caller promises, a live box.
            ptr: unsafe { NonNull::new_unchecked(ptr.cast_mut()) },
            _owns: PhantomData,
        }
    }

    /// A weak reference to the box (the collector's handle).
    pub fn downgrade(this: &RcCell<T>) -> CellWeak<T> {
        this.inner().add_weak();
        CellWeak { ptr: this.ptr }
    }

    /// Gives up this reference without dropping the value when it is the
    /// last one: the count goes to zero and the allocation is freed unless
    /// a weak reference still holds it.
    ///
    /// # Safety
    /// This must be the last strong reference, and the value must have
    /// been moved out of the box already (see [`CellBox::as_ptr`]): it is
    /// never dropped here.
    #[inline(always)]
    pub unsafe fn free_moved_out(this: RcCell<T>) {
        let this = std::mem::ManuallyDrop::new(this);
        let inner = this.inner();
        debug_assert_eq!(inner.strong.get(), 1, "not the last reference");
        inner.strong.set(0);
        if inner.state.get() & WEAK == 0 {
            // SAFETY: no strong or weak reference is left.
            unsafe { free_box(this.ptr) }
        }
    }

    /// The last strong reference is gone (the count is already zero):
    /// drop the value, then free the box unless a weak reference holds it.
    #[cold]
    #[inline(never)]
    unsafe fn drop_slow(&mut self) {
        let inner = self.inner();
        // The value's drop must not see the box freed by a weak reference
        // going away meanwhile: it holds one of its own while it runs.
        inner.add_weak();
        // SAFETY: no strong reference is left, so nothing reads the value
        // again; it is dropped once.
        unsafe { std::ptr::drop_in_place(inner.value.get()) };
        let state = inner.state.get() - WEAK_ONE;
        inner.state.set(state);
        if state & WEAK == 0 {
            // SAFETY: no strong or weak reference is left.
            unsafe { free_box(self.ptr) }
        }
    }
}

/// Frees the allocation of a box.
///
/// # Safety
/// No reference to the box is left and its value was dropped or moved out.
#[inline(always)]
unsafe fn free_box<T>(ptr: NonNull<CellBox<T>>) {
    let layout = Layout::new::<CellBox<T>>();
    // SAFETY: allocated in `RcCell::new_with` with this layout (from the
    // spare boxes when of their size).
    unsafe {
        if spare::holds(layout) {
            spare::give(ptr.as_ptr().cast(), layout)
        } else {
            dealloc(ptr.as_ptr().cast(), layout)
        }
    }
}

impl<T> Clone for RcCell<T> {
    #[inline(always)]
    fn clone(&self) -> RcCell<T> {
        let strong = &self.inner().strong;
        let n = strong.get().wrapping_add(1);
        if n == 0 {
            count_overflow();
        }
        strong.set(n);
        RcCell {
            ptr: self.ptr,
            _owns: PhantomData,
        }
    }
}

impl<T> Drop for RcCell<T> {
    #[inline(always)]
    fn drop(&mut self) {
        let strong = &self.inner().strong;
        // At least 1 while this reference lives.
        let n = strong.get() - 1;
        strong.set(n);
        if n == 0 {
            // SAFETY: that was the last strong reference.
            unsafe { self.drop_slow() }
        }
    }
}

impl<T> Deref for RcCell<T> {
    type Target = CellBox<T>;
    #[inline(always)]
    fn deref(&self) -> &CellBox<T> {
        self.inner()
    }
}

impl<T> CellBox<T> {
    /// One more weak reference (aborts rather than overflow).
    fn add_weak(&self) {
        let state = self.state.get();
        if state & WEAK == WEAK {
            count_overflow();
        }
        self.state.set(state + WEAK_ONE);
    }

    /// A pointer to the value (as `RefCell::as_ptr`).
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut T {
        self.value.get()
    }

    #[inline(always)]
    pub fn try_borrow(&self) -> Result<CellRef<'_, T>, BorrowError> {
        let state = self.state.get().wrapping_add(READ_ONE);
        if (state as i32) < 0 {
            // Being written, or the largest number of shared borrows.
            return Err(BorrowError);
        }
        self.state.set(state);
        Ok(CellRef { cell: self })
    }

    #[inline(always)]
    pub fn try_borrow_mut(&self) -> Result<CellRefMut<'_, T>, BorrowMutError> {
        let state = self.state.get();
        if state >= READ_ONE {
            return Err(BorrowMutError);
        }
        self.state.set(state | WRITING);
        Ok(CellRefMut { cell: self })
    }

    /// The value, borrowed; panics while it is being written.
    #[inline(always)]
    #[track_caller]
    pub fn borrow(&self) -> CellRef<'_, T> {
        match self.try_borrow() {
            Ok(r) => r,
            Err(_) => borrow_failed(),
        }
    }

    /// The value, borrowed for writing; panics while it is borrowed.
    #[inline(always)]
    #[track_caller]
    pub fn borrow_mut(&self) -> CellRefMut<'_, T> {
        match self.try_borrow_mut() {
            Ok(r) => r,
            Err(_) => borrow_mut_failed(),
        }
    }

    /// The value to write, without a guard and without marking the box,
    /// when nothing borrows it (what `try_borrow_mut` tests): a write
    /// that runs no other code saves the two stores of the mark.
    ///
    /// # Safety
    /// No borrow of the box may be taken while the reference is used.
    #[inline(always)]
    #[expect(
        clippy::mut_from_ref,
        reason = "as `UnsafeCell::get`: the caller promises no other borrow while it writes"
    )]
    pub unsafe fn try_write_unguarded(&self) -> Option<&mut T> {
        if self.state.get() >= READ_ONE {
            return None;
        }
        // SAFETY: nothing borrows the value now; the caller keeps it so.
        Some(unsafe { &mut *self.value.get() })
    }

    /// The value without a guard, unless it is being written (as
    /// `RefCell::try_borrow_unguarded`).
    ///
    /// # Safety
    /// No mutable borrow may be taken while the reference is used.
    #[inline(always)]
    pub unsafe fn try_borrow_unguarded(&self) -> Result<&T, BorrowError> {
        if (self.state.get() as i32) < 0 {
            return Err(BorrowError);
        }
        // SAFETY: not being written now; the caller keeps it so.
        Ok(unsafe { &*self.value.get() })
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn borrow_failed() -> ! {
    panic!("already mutably borrowed: BorrowError")
}

#[cold]
#[inline(never)]
#[track_caller]
fn borrow_mut_failed() -> ! {
    panic!("already borrowed: BorrowMutError")
}

/// A shared borrow (as `std::cell::Ref`).
pub struct CellRef<'a, T> {
    cell: &'a CellBox<T>,
}

impl<T> Deref for CellRef<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: the shared borrow counted in the header excludes writers.
        unsafe { &*self.cell.value.get() }
    }
}

impl<T> Drop for CellRef<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        let state = &self.cell.state;
        state.set(state.get() - READ_ONE);
    }
}

/// A mutable borrow (as `std::cell::RefMut`).
pub struct CellRefMut<'a, T> {
    cell: &'a CellBox<T>,
}

impl<T> Deref for CellRefMut<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: the mutable borrow in the header excludes everyone else.
        unsafe { &*self.cell.value.get() }
    }
}

impl<T> DerefMut for CellRefMut<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and this guard is borrowed mutably.
        unsafe { &mut *self.cell.value.get() }
    }
}

impl<T> Drop for CellRefMut<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        let state = &self.cell.state;
        state.set(state.get() & !WRITING);
    }
}

impl<T> CellWeak<T> {
    /// Strong references left (zero once the value is gone).
    #[inline(always)]
    pub fn strong_count(&self) -> usize {
        // SAFETY: a weak reference keeps the allocation, header included.
        unsafe { self.ptr.as_ref() }.strong.get() as usize
    }

    /// The box's address (see [`RcCell::as_ptr`]).
    #[inline(always)]
    pub fn as_ptr(&self) -> *const CellBox<T> {
        self.ptr.as_ptr()
    }

    /// A strong reference, while the value is alive.
    pub fn upgrade(&self) -> Option<RcCell<T>> {
        if self.strong_count() == 0 {
            return None;
        }
        // SAFETY: alive: a new strong reference is counted by the clone,
        // and the temporary one is never dropped.
        let this = std::mem::ManuallyDrop::new(RcCell {
            ptr: self.ptr,
            _owns: PhantomData,
        });
        Some((*this).clone())
    }

    /// The weak reference as a plain pointer, to be taken back by
    /// [`CellWeak::from_raw`] (which the reference now waits for).
    pub fn into_raw(self) -> *const CellBox<T> {
        std::mem::ManuallyDrop::new(self).ptr.as_ptr()
    }

    /// # Safety
    /// `ptr` came from [`CellWeak::into_raw`], and that reference is taken
    /// back once (or only viewed and never dropped).
    pub unsafe fn from_raw(ptr: *const CellBox<T>) -> CellWeak<T> {
        // SAFETY: as the caller promises, a box pointer: not null.
        CellWeak {
            ptr: unsafe { NonNull::new_unchecked(ptr.cast_mut()) },
        }
    }
}

impl<T> Drop for CellWeak<T> {
    fn drop(&mut self) {
        // SAFETY: this weak reference keeps the allocation until here.
        let inner = unsafe { self.ptr.as_ref() };
        let state = inner.state.get() - WEAK_ONE;
        inner.state.set(state);
        if state & WEAK == 0 && inner.strong.get() == 0 {
            // Straight to the allocator, not onto the spare boxes: this
            // drop is inlined where the collector drops its handles, which
            // the spare list's code would make too big to inline.
            // SAFETY: the value is gone and so is every reference; the
            // block came from the allocator or the spare boxes, which hold
            // only the allocator's blocks of this layout.
            unsafe { dealloc(self.ptr.as_ptr().cast(), Layout::new::<CellBox<T>>()) }
        }
    }
}

#[cfg(test)]
mod tests;
