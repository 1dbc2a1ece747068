//! Code-point positions in strings: where code point `i` starts.
//!
//! ASCII text answers at once (byte = code point). Other text is UTF-8,
//! so finding code point `i` means walking it; to keep loops such as
//! `for (i in range(len(s))) s[i]` linear instead of quadratic, the last
//! position found in a long string is remembered (one cursor per thread)
//! and the next walk starts from it, from the start or from the end,
//! whichever is nearest.
//!
//! The cursor holds a `Weak` reference: the string's box then cannot be
//! freed and reused by another string while the cursor names it, and no
//! one can append to the string in place (that needs the only reference;
//! see [`forget`], which the append calls first).

use super::value::MlStr;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// Texts shorter than this (in bytes) are walked from the start: cheap
/// enough, and they keep the cursor for the long ones.
const CURSOR_MIN: usize = 256;

struct Cursor {
    text: Weak<MlStr>,
    char_idx: usize,
    byte_idx: usize,
}

thread_local! {
    static CURSOR: RefCell<Option<Cursor>> = const { RefCell::new(None) };
}

/// The byte offset where code point `i` of `s` starts (the text's length
/// for `i` at or past the end).
pub fn byte_offset(s: &Rc<MlStr>, i: usize) -> usize {
    let text = s.as_str();
    if s.is_ascii() {
        return i.min(text.len());
    }
    if text.len() < CURSOR_MIN {
        return walk(text, (0, 0), i);
    }
    let len = s.char_len();
    let i = i.min(len);
    CURSOR.with(|cell| {
        let mut cursor = cell.borrow_mut();
        let mut from = (0, 0);
        if let Some(c) = cursor
            .as_ref()
            .filter(|c| std::ptr::eq(c.text.as_ptr(), Rc::as_ptr(s)))
        {
            from = (c.char_idx, c.byte_idx);
        }
        if i.abs_diff(from.0) > len - i {
            from = (len, text.len());
        }
        if i < from.0.abs_diff(i) {
            from = (0, 0);
        }
        let byte_idx = walk(text, from, i);
        *cursor = Some(Cursor {
            text: Rc::downgrade(s),
            char_idx: i,
            byte_idx,
        });
        byte_idx
    })
}

/// Drops the cursor if it names `s`, so that `s` can be appended to in
/// place when nothing else refers to it.
pub fn forget(s: &Rc<MlStr>) {
    CURSOR.with(|cell| {
        let mut cursor = cell.borrow_mut();
        if cursor
            .as_ref()
            .is_some_and(|c| std::ptr::eq(c.text.as_ptr(), Rc::as_ptr(s)))
        {
            *cursor = None;
        }
    });
}

/// The byte offset of code point `to`, walking from the code point and
/// byte offset `from` (a known character boundary).
fn walk(text: &str, from: (usize, usize), to: usize) -> usize {
    let (at_char, at_byte) = from;
    if to >= at_char {
        let rest = &text[at_byte..];
        rest.char_indices()
            .nth(to - at_char)
            .map_or(text.len(), |(b, _)| at_byte + b)
    } else {
        text[..at_byte]
            .char_indices()
            .rev()
            .nth(at_char - to - 1)
            .map_or(0, |(b, _)| b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(text: &str) -> Vec<usize> {
        text.char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect()
    }

    #[test]
    fn every_position_in_any_order_matches_a_plain_walk() {
        let long = "aé✓😀".repeat(200);
        for text in ["", "abc", "héllo", long.as_str()] {
            let s = Rc::new(MlStr::copy_of(text));
            let want = offsets(text);
            let n = want.len();
            let order: Vec<usize> = (0..n)
                .chain((0..n).rev())
                .chain((0..n).map(|k| k * 7919 % n))
                .collect();
            for i in order {
                assert_eq!(byte_offset(&s, i), want[i], "{i} of {n}");
            }
            assert_eq!(byte_offset(&s, n + 5), text.len());
        }
    }

    #[test]
    fn the_cursor_never_blocks_an_append_or_outlives_its_string() {
        let text = "é".repeat(300);
        let mut s = Rc::new(MlStr::copy_of(&text));
        assert_eq!(byte_offset(&s, 150), 300);
        assert!(Rc::get_mut(&mut s).is_none(), "the cursor's weak reference");
        forget(&s);
        let unique = Rc::get_mut(&mut s).expect("only reference");
        unique.push_str(&MlStr::copy_of("✓"));
        assert_eq!(byte_offset(&s, 300), 600);
        drop(s);
        let other = Rc::new(MlStr::copy_of(&"ü".repeat(300)));
        assert_eq!(byte_offset(&other, 1), 2);
    }
}
