//! Fast paths of strings whose text is all ASCII (every byte a code
//! point, so byte and character positions agree) and of appending texts to
//! a buffer: read from the tag, the cached count and the inline field's
//! words without walking the text. Slices, indexing, `find` and `join`
//! start here; everything else takes the general paths of `mlstr.rs`.

use super::build::{self, inline_words};
use super::{MlStr, INLINE, INLINE_BIT, JOIN_SLACK, TEXT_AT};
use std::rc::Rc;

impl MlStr {
    /// The length of an all-ASCII text (its bytes, which are then its code
    /// points too), read from the tag and the cached count without counting;
    /// `None` for other text. The slice and index fast paths start here.
    #[inline(always)]
    pub fn ascii_len(&self) -> Option<usize> {
        let tag = self.tag();
        let bytes = if tag & INLINE_BIT != 0 {
            usize::from(tag & !INLINE_BIT)
        } else {
            // SAFETY: the tag says the field holds a heap text.
            unsafe { self.repr.heap.as_str().len() }
        };
        // `u32::MAX` is a count not kept (see `char_len`), never a match.
        (self.char_len != u32::MAX && self.char_len as usize == bytes).then_some(bytes)
    }

    /// Bytes `first..stop` of a text that [`MlStr::ascii_len`] found to be
    /// ASCII, as a new shared string. A slice of an inline text is its
    /// field's words shifted and masked in registers; a short slice of a
    /// heap text is read into words from the buffer.
    ///
    /// # Safety
    /// The text is ASCII and `first <= stop <= ` its length.
    #[inline(always)]
    pub unsafe fn rc_ascii_run(&self, first: usize, stop: usize) -> Rc<MlStr> {
        debug_assert!(self.ascii_len().is_some_and(|n| first <= stop && stop <= n));
        let count = stop - first;
        #[cfg(all(target_endian = "little", target_pointer_width = "64"))]
        if self.is_inline() {
            return MlStr::rc_inline(
                build::inline_run(self.field_words(), first, count),
                count as u32,
            );
        }
        // SAFETY: as the caller promises; every byte of ASCII text is a
        // character boundary.
        let run = unsafe { self.as_str().get_unchecked(first..stop) };
        if count <= INLINE {
            return MlStr::rc_inline(inline_words(run.as_bytes()), count as u32);
        }
        Rc::new(MlStr::long_copy(
            run,
            u32::try_from(count).unwrap_or(u32::MAX),
        ))
    }

    /// Appends the text to `out`. An inline text is stored as its field's
    /// three words when `out` has room for them past its length (a joining
    /// buffer reserved with [`JOIN_SLACK`] bytes to spare), instead of a
    /// call to copy a few bytes; the bytes past the text land in the spare
    /// capacity and are overwritten by the next append or never read.
    #[inline(always)]
    pub fn append_to(&self, out: &mut Vec<u8>) {
        let tag = self.tag();
        let len = out.len();
        if tag & INLINE_BIT != 0 && out.capacity() - len >= JOIN_SLACK {
            // SAFETY: the three words fit in the spare capacity (checked
            // just above); the first `tag & !INLINE_BIT` bytes written,
            // which the new length covers, are the text's (at `TEXT_AT`,
            // which is 0 where the tag is the last byte).
            unsafe {
                let at = out.as_mut_ptr().add(len);
                if TEXT_AT == 0 {
                    at.cast::<[usize; 3]>().write_unaligned(self.field_words());
                } else {
                    at.copy_from_nonoverlapping(self.as_str().as_ptr(), self.as_str().len());
                }
                out.set_len(len + usize::from(tag & !INLINE_BIT));
            }
        } else {
            out.extend_from_slice(self.as_str().as_bytes());
        }
    }

    /// The code-point index of the first byte `b` in an inline ASCII text
    /// (`Some(None)`: not there), read from the field's words in
    /// registers; `None` for other text, which the caller searches itself.
    #[inline(always)]
    pub fn inline_ascii_find(&self, b: u8) -> Option<Option<usize>> {
        let len = self.ascii_len()?;
        if !self.is_inline() {
            return None;
        }
        #[cfg(all(target_endian = "little", target_pointer_width = "64"))]
        return Some(build::find_byte_in_field(self.field_words(), b).filter(|&at| at < len));
        #[cfg(not(all(target_endian = "little", target_pointer_width = "64")))]
        return None;
    }
}
