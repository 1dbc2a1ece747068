//! Freed boxes of an object's size, kept on a per-thread list and handed
//! out again by the next allocations of that size.
//!
//! Programs that build and drop trees or records free and make small
//! objects in long runs; taking a box from this list and putting it back
//! is a few loads and stores, where the allocator's free and allocation
//! each test which page and which thread a block belongs to first (about
//! 40 instructions per object made and freed). The list is short
//! ([`KEEP`] boxes, 48 KB), so it holds little memory the allocator could
//! otherwise reuse, and it is given back when the thread ends.

use std::alloc::{alloc, dealloc, Layout};
use std::cell::Cell;

/// Boxes kept at most.
const KEEP: u32 = 1024;

/// The size of box the list holds: an object's (see `cell`).
const SIZE: usize = 48;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing kept yet: the first box kept registers the [`Owner`].
    Unowned,
    Owned,
    /// The thread is ending: boxes go straight back to the allocator.
    Closed,
}

/// The first kept box (each holds the address of the next in its first
/// word) and how many there are.
#[derive(Clone, Copy)]
struct Spare {
    head: *mut u8,
    len: u32,
    state: State,
}

thread_local! {
    // No destructor, so reading it is a plain thread-local access (no
    // check that it is alive); `OWNER` empties it when the thread ends.
    static SPARE: Cell<Spare> = const {
        Cell::new(Spare {
            head: std::ptr::null_mut(),
            len: 0,
            state: State::Unowned,
        })
    };
    static OWNER: Owner = const { Owner };
}

/// Gives the kept boxes back to the allocator when the thread ends.
struct Owner;

impl Drop for Owner {
    fn drop(&mut self) {
        let _ = SPARE.try_with(|spare| {
            let mut next = spare.get().head;
            spare.set(Spare {
                head: std::ptr::null_mut(),
                len: 0,
                state: State::Closed,
            });
            while !next.is_null() {
                // SAFETY: each kept box is a live block of `SIZE` bytes
                // whose first word is the next one's address; it is read
                // before the block is freed.
                unsafe {
                    let box_ = next;
                    next = box_.cast::<*mut u8>().read();
                    dealloc(box_, layout());
                }
            }
        });
    }
}

/// Whether boxes of `layout` come from (and go back to) the list: the
/// allocation and the free of a box must agree on it.
#[inline(always)]
pub(super) fn holds(layout: Layout) -> bool {
    layout.size() == SIZE && layout.align() <= 8
}

fn layout() -> Layout {
    // SAFETY: 8 divides 48 and is a power of two.
    unsafe { Layout::from_size_align_unchecked(SIZE, 8) }
}

/// A block for a box of `layout` (which is [`SIZE`] bytes, aligned to at
/// most 8): a kept one when there is one.
///
/// # Safety
/// As `std::alloc::alloc`; `layout` fits a kept box.
#[inline(always)]
pub(super) unsafe fn take(layout: Layout) -> *mut u8 {
    debug_assert!(holds(layout));
    match take_kept() {
        Some(block) => block.as_ptr(),
        // SAFETY: as the caller promises.
        None => unsafe { alloc(layout) },
    }
}

/// A kept box, or `None` when none is kept: no call into the allocator,
/// so a caller whose fast path ends here saves no registers for one.
#[inline(always)]
pub(super) fn take_kept() -> Option<std::ptr::NonNull<u8>> {
    SPARE.with(|s| {
        let spare = s.get();
        let head = std::ptr::NonNull::new(spare.head)?;
        // SAFETY: a kept box's first word is the next one's address.
        let next = unsafe { head.as_ptr().cast::<*mut u8>().read() };
        s.set(Spare {
            head: next,
            len: spare.len - 1,
            ..spare
        });
        Some(head)
    })
}

/// Frees `block`, a box of `layout` (see [`take`]), by keeping it while
/// the list has room.
///
/// # Safety
/// As `std::alloc::dealloc`: `block` was allocated with `layout` and is
/// not used again by the caller.
#[inline(always)]
pub(super) unsafe fn give(block: *mut u8, layout: Layout) {
    let spare = SPARE.with(Cell::get);
    if spare.state != State::Owned {
        // SAFETY: as the caller promises.
        return unsafe { give_slow(block, layout) };
    }
    if spare.len >= KEEP {
        // SAFETY: as the caller promises.
        return unsafe { dealloc(block, layout) };
    }
    // SAFETY: the block is ours now and at least a word long.
    unsafe { block.cast::<*mut u8>().write(spare.head) };
    SPARE.with(|s| {
        s.set(Spare {
            head: block,
            len: spare.len + 1,
            ..spare
        })
    });
}

/// [`give`] when the list is not yet owned, or closed.
///
/// # Safety
/// As for [`give`].
#[cold]
#[inline(never)]
unsafe fn give_slow(block: *mut u8, layout: Layout) {
    let spare = SPARE.with(Cell::get);
    if spare.state == State::Unowned {
        // Registers the owner's destructor; during the thread's end it
        // cannot be, and nothing is kept from then on.
        let state = match OWNER.try_with(|_| ()) {
            Ok(()) => State::Owned,
            Err(_) => State::Closed,
        };
        SPARE.with(|s| s.set(Spare { state, ..spare }));
        if state == State::Owned {
            // SAFETY: as the caller promises.
            return unsafe { give(block, layout) };
        }
    }
    // SAFETY: as the caller promises.
    unsafe { dealloc(block, layout) }
}

/// How many boxes are kept now (for tests).
#[cfg(test)]
pub(super) fn kept() -> u32 {
    SPARE.with(Cell::get).len
}
