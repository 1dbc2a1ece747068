//! The buffer of a string too long to keep inline ([`HeapText`]).
//!
//! Like a `String`, with one difference: on Linux, a text that grows by
//! appends (`s = s + t`) past [`BIG`] bytes moves into an anonymous memory
//! mapping of its own, which `mremap` then grows in place or moves by
//! remapping pages, never by copying them. A `String` doubling through the
//! allocator copies its text at each step and for a while holds the old
//! buffer beside the new one, so building a string of n bytes peaked at
//! 2-3 n of resident memory; here it stays about n. Which of the two
//! owns the buffer is one bit of the capacity, so reading the text never
//! asks.

use std::alloc::{self, Layout};
use std::ptr::NonNull;

/// Copies `src` to `dst`. Appends are mostly a few bytes (a digit, a
/// word), for which a call to `memcpy` costs more than the copy: up to 16
/// bytes go as two overlapping fixed-size moves (a loop would be turned
/// back into the call).
///
/// # Safety
/// `dst` is valid for `src.len()` bytes of writes and does not overlap
/// `src`.
#[inline]
unsafe fn copy_bytes(src: &[u8], dst: *mut u8) {
    let n = src.len();
    let from = src.as_ptr();
    // SAFETY: every range written lies within `dst[..n]`, every range read
    // within `src`, as the caller promises.
    unsafe {
        // One byte first: a digit or a character appended is the most
        // common append.
        if n == 1 {
            *dst = *from;
            return;
        }
        match n {
            8..=16 => {
                std::ptr::copy_nonoverlapping(from, dst, 8);
                std::ptr::copy_nonoverlapping(from.add(n - 8), dst.add(n - 8), 8);
            }
            4..=7 => {
                std::ptr::copy_nonoverlapping(from, dst, 4);
                std::ptr::copy_nonoverlapping(from.add(n - 4), dst.add(n - 4), 4);
            }
            2 | 3 => {
                std::ptr::copy_nonoverlapping(from, dst, 2);
                std::ptr::copy_nonoverlapping(from.add(n - 2), dst.add(n - 2), 2);
            }
            // (One byte was copied above.)
            0 | 1 => {}
            _ => std::ptr::copy_nonoverlapping(from, dst, n),
        }
    }
}

/// Growing texts move into a mapping once they need this many bytes;
/// smaller ones are cheaper in the allocator.
#[cfg(target_os = "linux")]
pub const BIG: usize = 1 << 18;

/// The capacity bit of a buffer that is a memory mapping.
const MAPPED: usize = 1 << (usize::BITS - 2);

/// Buffers are smaller than this, so the top bit of `cap` is always clear:
/// a string tells its inline text from a `HeapText` by that bit (see
/// `mlstr`). No allocation comes near it (it is above `isize::MAX / 2`).
const CAP_MAX: usize = MAPPED;

/// An owned UTF-8 text: `len` bytes of `cap` at `ptr`. The field order
/// puts the most significant byte of `cap` at the last byte of the struct
/// on little-endian targets and at the first on big-endian ones, where a
/// string's tag byte lies.
#[repr(C)]
pub struct HeapText {
    #[cfg(target_endian = "big")]
    cap: usize,
    ptr: NonNull<u8>,
    len: usize,
    /// Bytes of the buffer, with [`MAPPED`] set for a mapping; always
    /// below [`CAP_MAX`] with that bit taken off.
    #[cfg(target_endian = "little")]
    cap: usize,
}

// SAFETY: the buffer is owned by this value alone, as a `String`'s is.
unsafe impl Send for HeapText {}

impl HeapText {
    /// Takes over the buffer of `s` without copying.
    pub fn from_string(s: String) -> HeapText {
        if s.capacity() >= CAP_MAX {
            too_big(s.capacity());
        }
        let mut bytes = std::mem::ManuallyDrop::new(s.into_bytes());
        HeapText {
            ptr: NonNull::new(bytes.as_mut_ptr()).unwrap_or(NonNull::dangling()),
            len: bytes.len(),
            cap: bytes.capacity(),
        }
    }

    /// A copy of `s` in a buffer of exactly its size.
    pub fn copy_of(s: &str) -> HeapText {
        HeapText::from_string(s.to_string())
    }

    /// `a` followed by `b` in a buffer of exactly that size.
    pub fn concat(a: &str, b: &str) -> HeapText {
        let mut s = String::with_capacity(a.len() + b.len());
        s.push_str(a);
        s.push_str(b);
        HeapText::from_string(s)
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        // SAFETY: the first `len` bytes were copied from `&str`s, appended
        // whole, so they are initialized, valid UTF-8.
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr.as_ptr(), self.len))
        }
    }

    /// The text, to change in place (only as `str` allows: it stays UTF-8).
    #[inline]
    pub fn as_mut_str(&mut self) -> &mut str {
        // SAFETY: as for `as_str`; the buffer is this value's alone and
        // borrowed mutably.
        unsafe {
            std::str::from_utf8_unchecked_mut(std::slice::from_raw_parts_mut(
                self.ptr.as_ptr(),
                self.len,
            ))
        }
    }

    pub fn capacity(&self) -> usize {
        self.cap & !MAPPED
    }

    /// Appends `s` if the buffer has room for it (no growing, so no call
    /// and few registers: the common append of a loop); `false`, changing
    /// nothing, if not.
    #[inline(always)]
    pub fn push_within(&mut self, s: &str) -> bool {
        let len = self.len + s.len();
        if len > self.capacity() {
            return false;
        }
        // SAFETY: `len` bytes fit the buffer; `s` is not inside it (the
        // caller holds `self` mutably).
        unsafe { copy_bytes(s.as_bytes(), self.ptr.as_ptr().add(self.len)) };
        self.len = len;
        true
    }

    #[inline]
    pub fn push_str(&mut self, s: &str) {
        let len = self.len.saturating_add(s.len());
        if len > self.capacity() {
            self.grow(len);
        }
        // SAFETY: `grow` made room for `len` bytes; `s` is not inside this
        // buffer (the caller holds `self` mutably).
        unsafe { copy_bytes(s.as_bytes(), self.ptr.as_ptr().add(self.len)) };
        self.len = len;
    }

    /// Doubles the buffer (at least to `need` bytes).
    #[cold]
    #[inline(never)]
    fn grow(&mut self, need: usize) {
        let old = self.capacity();
        let cap = need.max(old.saturating_mul(2)).max(32);
        // Half the limit: rounding a mapping up to whole pages stays below.
        if cap >= CAP_MAX / 2 {
            too_big(cap);
        }
        #[cfg(target_os = "linux")]
        if self.cap & MAPPED != 0 {
            return self.remap(cap);
        } else if cap >= BIG {
            return self.map(cap);
        }
        let ptr = if old == 0 {
            // SAFETY: a non-zero size.
            unsafe { alloc::alloc(bytes_layout(cap)) }
        } else {
            // SAFETY: the buffer came from the global allocator with this
            // layout (a `String`'s, or an earlier `grow`).
            unsafe { alloc::realloc(self.ptr.as_ptr(), bytes_layout(old), cap) }
        };
        self.ptr =
            NonNull::new(ptr).unwrap_or_else(|| alloc::handle_alloc_error(bytes_layout(cap)));
        self.cap = cap;
    }

    /// Moves the text into a new mapping of `cap` bytes (rounded to pages).
    #[cfg(target_os = "linux")]
    fn map(&mut self, cap: usize) {
        let cap = page_round(cap);
        // SAFETY: a fresh private anonymous mapping; checked before use.
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
        // SAFETY: the text fits the new mapping (`cap > len`); the old
        // buffer is the allocator's, released with its own layout.
        unsafe {
            std::ptr::copy_nonoverlapping(self.ptr.as_ptr(), ptr.as_ptr(), self.len);
            if self.cap != 0 {
                alloc::dealloc(self.ptr.as_ptr(), bytes_layout(self.cap));
            }
        }
        self.ptr = ptr;
        self.cap = cap | MAPPED;
    }

    /// Grows the mapping to `cap` bytes, in place if the address space
    /// after it is free, else by moving its pages.
    #[cfg(target_os = "linux")]
    fn remap(&mut self, cap: usize) {
        let cap = page_round(cap);
        // SAFETY: `ptr` is this value's own mapping of `capacity()` bytes;
        // on success the old range is gone and the new one replaces it.
        let raw = unsafe {
            libc::mremap(
                self.ptr.as_ptr().cast(),
                self.capacity(),
                cap,
                libc::MREMAP_MAYMOVE,
            )
        };
        self.ptr = mapped_or_abort(raw, cap);
        self.cap = cap | MAPPED;
    }
}

impl Drop for HeapText {
    fn drop(&mut self) {
        let cap = self.capacity();
        if cap == 0 {
            return;
        }
        #[cfg(target_os = "linux")]
        if self.cap & MAPPED != 0 {
            // SAFETY: the mapping is this value's alone and unused from here.
            unsafe { libc::munmap(self.ptr.as_ptr().cast(), cap) };
            return;
        }
        // SAFETY: an allocator buffer of `cap` bytes, unused from here.
        unsafe { alloc::dealloc(self.ptr.as_ptr(), bytes_layout(cap)) };
    }
}

/// A buffer of `n` bytes cannot be had: reported as the allocator reports
/// a failed allocation (an abort). Only a size past `CAP_MAX` comes here,
/// which no allocation could satisfy anyway.
#[cold]
fn too_big(n: usize) -> ! {
    alloc::handle_alloc_error(bytes_layout(n.min(isize::MAX as usize)))
}

fn bytes_layout(n: usize) -> Layout {
    Layout::array::<u8>(n).unwrap_or_else(|_| Layout::new::<[u8; 0]>())
}

/// `n` rounded up to whole pages.
#[cfg(target_os = "linux")]
fn page_round(n: usize) -> usize {
    const PAGE: usize = 4096;
    n.checked_next_multiple_of(PAGE)
        .unwrap_or(usize::MAX & !(PAGE - 1))
}

/// The mapping's address; out of memory is reported like any failed
/// allocation of a growing string (the allocator's abort).
#[cfg(target_os = "linux")]
fn mapped_or_abort(raw: *mut libc::c_void, size: usize) -> NonNull<u8> {
    match NonNull::new(raw.cast::<u8>()) {
        Some(p) if raw != libc::MAP_FAILED => p,
        _ => alloc::handle_alloc_error(bytes_layout(size.min(isize::MAX as usize))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_of_every_short_length_copy_exactly() {
        let source = "0123456789abcdefghijklmnopqrstuvwxyzé✓";
        let mut text = HeapText::from_string(String::new());
        let mut expected = String::new();
        for round in 0..3 {
            for end in (0..=source.len()).filter(|e| source.is_char_boundary(*e)) {
                let piece = &source[round..end.max(round)];
                text.push_str(piece);
                expected.push_str(piece);
                assert_eq!(text.as_str(), expected);
            }
        }
    }

    #[test]
    fn appends_grow_the_buffer_and_keep_the_text() {
        let mut t = HeapText::concat("é", "x");
        assert_eq!(t.as_str(), "éx");
        let piece = "0123456789✓".repeat(1000);
        let mut expected = String::from("éx");
        for _ in 0..200 {
            t.push_str(&piece);
            expected.push_str(&piece);
            assert!(t.capacity() >= t.as_str().len());
        }
        assert_eq!(t.as_str(), expected);
        t.push_str("");
        assert_eq!(t.as_str(), expected);
        #[cfg(target_os = "linux")]
        assert!(
            t.cap & MAPPED != 0,
            "a text of {} bytes is mapped",
            expected.len()
        );
    }

    #[test]
    fn adopted_strings_keep_their_buffer() {
        let mut s = String::with_capacity(100);
        s.push_str("abc");
        let at = s.as_ptr();
        let mut t = HeapText::from_string(s);
        assert_eq!(
            (t.as_str(), t.capacity(), t.as_str().as_ptr()),
            ("abc", 100, at)
        );
        t.push_str(&"d".repeat(200));
        assert_eq!(t.as_str().len(), 203);
        let empty = HeapText::from_string(String::new());
        assert_eq!((empty.as_str(), empty.capacity()), ("", 0));
        let mut grown = HeapText::from_string(String::new());
        grown.push_str("z");
        assert_eq!(grown.as_str(), "z");
    }
}
