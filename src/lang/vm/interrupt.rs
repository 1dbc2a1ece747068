//! The interrupt flag: Ctrl-C, `--timeout` and the memory budget raise it
//! from other threads, and the VM looks at it on every backward jump and
//! every ML call (see `lang/limits.rs`).
//!
//! It also holds the fast call path's depth limit, so that a call tests
//! the depth limit, the frame list's room and a pending interrupt with one
//! compare: raising the flag sets the limit to 0, which sends every call
//! to the general path, and that path raises the interruption exactly as
//! a raised flag always has. Clearing the flag leaves the limit at 0 until
//! the VM sets it again (`Vm::open_fast_calls`: at the next chunk, or
//! after the next call through the general path), so a cleared flag costs
//! at most one slow call.
//!
//! The methods mirror `AtomicBool`'s, which this type replaced: holders of
//! the flag raise it with `store(true, ..)` or `swap(true, ..)`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Interrupt {
    raised: AtomicBool,
    /// The frame count below which a call may take the fast path: 0 while
    /// the flag is raised, else at most the frame list's capacity (only
    /// the VM's own thread writes anything but 0 here), so the fast path
    /// may push a frame without a capacity check.
    call_limit: AtomicUsize,
}

impl Interrupt {
    /// A lowered flag; calls take the general path until the VM sets the
    /// limit.
    pub fn new() -> Interrupt {
        Interrupt {
            raised: AtomicBool::new(false),
            call_limit: AtomicUsize::new(0),
        }
    }

    /// Whether the flag is raised.
    #[inline(always)]
    pub fn load(&self, order: Ordering) -> bool {
        self.raised.load(order)
    }

    /// Raise (`true`) or lower (`false`) the flag. Raising is always
    /// sequentially consistent, whatever `order` says (see
    /// [`Interrupt::set_call_limit`]).
    pub fn store(&self, raised: bool, order: Ordering) {
        if raised {
            self.raise();
        } else {
            self.raised.store(false, order);
        }
    }

    /// [`Interrupt::store`], returning whether the flag was raised before.
    pub fn swap(&self, raised: bool, order: Ordering) -> bool {
        if raised {
            self.raise()
        } else {
            self.raised.swap(false, order)
        }
    }

    fn raise(&self) -> bool {
        let was = self.raised.swap(true, Ordering::SeqCst);
        self.call_limit.store(0, Ordering::SeqCst);
        was
    }

    /// The fast call path's limit (read on every call).
    #[inline(always)]
    pub(super) fn call_limit(&self) -> usize {
        self.call_limit.load(Ordering::Relaxed)
    }

    /// Open the fast call path up to `limit` frames, unless the flag is
    /// raised (or gets raised meanwhile): the limit is written, then the
    /// flag read, both sequentially consistent, as a raise writes the flag
    /// and then 0 here. If this read misses the raise, the raise's write
    /// of 0 comes after this write in the single order of such operations
    /// and is the value left; else the 0 is written here.
    pub(super) fn set_call_limit(&self, limit: usize) {
        if self.call_limit.load(Ordering::Relaxed) == limit {
            return;
        }
        self.call_limit.store(limit, Ordering::SeqCst);
        if self.raised.load(Ordering::SeqCst) {
            self.call_limit.store(0, Ordering::SeqCst);
        }
    }
}

impl Default for Interrupt {
    fn default() -> Interrupt {
        Interrupt::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raising_closes_the_fast_call_path_until_the_vm_reopens_it() {
        let i = Interrupt::new();
        i.set_call_limit(100);
        assert_eq!(i.call_limit(), 100);
        assert!(!i.swap(true, Ordering::Relaxed));
        assert_eq!(i.call_limit(), 0);
        assert!(i.load(Ordering::Relaxed));
        // A raised flag keeps the path closed.
        i.set_call_limit(100);
        assert_eq!(i.call_limit(), 0);
        assert!(i.swap(true, Ordering::Relaxed));
        i.store(false, Ordering::SeqCst);
        assert!(!i.load(Ordering::Relaxed));
        assert_eq!(i.call_limit(), 0);
        i.set_call_limit(100);
        assert_eq!(i.call_limit(), 100);
        i.store(true, Ordering::Relaxed);
        assert_eq!(i.call_limit(), 0);
    }
}
