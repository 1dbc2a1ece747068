//! The buffer of a long string that is growing by appends (`s = s + t`):
//! its own anonymous memory mapping, which `mremap` grows in place or
//! moves by remapping pages, never by copying them. A `String` doubling
//! through the allocator instead copies its text at each step and, for a
//! while, holds the old buffer beside the new one, so building a string of
//! n bytes peaked at about 2-3 n of resident memory; here it stays n.
//!
//! Linux only (`mremap`); elsewhere strings keep growing as `String`s.

use std::ptr::NonNull;

/// Strings move into a mapping once their `String` buffer is this big and
/// full; smaller ones are cheaper in the allocator.
pub const BIG: usize = 1 << 18;

/// A growable UTF-8 text in a private anonymous mapping.
pub struct BigText {
    ptr: NonNull<u8>,
    len: usize,
    /// The mapping's size: a multiple of the page size.
    cap: usize,
}

impl BigText {
    /// A mapping holding `a` then `b`, with room to grow to twice that.
    pub fn concat(a: &str, b: &str) -> BigText {
        let len = a.len() + b.len();
        let cap = page_round(len.saturating_mul(2).max(1));
        // SAFETY: a fresh private anonymous mapping of `cap` bytes; the
        // result is checked before use.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                cap,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        let ptr = mapped_or_abort(raw, cap);
        // SAFETY: both copies land inside the `cap >= len` new bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(a.as_ptr(), ptr.as_ptr(), a.len());
            std::ptr::copy_nonoverlapping(b.as_ptr(), ptr.as_ptr().add(a.len()), b.len());
        }
        BigText { ptr, len, cap }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        // SAFETY: the first `len` bytes were copied from `&str`s, appended
        // whole, so they are initialized, valid UTF-8.
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr.as_ptr(), self.len))
        }
    }

    pub fn capacity(&self) -> usize {
        self.cap
    }

    pub fn push_str(&mut self, s: &str) {
        let len = self.len.saturating_add(s.len());
        if len > self.cap {
            self.grow(len);
        }
        // SAFETY: `grow` made room for `len` bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), self.ptr.as_ptr().add(self.len), s.len());
        }
        self.len = len;
    }

    /// Doubles the mapping (at least to `need` bytes), in place if the
    /// address space after it is free, else by moving its pages.
    fn grow(&mut self, need: usize) {
        let cap = page_round(need.max(self.cap.saturating_mul(2)));
        // SAFETY: `ptr`/`self.cap` is this value's own mapping; on success
        // the old range is no longer valid and the new one replaces it.
        let raw = unsafe {
            libc::mremap(
                self.ptr.as_ptr().cast(),
                self.cap,
                cap,
                libc::MREMAP_MAYMOVE,
            )
        };
        self.ptr = mapped_or_abort(raw, cap);
        self.cap = cap;
    }
}

impl Drop for BigText {
    fn drop(&mut self) {
        // SAFETY: the mapping is this value's alone and unused from here.
        unsafe {
            libc::munmap(self.ptr.as_ptr().cast(), self.cap);
        }
    }
}

/// `n` rounded up to whole pages.
fn page_round(n: usize) -> usize {
    const PAGE: usize = 4096;
    n.checked_next_multiple_of(PAGE)
        .unwrap_or(usize::MAX & !(PAGE - 1))
}

/// The mapping's address; out of memory is reported like any failed
/// allocation of a growing string (the allocator's abort).
fn mapped_or_abort(raw: *mut libc::c_void, size: usize) -> NonNull<u8> {
    match NonNull::new(raw.cast::<u8>()) {
        Some(p) if raw != libc::MAP_FAILED => p,
        _ => std::alloc::handle_alloc_error(
            std::alloc::Layout::from_size_align(size.min(isize::MAX as usize), 1)
                .unwrap_or(std::alloc::Layout::new::<u8>()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_grow_the_mapping_and_keep_the_text() {
        let mut t = BigText::concat("é", "x");
        assert_eq!(t.as_str(), "éx");
        let first_cap = t.capacity();
        let piece = "0123456789✓".repeat(1000);
        for _ in 0..200 {
            t.push_str(&piece);
        }
        assert!(t.capacity() > first_cap);
        assert_eq!(t.as_str().len(), 3 + 200 * piece.len());
        assert!(t.as_str().ends_with(&piece) && t.as_str().starts_with("éx0123"));
        t.push_str("");
        assert_eq!(t.as_str().len(), 3 + 200 * piece.len());
    }
}
