//! The `string` module (spec 5.5): text-first helpers; no grant needed.
//!
//! Most functions are the string methods of spec 3.7 with the text moved
//! into the first argument, so they delegate to `Vm::call_method` and share
//! its Python semantics (code-point indices, `isspace` set, padding rules).
//! What differs from the methods lives here: `replace` changes only the
//! first occurrence, `split(s, "")` gives characters, `join` converts items
//! with `str`, and lookups past the end return `""`/`0`/`-1` instead of
//! failing. Case conversions are in [`case`], `format` templates in
//! [`template`].

mod case;
mod template;

use super::{functions, Row};
use crate::lang::access::get_slice;
use crate::lang::builtins::{
    expect_args, int_arg, int_value, parse_float_text, parse_int_text, str_arg, Qualified,
    MAX_SEQUENCE,
};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::iter::collect;
use crate::lang::ops::{number, sort_cmp, Num};
use crate::lang::strpos;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use std::cmp::Ordering;

/// The module is not in the reference HEAD, so it has no reference
/// capability name, and spec 5.5 lists none.
const CAPABILITIES: &[&str] = &[];

const ROWS: &[Row] = &[
    ("camel_case", case::to_camel, "camel_case(s): 'hello_world' -> 'helloWorld'"),
    ("capitalize", capitalize, "capitalize(s): first character upper case, the rest lower case"),
    ("charAt", char_at, "charAt(s, i): the character at index i, or '' when out of range"),
    ("charCodeAt", char_code_at, "charCodeAt(s, i): the code point at index i, or 0 when out of range"),
    ("char_at", char_at, "char_at(s, i): the character at index i, or '' when out of range"),
    ("char_code_at", char_code_at, "char_code_at(s, i): the code point at index i, or 0 when out of range"),
    ("compare", compare, "compare(a, b): -1, 0 or 1 as a is before, equal to or after b"),
    ("contains", contains, "contains(s, sub): whether sub occurs in s"),
    ("count", count, "count(s, sub): number of non-overlapping occurrences of sub"),
    ("endsWith", ends_with, "endsWith(s, suffix): whether s ends with suffix"),
    ("ends_with", ends_with, "ends_with(s, suffix): whether s ends with suffix"),
    ("find", find, "find(s, sub): index of the first occurrence of sub, or -1"),
    ("format", template::format, "format(template, args): fills {} / {0} / {0:.2f} placeholders; the template itself on error"),
    ("fromCharCode", from_char_code, "fromCharCode(n): the character with code point n, or '' if invalid"),
    ("from_char_code", from_char_code, "from_char_code(n): the character with code point n, or '' if invalid"),
    ("indexOf", find, "indexOf(s, sub): index of the first occurrence of sub, or -1"),
    ("index_of", find, "index_of(s, sub): index of the first occurrence of sub, or -1"),
    ("isAlpha", is_alpha, "isAlpha(s): non-empty and only letters"),
    ("isAlphanumeric", is_alphanumeric, "isAlphanumeric(s): non-empty and only letters and digits"),
    ("isEmpty", is_empty, "isEmpty(s): whether s is ''"),
    ("isNumeric", is_numeric, "isNumeric(s): non-empty and only digits (no sign or point)"),
    ("isWhitespace", is_whitespace, "isWhitespace(s): non-empty and only whitespace"),
    ("is_alpha", is_alpha, "is_alpha(s): non-empty and only letters"),
    ("is_alphanumeric", is_alphanumeric, "is_alphanumeric(s): non-empty and only letters and digits"),
    ("is_empty", is_empty, "is_empty(s): whether s is ''"),
    ("is_numeric", is_numeric, "is_numeric(s): non-empty and only digits (no sign or point)"),
    ("is_whitespace", is_whitespace, "is_whitespace(s): non-empty and only whitespace"),
    ("join", join, "join(sep, items): the items, converted with str, separated by sep"),
    ("kebab_case", case::to_kebab, "kebab_case(s): 'helloWorld' -> 'hello-world'"),
    ("lastIndexOf", rfind, "lastIndexOf(s, sub): index of the last occurrence of sub, or -1"),
    ("last_index_of", rfind, "last_index_of(s, sub): index of the last occurrence of sub, or -1"),
    ("length", length, "length(s): number of characters (code points)"),
    ("lower", lower, "lower(s): s in lower case"),
    ("lstrip", lstrip, "lstrip(s): s without leading whitespace"),
    ("padCenter", pad_center, "padCenter(s, width, fill=' '): s centred in width characters"),
    ("padLeft", pad_left, "padLeft(s, width, fill=' '): s right-aligned in width characters"),
    ("padRight", pad_right, "padRight(s, width, fill=' '): s left-aligned in width characters"),
    ("pad_center", pad_center, "pad_center(s, width, fill=' '): s centred in width characters"),
    ("pad_left", pad_left, "pad_left(s, width, fill=' '): s right-aligned in width characters"),
    ("pad_right", pad_right, "pad_right(s, width, fill=' '): s left-aligned in width characters"),
    ("pascal_case", case::to_pascal, "pascal_case(s): 'hello_world' -> 'HelloWorld'"),
    ("repeat", repeat, "repeat(s, n): s repeated n times ('' when n <= 0)"),
    ("replace", replace, "replace(s, old, new): s with the first occurrence of old replaced"),
    ("replaceAll", replace_all, "replaceAll(s, old, new): s with every occurrence of old replaced"),
    ("replace_all", replace_all, "replace_all(s, old, new): s with every occurrence of old replaced"),
    ("reverse", reverse, "reverse(s): the characters of s in reverse order"),
    ("rfind", rfind, "rfind(s, sub): index of the last occurrence of sub, or -1"),
    ("rstrip", rstrip, "rstrip(s): s without trailing whitespace"),
    ("slice", slice, "slice(s, start, end?): s[start:end] (negative counts from the end)"),
    ("snake_case", case::to_snake, "snake_case(s): 'helloWorld' -> 'hello_world'"),
    ("split", split, "split(s, sep?): parts between occurrences of sep; '' gives characters, none splits on whitespace"),
    ("startsWith", starts_with, "startsWith(s, prefix): whether s starts with prefix"),
    ("starts_with", starts_with, "starts_with(s, prefix): whether s starts with prefix"),
    ("substring", slice, "substring(s, start, end?): s[start:end] (negative counts from the end)"),
    ("toCamelCase", case::to_camel, "toCamelCase(s): 'hello_world' -> 'helloWorld'"),
    ("toChars", to_chars, "toChars(s): array of the characters of s"),
    ("toFloat", to_float, "toFloat(v): v as a float, 0.0 when it is not a number"),
    ("toInt", to_int, "toInt(v): v as an int (truncated), 0 when it is not a number"),
    ("toKebabCase", case::to_kebab, "toKebabCase(s): 'helloWorld' -> 'hello-world'"),
    ("toPascalCase", case::to_pascal, "toPascalCase(s): 'hello_world' -> 'HelloWorld'"),
    ("toSnakeCase", case::to_snake, "toSnakeCase(s): 'helloWorld' -> 'hello_world'"),
    ("toString", to_string, "toString(v): the display form of v, like str"),
    ("to_chars", to_chars, "to_chars(s): array of the characters of s"),
    ("to_float", to_float, "to_float(v): v as a float, 0.0 when it is not a number"),
    ("to_int", to_int, "to_int(v): v as an int (truncated), 0 when it is not a number"),
    ("to_string", to_string, "to_string(v): the display form of v, like str"),
    ("trim", trim, "trim(s): s without leading and trailing whitespace"),
    ("upper", upper, "upper(s): s in upper case"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("string", ROWS, |_| CAPABILITIES)
}

// ---------------------------------------------------------------------------
// Argument helpers

fn qualified(name: &str) -> Qualified<'_> {
    Qualified("string", name)
}

fn expect(name: &str, args: &[Value], min: usize, max: usize) -> Result<(), RtError> {
    expect_args(qualified(name), args, min, max)
}

/// The text argument at `i` (a TypeError for anything else).
fn text_at<'a>(name: &str, args: &'a [Value], i: usize) -> Result<&'a str, RtError> {
    let v = args.get(i).unwrap_or(Value::NULL);
    match v.as_str() {
        Some(text) => Ok(text),
        // The argument's position is spelled out only for the error.
        None => str_arg(qualified(name), &(i + 1).to_string(), v),
    }
}

/// `string.name(s, rest...)` as the string method `s.method(rest...)`.
/// The first `arity.0` arguments must be strings; checking them here names
/// the module function and its argument positions in the error.
fn method(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    arity: (usize, usize),
    method: &str,
) -> NativeResult {
    expect(name, args, arity.0, arity.1)?;
    for i in 0..arity.0 {
        text_at(name, args, i)?;
    }
    vm.call_method(&args[0], method, &args[1..])
}

/// A code-point index argument; `None` when it is outside `0..len`.
/// Character `args[1]` of the string `args[0]` (none past the end or below
/// zero). A string value finds its position through `strpos`: at once on
/// ASCII text, and from the last position looked up on long non-ASCII text,
/// so a loop over every index stays linear.
fn char_index(name: &str, args: &[Value]) -> Result<Option<char>, RtError> {
    let text = text_at(name, args, 0)?;
    let i = int_arg(qualified(name), &args[1])?;
    let Ok(i) = usize::try_from(i) else {
        return Ok(None);
    };
    Ok(match &args[0] {
        Value::Str(s) => text[strpos::byte_offset(s, i)..].chars().next(),
        _ => text.chars().nth(i),
    })
}

// ---------------------------------------------------------------------------
// Delegated to the string methods

fn upper(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "upper", args, (1, 1), "upper")
}

fn lower(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "lower", args, (1, 1), "lower")
}

fn capitalize(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "capitalize", args, (1, 1), "capitalize")
}

fn trim(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "trim", args, (1, 1), "strip")
}

fn lstrip(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "lstrip", args, (1, 1), "lstrip")
}

fn rstrip(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "rstrip", args, (1, 1), "rstrip")
}

fn starts_with(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "startsWith", args, (2, 2), "startswith")
}

fn ends_with(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "endsWith", args, (2, 2), "endswith")
}

fn find(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "find", args, (2, 2), "find")
}

fn rfind(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "rfind", args, (2, 2), "rfind")
}

fn count(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "count", args, (2, 2), "count")
}

fn replace_all(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "replaceAll", args, (3, 3), "replace")
}

/// [REF] only the first occurrence changes.
fn replace(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("replace", args, 3, 3)?;
    for i in 0..3 {
        text_at("replace", args, i)?;
    }
    let with_count = [args[1].clone(), args[2].clone(), Value::Int(1)];
    vm.call_method(&args[0], "replace", &with_count)
}

/// `pad*(s, width, fill=" ")` as Python's `rjust`/`ljust`/`center`.
fn pad(vm: &mut Vm, name: &str, args: &[Value], method: &str) -> NativeResult {
    expect(name, args, 2, 3)?;
    text_at(name, args, 0)?;
    vm.call_method(&args[0], method, &args[1..])
}

fn pad_left(vm: &mut Vm, args: &[Value]) -> NativeResult {
    pad(vm, "padLeft", args, "rjust")
}

fn pad_right(vm: &mut Vm, args: &[Value]) -> NativeResult {
    pad(vm, "padRight", args, "ljust")
}

fn pad_center(vm: &mut Vm, args: &[Value]) -> NativeResult {
    pad(vm, "padCenter", args, "center")
}

fn is_whitespace(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "isWhitespace", args, (1, 1), "isspace")
}

fn is_alpha(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "isAlpha", args, (1, 1), "isalpha")
}

fn is_alphanumeric(vm: &mut Vm, args: &[Value]) -> NativeResult {
    method(vm, "isAlphanumeric", args, (1, 1), "isalnum")
}

/// `split(s, sep?)`: like the method, except that `""` splits into
/// characters instead of failing.
fn split(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("split", args, 1, 2)?;
    text_at("split", args, 0)?;
    if args.get(1).and_then(Value::as_str) == Some("") {
        return to_chars(vm, &args[..1]);
    }
    vm.call_method(&args[0], "split", &args[1..])
}

// ---------------------------------------------------------------------------
// Own rules

fn length(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("length", args, 1, 1)?;
    Ok(int_value(text_at("length", args, 0)?.chars().count()))
}

fn reverse(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("reverse", args, 1, 1)?;
    Ok(Value::string(
        text_at("reverse", args, 0)?.chars().rev().collect(),
    ))
}

/// The result is bounded like `"x" * n`, by its length in bytes.
fn repeat(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("repeat", args, 2, 2)?;
    let text = text_at("repeat", args, 0)?;
    let n = usize::try_from(int_arg("string.repeat", &args[1])?).unwrap_or(0);
    let total = text.len().checked_mul(n);
    if total.is_none_or(|t| t as u128 > MAX_SEQUENCE as u128) {
        return Err(RtError::value_error("string.repeat(): result too large"));
    }
    Ok(Value::string(crate::memory::repeat_str(
        "string.repeat()",
        text,
        n,
    )?))
}

fn contains(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("contains", args, 2, 2)?;
    let text = text_at("contains", args, 0)?;
    Ok(Value::Bool(text.contains(text_at("contains", args, 1)?)))
}

/// `join(sep, items)`; `join(items, sep)` is accepted too, since both
/// orders appear in programs written against other languages.
fn join(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("join", args, 2, 2)?;
    let (sep, items) = match (&args[0], &args[1]) {
        (items @ Value::Array(_), sep @ Value::Str(_)) => (sep, items),
        (sep, items) => (sep, items),
    };
    let sep = str_arg("string.join", "1", sep)?;
    let parts: Vec<String> = collect(items)?.iter().map(display).collect();
    Ok(Value::string(parts.join(sep)))
}

/// Python slice rules (negative indices count from the end, bounds clamp);
/// `substring` is the same function.
fn slice(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("slice", args, 2, 3)?;
    text_at("slice", args, 0)?;
    let end = args.get(2).cloned().unwrap_or_default();
    get_slice(&args[0], &args[1], &end, &Value::Null)
}

fn char_at(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("charAt", args, 2, 2)?;
    let c = char_index("charAt", args)?;
    Ok(Value::string(c.map(String::from).unwrap_or_default()))
}

fn char_code_at(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("charCodeAt", args, 2, 2)?;
    let c = char_index("charCodeAt", args)?;
    Ok(Value::Int(c.map_or(0, |c| i64::from(u32::from(c)))))
}

fn from_char_code(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("fromCharCode", args, 1, 1)?;
    let code = int_arg("string.fromCharCode", &args[0])?;
    let c = u32::try_from(code).ok().and_then(char::from_u32);
    Ok(Value::string(c.map(String::from).unwrap_or_default()))
}

fn to_chars(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toChars", args, 1, 1)?;
    let chars = text_at("toChars", args, 0)?.chars();
    Ok(Value::array(
        chars.map(|c| Value::string(c.into())).collect(),
    ))
}

fn is_empty(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("isEmpty", args, 1, 1)?;
    Ok(Value::Bool(text_at("isEmpty", args, 0)?.is_empty()))
}

/// Digits only (Unicode numeric characters, like Python's `isnumeric`):
/// no sign, point or exponent, so `"-1"` and `"1.5"` are not numeric.
fn is_numeric(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("isNumeric", args, 1, 1)?;
    let text = text_at("isNumeric", args, 0)?;
    Ok(Value::Bool(
        !text.is_empty() && text.chars().all(char::is_numeric),
    ))
}

/// Like `int(v)`, except that anything not a number gives 0.
fn to_int(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toInt", args, 1, 1)?;
    Ok(int_or_zero(&args[0]))
}

fn int_or_zero(v: &Value) -> Value {
    match (v, number(v)) {
        (Value::Str(s), _) => parse_int_text(s.as_str()).unwrap_or(Value::Int(0)),
        (_, Some(Num::I(i))) => Value::Int(i),
        (_, Some(Num::F(f))) if f.is_finite() => {
            crate::lang::builtins::integral_value(f.trunc()).unwrap_or(Value::Int(0))
        }
        _ => Value::Int(0),
    }
}

/// Like `float(v)`, except that anything not a number gives 0.0.
fn to_float(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toFloat", args, 1, 1)?;
    let f = match (&args[0], number(&args[0])) {
        (Value::Str(s), _) => parse_float_text(s.as_str()).unwrap_or(0.0),
        (_, Some(Num::I(i))) => i as f64,
        (_, Some(Num::F(f))) => f,
        _ => 0.0,
    };
    Ok(Value::Float(f))
}

fn to_string(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("toString", args, 1, 1)?;
    Ok(match &args[0] {
        Value::Str(s) => Value::Str(s.clone()),
        v => Value::string(display(v)),
    })
}

/// Orders by the ML comparison rules (code points for strings); values
/// that cannot be compared are a TypeError.
fn compare(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect("compare", args, 2, 2)?;
    let order = sort_cmp(&args[0], &args[1])?;
    Ok(Value::Int(match order {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_numbers() {
        assert!(matches!(int_or_zero(&Value::str(" 42 ")), Value::Int(42)));
        assert!(matches!(int_or_zero(&Value::str("3.7")), Value::Int(3)));
        assert!(matches!(int_or_zero(&Value::str("x")), Value::Int(0)));
        assert!(matches!(
            int_or_zero(&Value::Float(f64::NAN)),
            Value::Int(0)
        ));
        assert!(matches!(
            int_or_zero(&Value::Float(1e300)),
            Value::Int(_) | Value::Float(_)
        ));
        assert!(matches!(int_or_zero(&Value::Null), Value::Int(0)));
    }
}
