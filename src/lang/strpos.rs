//! Code-point positions in strings: where code point `i` starts.
//!
//! ASCII text answers at once (byte = code point). Other text is UTF-8,
//! so finding code point `i` means walking it; to keep loops such as
//! `for (i in range(len(s))) s[i]` linear instead of quadratic, the last
//! position found in a long string is remembered (a few cursors per
//! thread, one per string, so code that walks two or three strings in turn
//! keeps each of them linear) and the next walk starts from it, from the
//! start or from the end, whichever is nearest.
//!
//! The cursor holds a `Weak` reference: the string's box then cannot be
//! freed and reused by another string while the cursor names it, and no
//! one can append to the string in place (that needs the only reference;
//! see [`forget`], which the append calls first).

use super::value::MlStr;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// Texts shorter than this (in bytes) are walked from the start: cheap
/// enough, and they keep the cursors for the long ones.
const CURSOR_MIN: usize = 256;

/// Long strings remembered at once; the oldest gives way to a new one.
const CURSORS: usize = 4;

struct Cursor {
    text: Weak<MlStr>,
    char_idx: usize,
    byte_idx: usize,
}

/// The cursors and which of them a new string takes next.
struct Cursors {
    slots: [Option<Cursor>; CURSORS],
    next: usize,
}

impl Cursors {
    /// The slot that names `s`, if any.
    fn find(&self, s: &Rc<MlStr>) -> Option<usize> {
        self.slots.iter().position(|c| {
            c.as_ref()
                .is_some_and(|c| std::ptr::eq(c.text.as_ptr(), Rc::as_ptr(s)))
        })
    }
}

thread_local! {
    static CURSOR: RefCell<Cursors> = const {
        RefCell::new(Cursors { slots: [const { None }; CURSORS], next: 0 })
    };
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
        let mut cursors = cell.borrow_mut();
        let slot = cursors.find(s);
        let mut from = slot
            .and_then(|k| cursors.slots[k].as_ref())
            .map_or((0, 0), |c| (c.char_idx, c.byte_idx));
        if i.abs_diff(from.0) > len - i {
            from = (len, text.len());
        }
        if i < from.0.abs_diff(i) {
            from = (0, 0);
        }
        let byte_idx = walk(text, from, i);
        let slot = slot.unwrap_or_else(|| {
            let k = cursors.next;
            cursors.next = (k + 1) % CURSORS;
            k
        });
        cursors.slots[slot] = Some(Cursor {
            text: Rc::downgrade(s),
            char_idx: i,
            byte_idx,
        });
        byte_idx
    })
}

/// Drops the cursor that names `s`, so that `s` can be appended to in
/// place when nothing else refers to it.
pub fn forget(s: &Rc<MlStr>) {
    CURSOR.with(|cell| {
        let mut cursors = cell.borrow_mut();
        if let Some(k) = cursors.find(s) {
            cursors.slots[k] = None;
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
    fn strings_walked_in_turn_each_find_every_position() {
        // One string more than there are cursors, so slots are taken over.
        let texts: Vec<String> = (0..=CURSORS)
            .map(|k| format!("{k}é✓😀").repeat(100 + 10 * k))
            .collect();
        let strings: Vec<Rc<MlStr>> = texts.iter().map(|t| Rc::new(MlStr::copy_of(t))).collect();
        let wants: Vec<Vec<usize>> = texts.iter().map(|t| offsets(t)).collect();
        for step in 0..400 {
            for (k, s) in strings.iter().enumerate() {
                let n = wants[k].len();
                let i = (step * 7 + k * 13) % n;
                assert_eq!(byte_offset(s, i), wants[k][i], "string {k}, position {i}");
            }
        }
        for s in &strings {
            forget(s);
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
