//! mlpy's string type: immutable text with its length in code points and
//! its key hash cached; short texts inline, long ones in a [`HeapText`].

use super::bigtext::HeapText;
use std::cell::Cell;
use std::fmt;
use std::hash::Hasher;

/// An immutable string with its length in code points cached, so that
/// indexing ASCII text is O(1) and `len()` never rescans.
///
/// Text of up to [`INLINE`] bytes is stored inside the string itself, so a
/// short string (a word, a key, a digit) is one allocation, the `Rc` box,
/// instead of a box plus a text buffer: most strings programs make are
/// short, and this halves the allocations and saves memory on each.
pub struct MlStr {
    text: Text,
    /// Code points, or `u32::MAX` for a text too long to say here (counted
    /// again when asked).
    char_len: u32,
    /// The text's hash as an object key, computed on first use (0: not yet),
    /// so a key string that is used again (a literal's key, a word being
    /// counted) is hashed once. See [`str_hash`].
    hash: Cell<u32>,
}

/// The longest text kept inline.
pub const INLINE: usize = 15;

/// An inline text's bytes past `len` are always zero (every constructor
/// starts from zeros and appends only within `len`), so two inline texts
/// are equal exactly when their arrays are, and the first eight bytes read
/// as a big-endian word order texts as their bytes do.
enum Text {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(HeapText),
}

const _: () = assert!(std::mem::size_of::<MlStr>() <= 32);

impl MlStr {
    pub fn new(s: String) -> MlStr {
        let char_len = count_chars(&s);
        let text = if s.len() <= INLINE {
            inline_text(&s)
        } else {
            Text::Heap(HeapText::from_string(s))
        };
        MlStr::with(text, char_len)
    }

    /// A string copied from `s` (no intermediate `String` for short text).
    pub fn copy_of(s: &str) -> MlStr {
        if s.len() <= INLINE {
            MlStr::with(inline_text(s), count_chars(s))
        } else {
            MlStr::new(s.to_string())
        }
    }

    /// [`MlStr::copy_of`] for a caller that knows how many code points `s`
    /// has (a slice of a string), so the text is not scanned to count them.
    pub fn copy_counted(s: &str, char_len: usize) -> MlStr {
        debug_assert_eq!(s.chars().count(), char_len);
        let char_len = u32::try_from(char_len).unwrap_or(u32::MAX);
        let text = if s.len() <= INLINE {
            inline_text(s)
        } else {
            Text::Heap(HeapText::from_string(s.to_string()))
        };
        MlStr::with(text, char_len)
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.text {
            Text::Inline { len, bytes } => {
                // SAFETY: the first `len` bytes were copied from a `&str`
                // (or two, appended whole), so they are valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(bytes.get_unchecked(..usize::from(*len))) }
            }
            Text::Heap(s) => s.as_str(),
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

    /// Whether the two texts are equal; short texts compare as words
    /// instead of through `memcmp`.
    #[inline]
    pub fn same_text(&self, other: &MlStr) -> bool {
        match (&self.text, &other.text) {
            (Text::Inline { len: a, bytes: x }, Text::Inline { len: b, bytes: y }) => {
                a == b && x == y
            }
            _ => self.as_str() == other.as_str(),
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
        match &self.text {
            Text::Inline { bytes, .. } => word.copy_from_slice(&bytes[..8]),
            Text::Heap(h) => {
                let b = h.as_str().as_bytes();
                let n = b.len().min(8);
                word[..n].copy_from_slice(&b[..n]);
            }
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
        let text = match &mut copy.text {
            Text::Inline { len, bytes } => {
                // SAFETY: the first `len` bytes are the copied text.
                unsafe { std::str::from_utf8_unchecked_mut(&mut bytes[..usize::from(*len)]) }
            }
            Text::Heap(h) => h.as_mut_str(),
        };
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
            let mut s = MlStr::with(inline_text(x), a.char_len);
            s.push_str(b);
            return s;
        }
        let text = Text::Heap(HeapText::concat(x, y));
        MlStr::with(text, sum_len(a.char_len, b.char_len))
    }

    fn with(text: Text, char_len: u32) -> MlStr {
        MlStr {
            text,
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
        match &self.text {
            Text::Inline { .. } => 0,
            Text::Heap(s) => s.capacity(),
        }
    }

    /// Appends in place; only valid while the string is not shared.
    pub fn push_str(&mut self, other: &MlStr) {
        let add = other.as_str();
        match &mut self.text {
            Text::Inline { len, bytes } if usize::from(*len) + add.len() <= INLINE => {
                let at = usize::from(*len);
                bytes[at..at + add.len()].copy_from_slice(add.as_bytes());
                *len += add.len() as u8;
            }
            Text::Inline { .. } => {
                let mut s = String::with_capacity((self.as_str().len() + add.len()) * 2);
                s.push_str(self.as_str());
                s.push_str(add);
                self.text = Text::Heap(HeapText::from_string(s));
            }
            Text::Heap(s) => s.push_str(add),
        }
        self.char_len = sum_len(self.char_len, other.char_len);
        self.hash.set(0);
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

/// The cached length of a concatenation (`u32::MAX`: count when asked).
fn sum_len(a: u32, b: u32) -> u32 {
    if a == u32::MAX || b == u32::MAX {
        return u32::MAX;
    }
    a.saturating_add(b)
}

fn inline_text(s: &str) -> Text {
    let mut bytes = [0u8; INLINE];
    copy_short(&mut bytes, s.as_bytes());
    Text::Inline {
        len: s.len() as u8,
        bytes,
    }
}

/// `dst[..src.len()] = src` for `src` of at most [`INLINE`] bytes, as two
/// overlapping word copies instead of a call to `memcpy`: most strings a
/// program makes (slices, digits, words) are this short.
#[inline]
fn copy_short(dst: &mut [u8; INLINE], src: &[u8]) {
    let n = src.len();
    if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..n].copy_from_slice(&src[n - 4..]);
    } else {
        for (d, b) in dst.iter_mut().zip(src) {
            *d = *b;
        }
    }
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
mod tests {
    use super::*;
    use crate::lang::value::{new_object, Key, KeyRef, Value};
    use std::rc::Rc;

    #[test]
    fn short_and_long_strings_agree() {
        for text in [
            "",
            "a",
            "héllo",
            "fifteen bytes!!",
            "sixteen bytes!!!",
            "✓✓✓✓✓",
            "✓✓✓✓✓✓",
        ] {
            let owned = MlStr::new(text.to_string());
            let copied = MlStr::copy_of(text);
            assert_eq!(owned.as_str(), text);
            assert_eq!(copied.as_str(), text);
            assert_eq!(owned.char_len(), text.chars().count());
            assert_eq!(copied.char_len(), text.chars().count());
            assert_eq!(owned.is_ascii(), text.is_ascii());
            assert_eq!(owned.is_empty(), text.is_empty());
            assert_eq!(owned.heap_bytes() == 0, text.len() <= INLINE, "{text}");
        }
        let (a, b) = (MlStr::copy_of("✓✓✓✓"), MlStr::copy_of("é"));
        assert_eq!(MlStr::concat(&a, &b).as_str(), "✓✓✓✓é");
        assert_eq!(MlStr::concat(&a, &b).char_len(), 5);
        assert_eq!(MlStr::concat(&a, &a).as_str(), "✓✓✓✓✓✓✓✓");
        assert_eq!(MlStr::concat(&a, &a).char_len(), 8);
        assert_eq!(MlStr::copy_of("héllo").char_at(1), Some('é'));
    }

    #[test]
    fn short_copies_keep_every_length() {
        let text = "abcdéfghijklmnopqrstuvwxyz✓";
        for end in text.char_indices().map(|(b, _)| b).chain([text.len()]) {
            let part = &text[..end];
            let n = part.chars().count();
            assert_eq!(MlStr::copy_of(part).as_str(), part);
            let counted = MlStr::copy_counted(part, n);
            assert_eq!((counted.as_str(), counted.char_len()), (part, n));
        }
    }

    #[test]
    fn long_appends_cross_into_a_mapping_and_keep_count_and_hash() {
        let mut s = MlStr::copy_of("✓");
        let piece = MlStr::copy_of("abcdefghé");
        let mut expected = String::from("✓");
        for _ in 0..300_000 {
            s.push_str(&piece);
            expected.push_str(piece.as_str());
        }
        assert!(s.heap_bytes() >= expected.len());
        assert_eq!(s.as_str(), expected);
        assert_eq!(s.char_len(), 1 + 300_000 * 9);
        assert_eq!(s.hash_code(), str_hash(&expected));
        let copy = MlStr::concat(&s, &piece);
        assert_eq!(copy.char_len(), s.char_len() + 9);
    }

    #[test]
    fn cached_hashes_follow_the_text() {
        let mut s = MlStr::copy_of("count");
        assert_eq!(s.hash_code(), str_hash("count"));
        assert_eq!(s.hash_code(), MlStr::new("count".to_string()).hash_code());
        s.push_str(&MlStr::copy_of("er"));
        assert_eq!(s.hash_code(), str_hash("counter"));
        let long = "a long key that lives on the heap";
        assert_eq!(MlStr::copy_of(long).hash_code(), str_hash(long));
        assert_ne!(str_hash(""), 0);
        let mut map = new_object();
        map.insert(Key::str("counter"), Value::Int(1));
        assert_eq!(map.get_index_of(&Key::Str(Rc::new(s))), Some(0));
        assert_eq!(map.get_index_of(&KeyRef::Str("counter")), Some(0));
        assert_eq!(map.get_index_of(&Key::Int(0)), None);
    }

    #[test]
    fn ascii_case_matches_the_unicode_mapping() {
        for text in [
            "",
            "a",
            "Hello, World 42!",
            "fifteen bytes!!",
            "sixteen Bytes!!!",
            "MiXeD cAsE tExT oF aNy LeNgTh",
        ] {
            let s = MlStr::copy_of(text);
            let up = s.ascii_case(true).unwrap();
            let low = s.ascii_case(false).unwrap();
            assert_eq!(up.as_str(), text.to_uppercase());
            assert_eq!(low.as_str(), text.to_lowercase());
            assert_eq!((up.char_len(), low.char_len()), (text.len(), text.len()));
            assert_eq!(up.hash_code(), str_hash(&text.to_uppercase()));
        }
        assert!(MlStr::copy_of("straße").ascii_case(true).is_none());
        assert!(MlStr::copy_of("é").ascii_case(false).is_none());
    }

    #[test]
    fn word_compares_agree_with_the_bytes() {
        let texts = [
            "",
            "a",
            "a\0",
            "a\0\0\0\0\0\0\0\0",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "abcdefghij",
            "abcdefgz",
            "b",
            "é",
            "z",
            "✓",
            "😀",
            "fifteen bytes!!",
            "sixteen bytes!!!",
            "sixteen bytes!!?",
            "fifteen bytes!!!!!",
            "\u{7f}",
            "\u{80}",
        ];
        for x in texts {
            for y in texts {
                let (a, b) = (MlStr::copy_of(x), MlStr::copy_of(y));
                assert_eq!(a.cmp_text(&b), x.cmp(y), "{x:?} {y:?}");
                assert_eq!(a.same_text(&b), x == y, "{x:?} {y:?}");
            }
        }
        // Texts grown by appends keep the zero padding the compares need.
        let mut grown = MlStr::copy_of("ab");
        grown.push_str(&MlStr::copy_of("c"));
        assert!(grown.same_text(&MlStr::copy_of("abc")));
        assert_eq!(
            grown.cmp_text(&MlStr::copy_of("abc\0")),
            std::cmp::Ordering::Less
        );
    }

    #[test]
    fn appending_crosses_from_inline_to_heap() {
        let mut s = MlStr::copy_of("");
        let mut expected = String::new();
        for piece in ["ab", "é", "cdefghij", "✓", "k", "lmnopqrstuvwxyz", "!"] {
            s.push_str(&MlStr::copy_of(piece));
            expected.push_str(piece);
            assert_eq!(s.as_str(), expected);
            assert_eq!(s.char_len(), expected.chars().count());
        }
        assert!(s.heap_bytes() > 0);
    }
}
