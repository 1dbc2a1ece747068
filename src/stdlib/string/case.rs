//! Case conversions of the `string` module: `toSnakeCase`, `toKebabCase`,
//! `toCamelCase`, `toPascalCase`.
//!
//! They reproduce the reference's two regular-expression passes by hand
//! (`(.)([A-Z][a-z]+)` → `\1_\2`, then `([a-z0-9])([A-Z])` → `\1_\2`, then
//! lower case; camel/Pascal split on `_` and `-` and capitalize the words),
//! so `"HTTPServer"` becomes `"http_server"` exactly as it did there. The
//! character classes are ASCII, as in those patterns.

use super::{expect, text_at};
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;

pub(super) fn to_snake(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toSnakeCase", args, 1, 1)?;
    Ok(Value::string(separated(
        text_at("toSnakeCase", args, 0)?,
        '_',
    )))
}

pub(super) fn to_kebab(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toKebabCase", args, 1, 1)?;
    Ok(Value::string(separated(
        text_at("toKebabCase", args, 0)?,
        '-',
    )))
}

pub(super) fn to_camel(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toCamelCase", args, 1, 1)?;
    Ok(Value::string(camel(
        text_at("toCamelCase", args, 0)?,
        false,
    )))
}

pub(super) fn to_pascal(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toPascalCase", args, 1, 1)?;
    Ok(Value::string(camel(
        text_at("toPascalCase", args, 0)?,
        true,
    )))
}

/// Both regular-expression passes, then lower case.
fn separated(text: &str, sep: char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let first = before_capitalized_words(&chars, sep);
    before_lone_capitals(&first, sep).to_lowercase()
}

/// `(.)([A-Z][a-z]+)` → `\1<sep>\2`: a separator between any character
/// (not a newline) and a capitalized word that follows it.
fn before_capitalized_words(chars: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let word = capitalized_word_len(&chars[i + 1..]);
        if chars[i] != '\n' && word > 0 {
            out.push(chars[i]);
            out.push(sep);
            out.extend_from_slice(&chars[i + 1..i + 1 + word]);
            i += 1 + word;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Length of a leading `[A-Z][a-z]+`, or 0.
fn capitalized_word_len(chars: &[char]) -> usize {
    match chars.first() {
        Some(c) if c.is_ascii_uppercase() => {
            let lower = chars[1..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase())
                .count();
            if lower > 0 {
                1 + lower
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// `([a-z0-9])([A-Z])` → `\1<sep>\2`.
fn before_lone_capitals(chars: &[char], sep: char) -> String {
    let mut out = String::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        let next_upper = chars.get(i + 1).is_some_and(char::is_ascii_uppercase);
        if (c.is_ascii_lowercase() || c.is_ascii_digit()) && next_upper {
            out.push(sep);
            out.push(chars[i + 1]);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// Words split on `_` and `-`; the first lower-cased (camel) or
/// capitalized (Pascal), the rest capitalized.
fn camel(text: &str, pascal: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(['_', '-']).enumerate() {
        if i == 0 && !pascal {
            out.push_str(&word.to_lowercase());
        } else {
            out.push_str(&capitalized(word));
        }
    }
    out
}

/// Python's `str.capitalize`: first character upper, the rest lower.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_and_kebab_follow_the_reference_patterns() {
        assert_eq!(separated("helloWorld", '_'), "hello_world");
        assert_eq!(separated("HelloWorld", '_'), "hello_world");
        assert_eq!(separated("HTTPServer", '_'), "http_server");
        assert_eq!(
            separated("getHTTPResponseCode", '_'),
            "get_http_response_code"
        );
        assert_eq!(separated("version2Update", '-'), "version2-update");
        assert_eq!(separated("already_snake", '_'), "already_snake");
        assert_eq!(separated("", '_'), "");
        assert_eq!(separated("A", '_'), "a");
    }

    #[test]
    fn camel_and_pascal() {
        assert_eq!(camel("hello_world", false), "helloWorld");
        assert_eq!(camel("hello-big_world", true), "HelloBigWorld");
        assert_eq!(camel("HELLO_WORLD", false), "helloWorld");
        assert_eq!(camel("", true), "");
        assert_eq!(camel("a__b", false), "aB");
    }
}
