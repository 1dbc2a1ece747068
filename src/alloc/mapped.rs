//! Blocks that grow big as memory mappings of their own (Linux).
//!
//! When `realloc` grows a block to [`BIG`] bytes or more (a long array's
//! values as `append` doubles them, a text or a table growing), the block
//! moves into an anonymous mapping, and from then on grows by `mremap`,
//! which extends the mapping in place or moves its pages, never copies
//! them; the new tail costs nothing until it is written. Through the
//! allocator each doubling copied the values into a fresh block and held old
//! and new side by side, and the freed old blocks stayed resident until
//! mimalloc purged them: `bench/wordfreq` (600,000 words appended to an
//! array) peaked at 66 MB where CPython needs 53 MB. Freeing a mapping
//! returns its pages at once.
//!
//! Blocks made big from the start (`[0] * n`, a slice, a joined text) stay
//! with mimalloc: a program that makes and drops such blocks in a loop
//! reuses the same warm memory, where fresh mappings would fault in every
//! page each time (about 2.5x the run time in a loop making a 1.6 MB array).
//!
//! A mapping is always at least [`BIG`] bytes, so a smaller block is
//! mimalloc's without asking; the addresses of the live mappings are kept
//! in a small table ([`LIVE`]) that tells a bigger block's owner. (mimalloc's
//! own `mi_is_in_heap_region` cannot: it misses blocks of gigabytes that
//! mimalloc takes straight from the system above its address map.)

use super::mi_realloc;
use libmimalloc_sys as mi;
use std::alloc::Layout;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Blocks that grow to this many bytes or more become mappings.
pub const BIG: usize = 1 << 20;

const PAGE: usize = 4096;

/// How many mappings may live at once; past that, growing blocks stay
/// with mimalloc (a thousand blocks of a megabyte or more each).
const SLOTS: usize = 1024;

/// A slot's value while its mapping is being moved by `mremap`: no block
/// has this address, so no lookup matches it, and no other mapping can take
/// the slot.
const MOVING: usize = 1;

/// The addresses of the live mappings (0: a free slot).
static LIVE: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];

/// Slots at or past this index have never been used, so lookups stop here.
static USED: AtomicUsize = AtomicUsize::new(0);

/// Whether a block of `size` bytes aligned to `align` may be a mapping.
#[inline(always)]
fn may_own(size: usize, align: usize) -> bool {
    size >= BIG && align <= PAGE
}

/// The slot of the live mapping at `ptr`, if the block of `layout` there
/// is one. Only the thread that holds a block asks about it, so the slot
/// cannot change under the caller.
fn slot_of(ptr: *mut u8, layout: Layout) -> Option<&'static AtomicUsize> {
    if !may_own(layout.size(), layout.align()) {
        return None;
    }
    let used = USED.load(Ordering::Acquire);
    LIVE[..used]
        .iter()
        .find(|slot| slot.load(Ordering::Acquire) == ptr as usize)
}

/// Records the new mapping at `ptr`; false when every slot is taken.
fn remember(ptr: *mut u8) -> bool {
    for (i, slot) in LIVE.iter().enumerate() {
        if slot.load(Ordering::Relaxed) == 0
            && slot
                .compare_exchange(0, ptr as usize, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        {
            USED.fetch_max(i + 1, Ordering::AcqRel);
            return true;
        }
    }
    false
}

/// `GlobalAlloc::dealloc` for a block of [`BIG`] bytes or more: unmapped
/// if it is a mapping, else given back to mimalloc.
///
/// # Safety
/// As for `GlobalAlloc::dealloc`.
#[cold]
#[inline(never)]
pub unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
    // SAFETY: `ptr` is a live block of `layout`, released through the path
    // that made it.
    unsafe {
        match slot_of(ptr, layout) {
            Some(slot) => {
                // Freed first: the address is still mapped, so no other
                // block can have it yet.
                slot.store(0, Ordering::Release);
                unmap(ptr, layout.size());
            }
            None => mi::mi_free(ptr.cast()),
        }
    }
}

/// `GlobalAlloc::realloc` for a block whose old or new size is at least
/// [`BIG`] (with a page alignment or more it stays with mimalloc): a mapping is resized by `mremap` (or moved back to mimalloc
/// below `BIG`); a mimalloc block growing past `BIG` moves into a mapping,
/// or stays with mimalloc if no mapping can be made.
///
/// # Safety
/// As for `GlobalAlloc::realloc`.
#[cold]
#[inline(never)]
pub unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    let old = layout.size();
    if layout.align() > PAGE {
        // SAFETY: a mimalloc block (mappings are page-aligned at most).
        return unsafe { mi_realloc(ptr, layout, new_size) };
    }
    // SAFETY: `ptr` is a live block of `layout`; each branch copies only
    // the bytes both blocks hold and releases the old block through the
    // path that made it, after the new one exists.
    unsafe {
        if let Some(slot) = slot_of(ptr, layout) {
            if new_size >= BIG {
                slot.store(MOVING, Ordering::Release);
                let to = remap(ptr, old, new_size);
                let kept = if to.is_null() { ptr } else { to };
                slot.store(kept as usize, Ordering::Release);
                return to;
            }
            let to = if layout.align() <= super::WORD {
                mi::mi_malloc(new_size)
            } else {
                mi::mi_malloc_aligned(new_size, layout.align())
            } as *mut u8;
            if !to.is_null() {
                std::ptr::copy_nonoverlapping(ptr, to, new_size);
                slot.store(0, Ordering::Release);
                unmap(ptr, old);
            }
            return to;
        }
        if new_size > old && new_size >= BIG {
            let to = map(new_size);
            if !to.is_null() {
                if remember(to) {
                    std::ptr::copy_nonoverlapping(ptr, to, old);
                    mi::mi_free(ptr.cast());
                    return to;
                }
                unmap(to, new_size);
            }
        }
        mi_realloc(ptr, layout, new_size)
    }
}

/// `n` rounded up to whole pages (`None` past the address space).
fn pages(n: usize) -> Option<usize> {
    n.checked_next_multiple_of(PAGE)
}

/// A fresh zeroed mapping of at least `size` bytes, or null.
#[cold]
fn map(size: usize) -> *mut u8 {
    let Some(len) = pages(size) else {
        return std::ptr::null_mut();
    };
    // SAFETY: a new private anonymous mapping, touching no existing memory.
    let raw = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if raw == libc::MAP_FAILED {
        std::ptr::null_mut()
    } else {
        raw.cast()
    }
}

/// Releases the mapping of a block of `size` bytes made by [`map`] or
/// [`remap`].
///
/// # Safety
/// `ptr` is such a block, unused from here.
unsafe fn unmap(ptr: *mut u8, size: usize) {
    if let Some(len) = pages(size) {
        // SAFETY: the caller's block, mapped with exactly `len` bytes.
        unsafe { libc::munmap(ptr.cast::<c_void>(), len) };
    }
}

/// The mapping of `old` bytes at `ptr` resized to `new` bytes (both at
/// least [`BIG`]): grown or shrunk in place when it can be, else moved by
/// its pages. Null on failure, and then the old mapping is untouched.
///
/// # Safety
/// `ptr` is a block of `old` bytes made by [`map`] or [`remap`].
#[cold]
unsafe fn remap(ptr: *mut u8, old: usize, new: usize) -> *mut u8 {
    let (Some(old_len), Some(new_len)) = (pages(old), pages(new)) else {
        return std::ptr::null_mut();
    };
    if old_len == new_len {
        return ptr;
    }
    // SAFETY: the caller's mapping of `old_len` bytes; on success it is
    // replaced by the returned one, on failure left as it was.
    let raw = unsafe { libc::mremap(ptr.cast::<c_void>(), old_len, new_len, libc::MREMAP_MAYMOVE) };
    if raw == libc::MAP_FAILED {
        std::ptr::null_mut()
    } else {
        raw.cast()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_grow_and_shrink_keeping_their_bytes() {
        let p = map(BIG + 1);
        assert!(!p.is_null());
        // SAFETY: the block has BIG + 1 bytes; each size below is that of
        // the block at that point.
        unsafe {
            assert!(std::slice::from_raw_parts(p, BIG + 1)
                .iter()
                .all(|b| *b == 0));
            p.write_bytes(0xab, BIG + 1);
            let q = remap(p, BIG + 1, 8 * BIG);
            assert!(!q.is_null());
            assert!(std::slice::from_raw_parts(q, BIG + 1)
                .iter()
                .all(|b| *b == 0xab));
            q.add(8 * BIG - 1).write(7);
            let same = remap(q, 8 * BIG, 8 * BIG - 5);
            assert_eq!(same, q, "a size in the same pages keeps the mapping");
            let r = remap(q, 8 * BIG - 5, BIG);
            assert!(!r.is_null());
            assert_eq!(*r.add(BIG - 1), 0xab);
            unmap(r, BIG);
        }
    }

    #[test]
    fn impossible_sizes_fail_without_touching_the_block() {
        assert!(map(usize::MAX - 10).is_null());
        let p = map(BIG);
        // SAFETY: `p` is a block of BIG bytes; a failed remap leaves it.
        unsafe {
            p.write(3);
            assert!(remap(p, BIG, usize::MAX - 10).is_null());
            assert_eq!(*p, 3);
            unmap(p, BIG);
        }
    }

    #[test]
    fn only_grown_blocks_are_mappings() {
        assert!(!may_own(BIG - 1, 8));
        assert!(may_own(BIG, PAGE));
        assert!(!may_own(BIG, 2 * PAGE));
        let layout = Layout::from_size_align(2 * BIG, 8).unwrap();
        // SAFETY: each block is live while asked about and freed once,
        // through the path that owns it.
        unsafe {
            let made_big = mi::mi_malloc(2 * BIG) as *mut u8;
            assert!(
                slot_of(made_big, layout).is_none(),
                "a block made big is mimalloc's"
            );
            let grown = realloc(made_big, layout, 3 * BIG);
            let layout = Layout::from_size_align(3 * BIG, 8).unwrap();
            assert!(
                slot_of(grown, layout).is_some(),
                "a block grown big is a mapping"
            );
            let small = realloc(grown, layout, 100);
            let small_layout = Layout::from_size_align(100, 8).unwrap();
            assert!(slot_of(small, small_layout).is_none());
            mi::mi_free(small.cast());
        }
    }
}
