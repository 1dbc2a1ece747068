//! Tests of the string methods (a child module of `string.rs`).

use super::*;
use crate::lang::methods::tests::int_of;

fn s(text: &str) -> Rc<MlStr> {
    Rc::new(MlStr::new(text.to_string()))
}

fn call_str(text: &str, name: &str, args: &[Value]) -> NativeResult {
    let vm = Vm::bare(Box::new(std::io::sink()));
    call_string_method(&vm, &s(text), name, args)
}

fn text_of(v: NativeResult) -> String {
    v.unwrap().as_str().expect("a string").to_string()
}

fn bool_of(v: NativeResult) -> bool {
    match v.unwrap() {
        Value::Bool(b) => b,
        _ => panic!("not a bool"),
    }
}

fn strs(v: NativeResult) -> Vec<String> {
    match &v.unwrap() {
        Value::Array(a) => a
            .borrow()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect(),
        _ => panic!("not an array"),
    }
}

#[test]
fn split_without_separator_uses_whitespace_runs() {
    let words = |text, maxsplit| split_whitespace(text, maxsplit).collect::<Vec<_>>();
    assert_eq!(words("  a b\t\n c  ", None), vec!["a", "b", "c"]);
    assert_eq!(words("  a  b  c  ", Some(1)), vec!["a", "b  c  "]);
    assert_eq!(words("  a  b  c  ", Some(0)), vec!["a  b  c  "]);
    assert!(words("   ", None).is_empty());
    assert!(words("", Some(0)).is_empty());
    assert_eq!(
        strs(call_str("a,b,,c", "split", &[Value::str(",")])),
        vec!["a", "b", "", "c"]
    );
    assert_eq!(
        strs(call_str(
            "a,b,c",
            "split",
            &[Value::str(","), Value::Int(1)]
        )),
        vec!["a", "b,c"]
    );
    assert_eq!(strs(call_str("", "split", &[Value::str(",")])), vec![""]);
    assert!(call_str("abc", "split", &[Value::str("")]).is_err());
}

#[test]
fn case_methods_follow_python() {
    assert_eq!(
        text_of(call_str("hello wORLD", "capitalize", &[])),
        "Hello world"
    );
    assert_eq!(
        text_of(call_str("they're bill's", "title", &[])),
        "They'Re Bill'S"
    );
    assert_eq!(text_of(call_str("aBc", "swapcase", &[])), "AbC");
    assert_eq!(text_of(call_str("straße", "upper", &[])), "STRASSE");
    assert!(bool_of(call_str("ABC1", "isupper", &[])));
    assert!(!bool_of(call_str("123", "isupper", &[])));
    assert!(bool_of(call_str("abc", "islower", &[])));
    assert!(!bool_of(call_str("", "isdigit", &[])));
    assert!(bool_of(call_str("123", "isdigit", &[])));
    assert!(bool_of(call_str(" \t", "isspace", &[])));
}

#[test]
fn find_counts_code_points() {
    assert_eq!(int_of(call_str("héllo", "find", &[Value::str("l")])), 2);
    assert_eq!(int_of(call_str("héllo", "rfind", &[Value::str("l")])), 3);
    assert_eq!(int_of(call_str("héllo", "find", &[Value::str("z")])), -1);
    assert_eq!(
        int_of(call_str(
            "abcabc",
            "find",
            &[Value::str("b"), Value::Int(2)]
        )),
        4
    );
    assert_eq!(
        int_of(call_str("abc", "find", &[Value::str(""), Value::Int(3)])),
        3
    );
    assert_eq!(
        int_of(call_str("abc", "find", &[Value::str(""), Value::Int(4)])),
        -1
    );
    assert_eq!(int_of(call_str("abc", "rfind", &[Value::str("")])), 3);
    assert_eq!(
        int_of(call_str(
            "abcabc",
            "find",
            &[Value::str("c"), Value::Int(-2)]
        )),
        5
    );
    let err = call_str("abc", "index", &[Value::str("z")]).unwrap_err();
    assert_eq!(err.type_name(), "ValueError");
}

#[test]
fn count_and_affixes() {
    assert_eq!(int_of(call_str("aaaa", "count", &[Value::str("aa")])), 2);
    assert_eq!(int_of(call_str("abc", "count", &[Value::str("")])), 4);
    assert!(bool_of(call_str(
        "hello",
        "startswith",
        &[Value::str("he")]
    )));
    assert!(bool_of(call_str("hello", "endswith", &[Value::str("lo")])));
    assert!(bool_of(call_str(
        "hello",
        "startswith",
        &[Value::str("ll"), Value::Int(2)]
    )));
    let alts = Value::array(vec![Value::str("x"), Value::str("h")]);
    assert!(bool_of(call_str("hello", "startswith", &[alts])));
    assert!(!bool_of(call_str(
        "abc",
        "startswith",
        &[Value::str(""), Value::Int(4)]
    )));
}

#[test]
fn strip_replace_join() {
    assert_eq!(text_of(call_str("  x  ", "strip", &[])), "x");
    assert_eq!(text_of(call_str("  x  ", "lstrip", &[])), "x  ");
    assert_eq!(
        text_of(call_str("xxhixx", "rstrip", &[Value::str("x")])),
        "xxhi"
    );
    assert_eq!(
        text_of(call_str(
            "aaa",
            "replace",
            &[Value::str("a"), Value::str("b"), Value::Int(2)]
        )),
        "bba"
    );
    assert_eq!(
        text_of(call_str(
            "abc",
            "replace",
            &[Value::str(""), Value::str("-")]
        )),
        "-a-b-c-"
    );
    let parts = Value::array(vec![Value::str("a"), Value::str("b")]);
    assert_eq!(text_of(call_str(", ", "join", &[parts])), "a, b");
    let bad = Value::array(vec![Value::str("a"), Value::Int(1)]);
    assert_eq!(
        call_str(",", "join", &[bad]).unwrap_err().type_name(),
        "TypeError"
    );
}

#[test]
fn padding_matches_python() {
    assert_eq!(
        text_of(call_str("ab", "center", &[Value::Int(5), Value::str("*")])),
        "**ab*"
    );
    assert_eq!(
        text_of(call_str("abc", "center", &[Value::Int(6)])),
        " abc  "
    );
    assert_eq!(text_of(call_str("a", "center", &[Value::Int(4)])), " a  ");
    assert_eq!(
        text_of(call_str("ab", "ljust", &[Value::Int(4), Value::str("-")])),
        "ab--"
    );
    assert_eq!(
        text_of(call_str("ab", "rjust", &[Value::Float(4.0)])),
        "  ab"
    );
    assert_eq!(text_of(call_str("abc", "rjust", &[Value::Int(-3)])), "abc");
    assert!(call_str("ab", "center", &[Value::Int(5), Value::str("**")]).is_err());
}

#[test]
fn unknown_string_method_is_an_attribute_error() {
    let err = call_str("x", "foo", &[]).unwrap_err();
    assert_eq!(err.type_name(), "AttributeError");
    assert_eq!(err.message(), "'string' object has no method 'foo'");
    let err = call_str("x", "upper", &[Value::Int(1)]).unwrap_err();
    assert_eq!(err.type_name(), "TypeError");
}

/// `split_byte` cuts exactly where `str::splitn` does: short and long
/// pieces (past the scanned head), non-ASCII text around the scanned
/// head's end, empty pieces at either end, and every limit.
#[test]
fn split_byte_agrees_with_splitn() {
    let long = "x".repeat(40);
    let texts = [
        String::new(),
        ",".into(),
        "a,b,,c,".into(),
        ",,,".into(),
        format!("{long},{long},y"),
        format!("ab{}é,ü{},", "z".repeat(13), "€".repeat(9)),
        format!("{}é€,q", "w".repeat(14)),
        "ééééééééé,ééééééééé".into(),
        "no separator here at all, except this one".into(),
    ];
    for text in &texts {
        for limit in [1, 2, 3, 5, usize::MAX] {
            let ours: Vec<&str> = split_byte(text, b',', limit).collect();
            let std: Vec<&str> = text.splitn(limit, ',').collect();
            assert_eq!(ours, std, "{text:?} limit {limit}");
        }
    }
}

#[test]
fn word_scan_finds_the_first_byte_at_every_place() {
    let text = b"abcdefghijklmnopqrstuvwxyz0123456789";
    for len in 0..=text.len() {
        let hay = &text[..len];
        for b in 0u8..=255 {
            assert_eq!(
                find_byte(hay, b),
                hay.iter().position(|c| *c == b),
                "{len} {b}"
            );
        }
    }
    // Repeats, bytes with the high bit set and a match just above another.
    let hay = [0x80, 0x7f, 0x01, 0x00, 0x81, 0x01, 0x00, 0xff, 0x01, 0x01];
    for b in [0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 0x02] {
        assert_eq!(find_byte(&hay, b), hay.iter().position(|c| *c == b), "{b}");
    }
}
