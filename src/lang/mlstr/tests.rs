use super::*;
use crate::lang::value::{new_object, Key, KeyRef, Value};
use std::rc::Rc;

#[test]
fn int_texts_are_decimal() {
    let mut samples = vec![0, 7, -7, 10, -10, 99, 12345, -98765, i64::MAX, i64::MIN];
    let mut p = 1i64;
    for _ in 0..18 {
        p *= 10;
        samples.extend([p - 1, p, p + 1, -(p - 1), -p, -(p + 1)]);
    }
    for i in samples {
        let s = MlStr::rc_int(i);
        let text = i.to_string();
        assert_eq!(s.as_str(), text);
        assert_eq!(s.char_len(), text.len());
        assert!(s.same_text(&MlStr::copy_of(&text)), "{i}");
        assert_eq!(s.hash_code(), str_hash(&text));
        assert_eq!(
            s.cmp_text(&MlStr::copy_of(&text)),
            std::cmp::Ordering::Equal
        );
    }
}

#[test]
fn short_and_long_strings_agree() {
    for text in [
        "",
        "a",
        "héllo",
        "fifteen bytes!!",
        "sixteen bytes!!!",
        "twenty-two bytes long.",
        "twenty-three bytes long",
        "twenty-four bytes long!!",
        "✓✓✓✓✓",
        "✓✓✓✓✓✓",
        "✓✓✓✓✓✓✓é",
        "✓✓✓✓✓✓✓✓",
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
        "twenty-three bytes long",
        "twenty-three bytes lonG",
        "twenty-three bytes long\0",
        "twenty-four bytes long!!",
        "twenty-four bytes long!?",
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
fn every_way_of_making_a_text_gives_an_equal_string() {
    let source = "abcdefghijklmnopqrstuvwxyzé0123456789✓";
    let ends: Vec<usize> = (0..=source.len())
        .filter(|e| source.is_char_boundary(*e))
        .collect();
    for &end in &ends {
        let text = &source[..end];
        let made = [
            MlStr::copy_of(text),
            MlStr::new(text.to_string()),
            MlStr::copy_counted(text, text.chars().count()),
        ];
        for &cut in ends.iter().filter(|c| **c <= end) {
            let (x, y) = (MlStr::copy_of(&text[..cut]), MlStr::copy_of(&text[cut..]));
            let mut grown = MlStr::copy_of(&text[..cut]);
            grown.push_str(&y);
            let shared = [
                MlStr::concat_rc(&x, &y),
                MlStr::rc_copy(text),
                MlStr::rc_counted(text, text.chars().count()),
            ];
            let shared = shared.iter().map(|s| &**s);
            for s in made
                .iter()
                .chain([&MlStr::concat(&x, &y), &grown])
                .chain(shared)
            {
                assert_eq!(s.as_str(), text);
                assert_eq!(s.char_len(), text.chars().count());
                assert!(s.same_text(&made[0]), "{text:?} cut at {cut}");
                assert_eq!(s.cmp_text(&made[0]), std::cmp::Ordering::Equal);
                assert_eq!(s.heap_bytes() == 0, text.len() <= INLINE);
            }
        }
    }
}

#[test]
fn appending_crosses_from_inline_to_heap() {
    let mut s = MlStr::copy_of("");
    let mut expected = String::new();
    for piece in ["ab", "é", "cdefghij", "✓", "k", "lmn", "opqrstuvwxyz", "!"] {
        s.push_str(&MlStr::copy_of(piece));
        expected.push_str(piece);
        assert_eq!(s.as_str(), expected);
        assert_eq!(s.char_len(), expected.chars().count());
    }
    assert!(s.heap_bytes() > 0);
}

#[test]
fn ascii_runs_match_copies_of_every_window() {
    let long = "The quick brown fox jumps over the lazy dog";
    for text in ["", "a", "abcdefgh", "0123456789abcdefghijklm", long] {
        let s = MlStr::copy_of(text);
        assert_eq!(s.ascii_len(), Some(text.len()));
        for first in 0..=text.len() {
            for stop in first..=text.len() {
                // SAFETY: the text is ASCII and the window lies within it.
                let run = unsafe { s.rc_ascii_run(first, stop) };
                let want = MlStr::copy_of(&text[first..stop]);
                assert_eq!(run.as_str(), want.as_str(), "{text:?}[{first}..{stop}]");
                assert_eq!(run.char_len(), stop - first);
                // Field-wise equality and the key hash see the same text.
                assert!(run.same_text(&want), "{text:?}[{first}..{stop}]");
                assert_eq!(run.hash_code(), want.hash_code());
                assert_eq!(run.cmp_text(&want), std::cmp::Ordering::Equal);
            }
        }
    }
    for text in ["é", "héllo", "x✓"] {
        assert_eq!(MlStr::copy_of(text).ascii_len(), None);
    }
}
