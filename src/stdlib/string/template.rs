//! `string.format(template, args)`: Python's `str.format` with positional
//! arguments only.
//!
//! `{}` takes the next argument, `{0}` a given one, `{{`/`}}` are literal
//! braces, `!r`/`!s`/`!a` convert first and `:spec` formats with the
//! builtin `format` mini-language. [REF] any error (a missing argument, a
//! named field, mixing `{}` with `{0}`, a bad spec) returns the template
//! unchanged, so the parser reports errors as `None` rather than raising.

use super::{expect, text_at};
use crate::lang::format::{display, format_spec, repr};
use crate::lang::iter::collect;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;

pub(super) fn format(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("format", args, 1, 2)?;
    let template = text_at("format", args, 0)?;
    // A non-array argument is one value to insert (`format("{}", 5)`).
    let values = match args.get(1) {
        None => Vec::new(),
        Some(v @ Value::Array(_)) => collect(v)?,
        Some(v) => vec![v.clone()],
    };
    Ok(match fill(template, &values) {
        Some(text) => Value::string(text),
        None => args[0].clone(),
    })
}

/// How `{}` fields are numbered; Python forbids mixing the two.
#[derive(PartialEq)]
enum Numbering {
    Unknown,
    Auto(usize),
    Manual,
}

/// The filled template, or `None` on any error.
fn fill(template: &str, values: &[Value]) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut numbering = Numbering::Unknown;
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let brace = &rest[at..];
        if brace.starts_with("{{") || brace.starts_with("}}") {
            out.push_str(&brace[..1]);
            rest = &brace[2..];
            continue;
        }
        if brace.starts_with('}') {
            return None; // "Single '}' encountered in format string"
        }
        let end = brace.find('}')?;
        out.push_str(&field(&brace[1..end], values, &mut numbering)?);
        rest = &brace[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// One replacement field `name[!conv][:spec]`, formatted.
fn field(text: &str, values: &[Value], numbering: &mut Numbering) -> Option<String> {
    if text.contains('{') {
        return None; // nested fields are not supported
    }
    let (head, spec) = text.split_once(':').unwrap_or((text, ""));
    let (name, conversion) = match head.split_once('!') {
        Some((name, conv)) => (name, Some(conv)),
        None => (head, None),
    };
    let value = values.get(field_index(name, numbering)?)?;
    let converted = match conversion {
        None => None,
        Some("s") => Some(Value::string(display(value))),
        Some("r" | "a") => Some(Value::string(repr(value))),
        Some(_) => return None,
    };
    let value = converted.as_ref().unwrap_or(value);
    if spec.is_empty() {
        return Some(display(value));
    }
    format_spec(value, spec).ok()
}

/// The argument index of a field name: next in order for `""`, the number
/// for digits; names and attributes are errors (positional arguments only).
fn field_index(name: &str, numbering: &mut Numbering) -> Option<usize> {
    if name.is_empty() {
        let next = match numbering {
            Numbering::Unknown => 0,
            Numbering::Auto(n) => *n,
            Numbering::Manual => return None,
        };
        *numbering = Numbering::Auto(next + 1);
        return Some(next);
    }
    if *numbering != Numbering::Unknown && *numbering != Numbering::Manual {
        return None;
    }
    *numbering = Numbering::Manual;
    if !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    name.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill_strs(template: &str, values: &[Value]) -> Option<String> {
        fill(template, values)
    }

    #[test]
    fn python_placeholders() {
        let vals = [Value::str("a"), Value::Int(2), Value::Float(1.23456)];
        assert_eq!(fill_strs("{} {} {}", &vals).as_deref(), Some("a 2 1.23456"));
        assert_eq!(fill_strs("{2:.2f}-{0}", &vals).as_deref(), Some("1.23-a"));
        assert_eq!(fill_strs("{{x}} {0!r}", &vals).as_deref(), Some("{x} 'a'"));
        assert_eq!(fill_strs("{1:>4}|", &vals).as_deref(), Some("   2|"));
    }

    #[test]
    fn errors_give_none() {
        let vals = [Value::Int(1)];
        assert_eq!(fill_strs("{} {}", &vals), None);
        assert_eq!(fill_strs("{} {0}", &vals), None);
        assert_eq!(fill_strs("{name}", &vals), None);
        assert_eq!(fill_strs("{", &vals), None);
        assert_eq!(fill_strs("}", &vals), None);
        assert_eq!(fill_strs("{0:q}", &vals), None);
        assert_eq!(fill_strs("{0!x}", &vals), None);
    }
}
