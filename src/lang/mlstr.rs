//! mlpy's string type: immutable text with its length in code points and
//! its key hash cached; short texts inline, long ones in a [`HeapText`].

mod ascii;
mod build;

use super::bigtext::HeapText;
use build::{decimal, field_bytes, inline_field, inline_words, int_words, joined_words};
use std::cell::Cell;
use std::fmt;
use std::hash::Hasher;
use std::mem::ManuallyDrop;
use std::rc::Rc;

/// An immutable string with its length in code points cached, so that
/// indexing ASCII text is O(1) and `len()` never rescans.
///
/// Text of up to [`INLINE`] bytes (23 on 64-bit targets) is stored inside
/// the string itself, so a short string (a word, a key, a 16-character
/// slice) is one allocation, the `Rc` box, instead of a box plus a text
/// buffer: most strings programs make are short, and this halves the
/// allocations and saves memory on each.
pub struct MlStr {
    repr: Repr,
    /// Code points, or `u32::MAX` for a text too long to say here (counted
    /// again when asked).
    char_len: u32,
    /// The text's hash as an object key, computed on first use (0: not yet),
    /// so a key string that is used again (a literal's key, a word being
    /// counted) is hashed once. See [`str_hash`].
    hash: Cell<u32>,
}

/// Bytes of the text field: three words, the size of a [`HeapText`].
const REPR: usize = 3 * std::mem::size_of::<usize>();

/// The longest text kept inline: all of the field but its tag byte.
pub const INLINE: usize = REPR - 1;

/// Spare bytes a buffer that texts are appended to with
/// [`MlStr::append_to`] is reserved with, so that each inline text is one
/// store of its field.
pub const JOIN_SLACK: usize = REPR;

/// Where the tag byte lies: the most significant byte of the heap text's
/// capacity, whose top bit a [`HeapText`] keeps clear (see
/// `bigtext::CAP_MAX`). An inline text sets that bit and keeps its length
/// in the rest of the byte.
const TAG_AT: usize = if cfg!(target_endian = "little") {
    REPR - 1
} else {
    0
};
/// Where an inline text starts: the other bytes of the field.
const TEXT_AT: usize = if cfg!(target_endian = "little") { 0 } else { 1 };
const INLINE_BIT: u8 = 0x80;

/// The text: inline bytes, or a heap buffer, told apart by the tag byte.
///
/// Invariants every constructor keeps:
/// * an inline text's bytes past its length are zero (it starts from zeros
///   and appends only within its length), so two inline texts are equal
///   exactly when their fields are, and the first eight bytes read as a
///   big-endian word order texts as their bytes do;
/// * a heap text is longer than [`INLINE`] bytes (shorter ones are always
///   made inline), so an inline text never equals a heap one.
#[repr(C)]
union Repr {
    inline: [u8; REPR],
    heap: ManuallyDrop<HeapText>,
}

const _: () = assert!(std::mem::size_of::<HeapText>() == REPR);
const _: () = assert!(std::mem::size_of::<MlStr>() <= 32);
const _: () = assert!(INLINE < INLINE_BIT as usize && INLINE >= 8);

impl MlStr {
    pub fn new(s: String) -> MlStr {
        let char_len = count_chars(&s);
        if s.len() <= INLINE {
            return MlStr::inline(&s, char_len);
        }
        MlStr::heap(HeapText::from_string(s), char_len)
    }

    /// A string copied from `s` (no intermediate `String` for short text).
    pub fn copy_of(s: &str) -> MlStr {
        if s.len() <= INLINE {
            MlStr::inline(s, count_chars(s))
        } else {
            MlStr::new(s.to_string())
        }
    }

    /// [`MlStr::copy_of`] for a caller that knows how many code points `s`
    /// has (a slice of a string), so the text is not scanned to count them.
    #[inline(always)]
    pub fn copy_counted(s: &str, char_len: usize) -> MlStr {
        debug_assert_eq!(s.chars().count(), char_len);
        let char_len = u32::try_from(char_len).unwrap_or(u32::MAX);
        if s.len() <= INLINE {
            return MlStr::inline(s, char_len);
        }
        MlStr::long_copy(s, char_len)
    }

    /// `Rc::new(MlStr::copy_of(s))`, made in place (see
    /// [`MlStr::rc_counted`]).
    #[inline]
    pub fn rc_copy(s: &str) -> Rc<MlStr> {
        if s.len() <= INLINE {
            return MlStr::rc_inline(inline_words(s.as_bytes()), count_chars(s));
        }
        Rc::new(MlStr::new(s.to_string()))
    }

    /// `Rc::new(MlStr::copy_counted(s, char_len))`, made in place: the box
    /// is allocated first and a short text's field is stored into it once,
    /// as words put together in registers. `Rc::new` builds the string on
    /// the stack, keeps it there across the allocation and copies it into
    /// the box as wider words than it was written with, which stalls on
    /// store forwarding at each new string.
    #[inline(always)]
    pub fn rc_counted(s: &str, char_len: usize) -> Rc<MlStr> {
        debug_assert_eq!(s.chars().count(), char_len);
        let char_len = u32::try_from(char_len).unwrap_or(u32::MAX);
        if s.len() <= INLINE {
            return MlStr::rc_inline(inline_words(s.as_bytes()), char_len);
        }
        Rc::new(MlStr::long_copy(s, char_len))
    }

    /// The decimal text of `i` as a new string. A number of up to 15
    /// digits (and its sign) is put together in registers, the last digit
    /// first, and stored once; longer ones go through a byte buffer.
    pub fn rc_int(i: i64) -> Rc<MlStr> {
        if let Some((words, len)) = int_words(i) {
            return MlStr::rc_inline(words, len);
        }
        Rc::new(decimal(i))
    }

    /// The decimal text of `i` as a string value of its own (inline: every
    /// int's text fits), for a caller that only reads it.
    pub fn int(i: i64) -> MlStr {
        match int_words(i) {
            Some((words, len)) => MlStr {
                repr: Repr {
                    inline: field_bytes(words),
                },
                char_len: len,
                hash: Cell::new(0),
            },
            None => decimal(i),
        }
    }

    /// A new shared string whose field is `words` (an inline text, tag
    /// included), written straight into the new box.
    #[inline(always)]
    fn rc_inline(words: [usize; 3], char_len: u32) -> Rc<MlStr> {
        let rc = Rc::<MlStr>::new_uninit();
        let p = Rc::as_ptr(&rc).cast_mut().cast::<MlStr>();
        // SAFETY: `rc` is the only reference to its fresh box, so writing
        // through its pointer is writing to memory no one else sees; every
        // field is initialized before `assume_init` (the field as whole
        // words, the layout both forms share: `Repr` is `repr(C)`, three
        // words, aligned as a word).
        unsafe {
            let field = std::ptr::addr_of_mut!((*p).repr).cast::<usize>();
            for (i, w) in words.into_iter().enumerate() {
                field.add(i).write(w);
            }
            std::ptr::addr_of_mut!((*p).char_len).write(char_len);
            std::ptr::addr_of_mut!((*p).hash).write(Cell::new(0));
            rc.assume_init()
        }
    }

    /// The three words of an inline field as it lies in memory (tag
    /// included), read as words: a field stored as words is read back
    /// without a stall on store forwarding.
    #[inline(always)]
    fn field_words(&self) -> [usize; 3] {
        // SAFETY: every byte of the field is initialized in both forms;
        // the field is three aligned words (`repr(C)` union of a word
        // struct and bytes).
        unsafe {
            let at = std::ptr::addr_of!(self.repr).cast::<usize>();
            [at.read(), at.add(1).read(), at.add(2).read()]
        }
    }

    /// The tag byte: [`INLINE_BIT`] and the length for an inline text,
    /// else a byte of the heap text's capacity with that bit clear.
    #[inline(always)]
    fn tag(&self) -> u8 {
        // SAFETY: every byte of the field is initialized in both forms;
        // the one read here is never part of a pointer (see `TAG_AT`).
        unsafe { self.repr.inline[TAG_AT] }
    }

    #[inline(always)]
    fn is_inline(&self) -> bool {
        self.tag() & INLINE_BIT != 0
    }

    /// The heap text, if the text is not inline.
    #[inline(always)]
    fn heap_text(&self) -> Option<&HeapText> {
        // SAFETY: the tag says which form the field holds.
        (!self.is_inline()).then(|| unsafe { &*self.repr.heap })
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        let tag = self.tag();
        if tag & INLINE_BIT != 0 {
            // SAFETY: an inline text's `tag & !INLINE_BIT` bytes from
            // `TEXT_AT` were copied from `&str`s, appended whole, so they
            // are valid UTF-8 (and within the field: the length is at most
            // `INLINE`).
            unsafe {
                let len = usize::from(tag & !INLINE_BIT);
                let at = self.repr.inline.as_ptr().add(TEXT_AT);
                std::str::from_utf8_unchecked(std::slice::from_raw_parts(at, len))
            }
        } else {
            // SAFETY: the tag says the field holds a heap text.
            unsafe { self.repr.heap.as_str() }
        }
    }

    /// The text, to change in place (only as `str` allows: it stays UTF-8).
    fn as_mut_str(&mut self) -> &mut str {
        let tag = self.tag();
        if tag & INLINE_BIT != 0 {
            let len = usize::from(tag & !INLINE_BIT);
            // SAFETY: as for `as_str`, borrowed mutably through `self`.
            unsafe {
                std::str::from_utf8_unchecked_mut(&mut self.repr.inline[TEXT_AT..TEXT_AT + len])
            }
        } else {
            // SAFETY: the tag says the field holds a heap text.
            unsafe { (*self.repr.heap).as_mut_str() }
        }
    }

    #[inline]
    pub fn char_len(&self) -> usize {
        if self.char_len == u32::MAX {
            return self.as_str().chars().count();
        }
        self.char_len as usize
    }

    /// Whether the text is empty (one compare of the cached length).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.char_len == 0
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len() == self.as_str().len()
    }

    /// A string of `text` whose code points the caller has counted.
    pub fn counted(text: String, char_len: usize) -> MlStr {
        debug_assert_eq!(text.chars().count(), char_len);
        let char_len = u32::try_from(char_len).unwrap_or(u32::MAX);
        if text.len() <= INLINE {
            return MlStr::inline(&text, char_len);
        }
        MlStr::heap(HeapText::from_string(text), char_len)
    }

    /// The code point at index `i` (already bounds-checked by the caller).
    #[inline]
    pub fn char_at(&self, i: usize) -> Option<char> {
        let s = self.as_str();
        if self.is_ascii() {
            s.as_bytes().get(i).map(|b| *b as char)
        } else {
            s.chars().nth(i)
        }
    }

    /// Whether the two texts are equal. Two inline texts compare as their
    /// fields (three words, the length included), an inline text never
    /// equals a heap one, and only two heap texts compare bytes.
    #[inline]
    pub fn same_text(&self, other: &MlStr) -> bool {
        match (self.is_inline(), other.is_inline()) {
            (true, true) => self.field_words() == other.field_words(),
            (false, false) => self.as_str() == other.as_str(),
            _ => false,
        }
    }

    /// The order of the two texts (by bytes, which for UTF-8 is by code
    /// points); most pairs differ in their first eight bytes, compared as
    /// one word.
    #[inline]
    pub fn cmp_text(&self, other: &MlStr) -> std::cmp::Ordering {
        let (x, y) = (self.head(), other.head());
        if x != y {
            return x.cmp(&y);
        }
        self.as_str().as_bytes().cmp(other.as_str().as_bytes())
    }

    /// The first eight bytes, zero-padded, as a big-endian word: a shorter
    /// text that is a prefix of a longer one pads with zeros, which never
    /// sorts above a byte of the longer one.
    #[inline]
    fn head(&self) -> u64 {
        let mut word = [0u8; 8];
        match self.heap_text() {
            // A heap text is longer than eight bytes.
            Some(h) => word.copy_from_slice(&h.as_str().as_bytes()[..8]),
            // Read as the word it was stored as (see `field_words`).
            #[cfg(all(target_endian = "little", target_pointer_width = "64"))]
            None => return (self.field_words()[0] as u64).swap_bytes(),
            // SAFETY: an inline field; its bytes past the text are zero.
            #[cfg(not(all(target_endian = "little", target_pointer_width = "64")))]
            None => word.copy_from_slice(unsafe { &self.repr.inline[TEXT_AT..TEXT_AT + 8] }),
        }
        u64::from_be_bytes(word)
    }

    /// A copy in upper (or lower) case when the text is ASCII: made in
    /// place in the copy, without the intermediate `String` of the general
    /// Unicode mapping. `None` for other text.
    pub fn ascii_case(&self, upper: bool) -> Option<MlStr> {
        if !self.is_ascii() {
            return None;
        }
        let mut copy = MlStr::copy_counted(self.as_str(), self.char_len());
        let text = copy.as_mut_str();
        if upper {
            text.make_ascii_uppercase();
        } else {
            text.make_ascii_lowercase();
        }
        Some(copy)
    }

    /// `a` followed by `b`, built in place when the result is short.
    pub fn concat(a: &MlStr, b: &MlStr) -> MlStr {
        let (x, y) = (a.as_str(), b.as_str());
        if x.len() + y.len() <= INLINE {
            return MlStr {
                repr: Repr {
                    inline: field_bytes(joined_words(a, b)),
                },
                char_len: sum_len(a.char_len, b.char_len),
                hash: Cell::new(0),
            };
        }
        MlStr::heap(HeapText::concat(x, y), sum_len(a.char_len, b.char_len))
    }

    /// [`MlStr::concat`] as a new shared string, made in place (see
    /// [`MlStr::rc_counted`]).
    #[inline]
    pub fn concat_rc(a: &MlStr, b: &MlStr) -> Rc<MlStr> {
        if a.as_str().len() + b.as_str().len() <= INLINE {
            return MlStr::rc_inline(joined_words(a, b), sum_len(a.char_len, b.char_len));
        }
        MlStr::concat_long(a, b)
    }

    /// [`MlStr::concat_rc`] of a result too long to keep inline.
    #[inline(never)]
    fn concat_long(a: &MlStr, b: &MlStr) -> Rc<MlStr> {
        Rc::new(MlStr::concat(a, b))
    }

    /// An inline string of `s` (at most [`INLINE`] bytes).
    #[inline(always)]
    fn inline(s: &str, char_len: u32) -> MlStr {
        debug_assert!(s.len() <= INLINE);
        MlStr {
            repr: Repr {
                inline: inline_field(s.as_bytes()),
            },
            char_len,
            hash: Cell::new(0),
        }
    }

    /// A heap copy of `s` (longer than [`INLINE`] bytes), out of line.
    #[inline(never)]
    fn long_copy(s: &str, char_len: u32) -> MlStr {
        MlStr::heap(HeapText::copy_of(s), char_len)
    }

    /// A string of a heap text (longer than [`INLINE`] bytes).
    fn heap(text: HeapText, char_len: u32) -> MlStr {
        debug_assert!(text.as_str().len() > INLINE);
        MlStr {
            repr: Repr {
                heap: ManuallyDrop::new(text),
            },
            char_len,
            hash: Cell::new(0),
        }
    }

    /// [`str_hash`] of the text, cached.
    #[inline]
    pub fn hash_code(&self) -> u32 {
        match self.hash.get() {
            0 => {
                let h = str_hash(self.as_str());
                self.hash.set(h);
                h
            }
            h => h,
        }
    }

    /// Heap bytes the text uses beyond the string itself.
    pub fn heap_bytes(&self) -> usize {
        self.heap_text().map_or(0, HeapText::capacity)
    }

    /// Appends in place; only valid while the string is not shared.
    /// The two common cases are inline in the caller: a heap text with
    /// room, and an inline text that stays inline.
    #[inline(always)]
    pub fn push_str(&mut self, other: &MlStr) {
        let add = other.as_str();
        let tag = self.tag();
        if tag & INLINE_BIT == 0 {
            // SAFETY: the tag says the field holds a heap text.
            if !unsafe { (*self.repr.heap).push_within(add) } {
                self.grow_by(add);
            }
        } else if usize::from(tag & !INLINE_BIT) + add.len() <= INLINE {
            let words = joined_words(self, other);
            // SAFETY: an inline field stays inline (see `rc_inline` for
            // the field's layout as words).
            unsafe {
                let field = std::ptr::addr_of_mut!(self.repr).cast::<usize>();
                for (i, w) in words.into_iter().enumerate() {
                    field.add(i).write(w);
                }
            }
        } else {
            self.move_to_heap(add);
        }
        self.char_len = sum_len(self.char_len, other.char_len);
        self.hash.set(0);
    }

    /// [`MlStr::push_str`] to a heap text whose buffer is full: it grows.
    #[inline(never)]
    fn grow_by(&mut self, add: &str) {
        // SAFETY: the caller found a heap text.
        unsafe { (*self.repr.heap).push_str(add) }
    }

    /// [`MlStr::push_str`] of an inline text that `add` takes past the
    /// inline limit: the text moves to a heap buffer with room to grow.
    /// Out of line, so that the common appends need fewer registers.
    #[cold]
    #[inline(never)]
    fn move_to_heap(&mut self, add: &str) {
        let mut s = String::with_capacity((self.as_str().len() + add.len()) * 2);
        s.push_str(self.as_str());
        s.push_str(add);
        self.repr = Repr {
            heap: ManuallyDrop::new(HeapText::from_string(s)),
        };
    }
}

impl Drop for MlStr {
    fn drop(&mut self) {
        if !self.is_inline() {
            // SAFETY: the field holds a heap text, dropped once, here.
            unsafe { ManuallyDrop::drop(&mut self.repr.heap) }
        }
    }
}

/// The hash of a string key: the same for every string with this text,
/// whichever way it was made, and never 0 (which marks "not computed").
pub fn str_hash(s: &str) -> u32 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    let h = h.finish();
    ((h >> 32) as u32 ^ h as u32).max(1)
}

/// The cached length of a concatenation (`u32::MAX`: count when asked,
/// which a sum with an unknown part, or past the limit, saturates to).
#[inline(always)]
fn sum_len(a: u32, b: u32) -> u32 {
    a.saturating_add(b)
}

fn count_chars(s: &str) -> u32 {
    let n = if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl fmt::Debug for MlStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests;
