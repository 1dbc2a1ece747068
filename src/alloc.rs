//! The global allocator: mimalloc, entered through its plain entry points.
//!
//! The `mimalloc` crate's allocator passes every request to
//! `mi_malloc_aligned`, whose small-block fast path gives up whenever the
//! next free block of the size class is not already at the requested
//! alignment and then takes the generic path: about a hundred instructions
//! per allocation where `mi_malloc` needs a handful. Every mimalloc block is
//! at least word-aligned, so requests for word alignment or less (nearly all
//! of them: strings, vectors of values, reference-counted boxes) go to the
//! plain functions, and only larger alignments use the aligned ones.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every mimalloc block has.
const WORD: usize = std::mem::size_of::<usize>();

#[cfg(target_os = "linux")]
mod mapped;

pub struct Allocator;

// SAFETY: each method forwards to the mimalloc function with the same
// contract; blocks from `mi_malloc`/`mi_zalloc`/`mi_realloc` are aligned to
// at least `WORD`, which is all a layout with `align <= WORD` asks for, and
// `mi_free` releases blocks from any of them. A block that grows big
// becomes a mapping of its own (page-aligned; see `mapped`), which
// `mapped` keeps the addresses of, to tell them from mimalloc's blocks.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as described above.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Only the size is tested inline: this is inlined into every drop
        // of a boxed value, where the size is mostly a constant.
        #[cfg(target_os = "linux")]
        if layout.size() >= mapped::BIG {
            // SAFETY: `ptr` is a live block of `layout`.
            return unsafe { mapped::dealloc(ptr, layout) };
        }
        // SAFETY: `ptr` came from one of the functions above.
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if layout.size().max(new_size) >= mapped::BIG {
            // SAFETY: `ptr` is a live block of `layout`, as for `realloc`.
            return unsafe { mapped::realloc(ptr, layout, new_size) };
        }
        // SAFETY: `ptr` came from one of the functions above with `layout`'s
        // alignment, which the reallocated block keeps.
        unsafe { mi_realloc(ptr, layout, new_size) }
    }
}

/// mimalloc's `realloc` for a block of `layout`.
///
/// # Safety
/// As for `GlobalAlloc::realloc`, with `ptr` a mimalloc block.
#[inline]
unsafe fn mi_realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    // SAFETY: as the caller promises.
    unsafe {
        if layout.align() <= WORD {
            mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

extern "C" {
    /// mimalloc's `mi_collect` (exported by the sys crate only with its
    /// `extended` feature).
    fn mi_collect(force: bool);
}

/// Give the pages of freed blocks back to the system now. mimalloc keeps
/// freed memory resident for a while to reuse it, so the process's resident
/// size stays high after a big value is dropped; a memory budget measured
/// on the resident size (the REPL's `--max-memory`) would then stop the
/// next input although the memory is free.
pub fn release_free_memory() {
    // SAFETY: `mi_collect` may be called at any time on any thread; it
    // frees nothing that is in use.
    unsafe { mi_collect(true) }
}

/// mimalloc's `mi_option_arena_eager_commit` (its position in `mi_option_t`;
/// the sys crate exports option names only with its `extended` feature).
#[cfg(target_os = "linux")]
const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;

#[cfg(target_os = "linux")]
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// By default mimalloc commits each new arena whole on systems that
/// overcommit, and the kernel then backs the touched part with huge pages:
/// a program that allocates a few kilobytes already has megabytes resident
/// (an empty program 12.7 MB, with lazy commit 6.9 MB; `bench/quicksort`
/// 27 MB against 15 MB). Arenas are committed as they are used instead.
/// This must run before the first allocation makes the first arena, so it
/// is a constructor that the C runtime calls before `main`. A user's
/// `MIMALLOC_ARENA_EAGER_COMMIT` still wins.
#[cfg(target_os = "linux")]
extern "C" fn commit_arenas_lazily() {
    // SAFETY: `getenv` with a NUL-terminated name, before any thread exists;
    // `mi_option_set` may be called at any time.
    unsafe {
        if libc::getenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr()).is_null() {
            mi_option_set(ARENA_EAGER_COMMIT, 0);
        }
    }
}

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static COMMIT_ARENAS_LAZILY: extern "C" fn() = commit_arenas_lazily;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_alignment_asked_for() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 24, 40, 100, 5000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: nonzero sizes; each block is freed once.
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(7, size);
                    let q = Allocator.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0);
                    assert_eq!(*q, 7);
                    Allocator.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = Allocator.alloc_zeroed(layout);
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|b| *b == 0));
                    Allocator.dealloc(z, layout);
                }
            }
        }
    }

    /// Blocks that cross the size of a mapping either way keep their bytes:
    /// small to big, big to bigger (`mremap`), big to small, and page or
    /// larger alignments, which stay with mimalloc.
    #[test]
    fn blocks_keep_their_bytes_across_the_mapping_size() {
        const BIG: usize = 1 << 20;
        for align in [1, 8, 4096, 8192] {
            let sizes = [BIG / 2, BIG - 1, BIG, 3 * BIG + 5, 9 * BIG, BIG + 1, 100];
            let mut layout = Layout::from_size_align(sizes[0], align).unwrap();
            // SAFETY: each realloc gets the block's current layout; the
            // block is freed once at the end.
            unsafe {
                let mut p = Allocator.alloc(layout);
                assert!(!p.is_null());
                for (i, b) in (0..layout.size()).zip((0u8..251).cycle()) {
                    *p.add(i) = b;
                }
                for &size in &sizes[1..] {
                    let keep = layout.size().min(size);
                    p = Allocator.realloc(p, layout, size);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0);
                    layout = Layout::from_size_align(size, align).unwrap();
                    let bytes = std::slice::from_raw_parts(p, keep);
                    assert!(bytes.iter().zip((0u8..251).cycle()).all(|(a, b)| *a == b));
                    for (i, b) in (keep..size).zip((0u8..251).cycle().skip(keep % 251)) {
                        *p.add(i) = b;
                    }
                }
                Allocator.dealloc(p, layout);
                let z = Allocator.alloc_zeroed(Layout::from_size_align(2 * BIG, align).unwrap());
                assert!(std::slice::from_raw_parts(z, 2 * BIG)
                    .iter()
                    .all(|b| *b == 0));
                Allocator.dealloc(z, Layout::from_size_align(2 * BIG, align).unwrap());
            }
        }
    }
}
