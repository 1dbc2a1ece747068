//! Conversion, number and character builtins: `int float str bool typeof
//! isinstance repr callable abs round chr ord hex bin oct format`.
//!
//! Number parsing follows Python's `int()`/`float()` on text (surrounding
//! whitespace and digit-separating underscores allowed), except that
//! `int("3.7")` and `int("1e3")` parse as numbers and truncate (spec 4).
//! Rounding with digits is correctly rounded, like Python: the float is
//! rounded in decimal from its exact binary value, so `round(2.675, 2)` is
//! 2.67 because 2.675 is really 2.67499999...

use super::{expect_args, int_arg, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::format::{display_interruptible, format_spec, repr, repr_interruptible};
use crate::lang::methods::is_py_space;
use crate::lang::ops::{number, Num};
use crate::lang::value::{MlStr, NativeResult, Value};
use crate::lang::vm::Vm;
use std::borrow::Cow;

// ---------------------------------------------------------------------------
// Conversion and types

pub(super) fn int(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("int", args, 0, 1)?;
    let Some(v) = args.first() else {
        return Ok(Value::Int(0));
    };
    match v {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        Value::Float(f) => integral_value(f.trunc()),
        Value::Str(s) => parse_int_text(s.as_str())
            .ok_or_else(|| RtError::value_error(format!("invalid literal for int(): {}", repr(v)))),
        other => Err(RtError::type_error(format!(
            "int() argument must be a string or a number, not '{}'",
            other.type_name()
        ))),
    }
}

pub(super) fn float(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("float", args, 0, 1)?;
    let Some(v) = args.first() else {
        return Ok(Value::Float(0.0));
    };
    if let Some(n) = number(v) {
        return Ok(Value::Float(num_to_f64(n)));
    }
    match v {
        Value::Str(s) => parse_float_text(s.as_str())
            .map(Value::Float)
            .ok_or_else(|| {
                RtError::value_error(format!("could not convert string to float: {}", repr(v)))
            }),
        other => Err(RtError::type_error(format!(
            "float() argument must be a string or a number, not '{}'",
            other.type_name()
        ))),
    }
}

fn num_to_f64(n: Num) -> f64 {
    match n {
        Num::I(i) => i as f64,
        Num::F(f) => f,
    }
}

/// A float that is already a whole number, as an ML int. Beyond the i64
/// range it stays a float (the int-overflow rule of spec 3.1); `nan` and
/// infinities cannot become integers.
pub fn integral_value(f: f64) -> NativeResult {
    if f.is_nan() {
        return Err(RtError::value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(RtError::value_error(
            "cannot convert float infinity to integer",
        ));
    }
    // -2^63 and 2^63 are exact doubles; every float in between converts
    // without saturating.
    let limit = -(i64::MIN as f64);
    if (-limit..limit).contains(&f) {
        Ok(Value::Int(f as i64))
    } else {
        Ok(Value::Float(f))
    }
}

/// Removes Python's digit-grouping underscores (`1_000`); `None` when an
/// underscore is not between two digits.
fn strip_underscores(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('_') {
        return Some(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let digit_at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    for (i, c) in bytes.iter().enumerate() {
        if *c == b'_' && !(digit_at(i.checked_sub(1)) && digit_at(i.checked_add(1))) {
            return None;
        }
    }
    Some(Cow::Owned(text.replace('_', "")))
}

/// `int()` of a string: an integer literal, or any number text truncated
/// toward zero. `None` when the text is not a number (or is inf/nan).
pub fn parse_int_text(text: &str) -> Option<Value> {
    if let Some(i) = plain_decimal(text.as_bytes()) {
        return Some(Value::Int(i));
    }
    let cleaned = strip_underscores(text.trim_matches(is_py_space))?;
    if let Ok(i) = cleaned.parse::<i64>() {
        return Some(Value::Int(i));
    }
    let f = parse_float_clean(&cleaned)?;
    integral_value(f.trunc()).ok()
}

/// The value of `text` when it is only a sign and 1 to 18 ASCII digits
/// (no spaces, underscores or point): the common `int(s)` of a number's
/// text, read without trimming or the general parser. 18 digits cannot
/// overflow an `i64`.
#[inline]
fn plain_decimal(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut n: i64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + i64::from(d);
    }
    Some(if negative { -n } else { n })
}

/// `float()` of a string, Python syntax (`"inf"`, `"-nan"`, `"1e2"`,
/// `" 2.5 "`, `"1_000.5"`).
pub fn parse_float_text(text: &str) -> Option<f64> {
    let cleaned = strip_underscores(text.trim_matches(is_py_space))?;
    parse_float_clean(&cleaned)
}

fn parse_float_clean(text: &str) -> Option<f64> {
    // Rust also accepts these spellings; Python's grammar is the same apart
    // from the underscores handled above.
    text.parse::<f64>().ok()
}

pub(super) fn str_fn(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    // `str(digit)` first, a table's string: numbers turned into text in a
    // loop. Every other shape is out of line, so that this path saves and
    // restores no registers.
    if let [Value::Int(i @ 0..=9)] = args {
        return Ok(Value::from_char(char::from(b'0' + *i as u8)));
    }
    str_general(args)
}

#[inline(never)]
fn str_general(args: &[Value]) -> NativeResult {
    if let [Value::Int(i)] = args {
        return Ok(Value::Str(MlStr::rc_int(*i)));
    }
    expect_args("str", args, 0, 1)?;
    Ok(match args.first() {
        Some(Value::Str(s)) => Value::Str(s.clone()),
        Some(v) => Value::string(display_interruptible(v)?),
        None => Value::str(""),
    })
}

pub(super) fn bool_fn(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("bool", args, 0, 1)?;
    Ok(Value::Bool(args.first().is_some_and(Value::truthy)))
}

pub(super) fn typeof_fn(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("typeof", args, 1, 1)?;
    Ok(Value::str(args[0].type_name()))
}

pub(super) fn isinstance(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("isinstance", args, 2, 2)?;
    Ok(Value::Bool(args[1].as_str() == Some(args[0].type_name())))
}

pub(super) fn repr_fn(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("repr", args, 1, 1)?;
    Ok(Value::string(repr_interruptible(&args[0])?))
}

pub(super) fn callable(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("callable", args, 1, 1)?;
    Ok(Value::Bool(args[0].is_callable()))
}

// ---------------------------------------------------------------------------
// Numbers

pub(super) fn abs(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("abs", args, 1, 1)?;
    abs_value("abs", &args[0])
}

/// `abs(x)`: ints (and booleans) give ints, floats give floats.
pub fn abs_value(name: &str, v: &Value) -> NativeResult {
    match number(v) {
        Some(Num::I(i)) => Ok(match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::Float((i as f64).abs()),
        }),
        Some(Num::F(f)) => Ok(Value::Float(f.abs())),
        None => Err(RtError::type_error(format!(
            "bad operand type for {name}(): '{}'",
            v.type_name()
        ))),
    }
}

pub(super) fn round(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("round", args, 1, 2)?;
    let digits = opt_arg(args, 1).map(|v| int_arg("round", v)).transpose()?;
    let Some(x) = number(&args[0]) else {
        return Err(RtError::type_error(format!(
            "round() argument must be a number, not '{}'",
            args[0].type_name()
        )));
    };
    match (x, digits) {
        (Num::I(i), None) => Ok(Value::Int(i)),
        (Num::F(f), None) => integral_value(f.round_ties_even()),
        (Num::I(i), Some(d)) => Ok(round_int_digits(i, d)),
        (Num::F(f), Some(d)) => Ok(Value::Float(round_float_digits(f, d))),
    }
}

/// `round(int, digits)`: unchanged for digits >= 0; otherwise to a multiple
/// of 10^-digits, ties to even (`round(1250, -2)` is 1200).
pub fn round_int_digits(i: i64, digits: i64) -> Value {
    if digits >= 0 {
        return Value::Int(i);
    }
    let k = digits.unsigned_abs();
    // |i| < 9.3e18 < 5e19, so from 10^20 on everything rounds to zero.
    if k > 19 {
        return Value::Int(0);
    }
    let p = 10i128.pow(k as u32);
    let x = i128::from(i);
    let (q, r) = (x.div_euclid(p), x.rem_euclid(p));
    let q = match (2 * r).cmp(&p) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q % 2 != 0 => q + 1,
        _ => q,
    };
    let rounded = q * p;
    i64::try_from(rounded).map_or(Value::Float(rounded as f64), Value::Int)
}

/// `round(float, digits)`, correctly rounded like Python: the exact binary
/// value is rounded in decimal (ties to even only for exact ties), then read
/// back as the nearest float.
pub fn round_float_digits(x: f64, digits: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if digits >= 0 {
        // A double has at most 1074 fractional binary digits, but from 330
        // decimals on no double changes when rounded.
        if digits > 330 {
            return x;
        }
        let text = format!("{:.*}", digits as usize, x);
        return text.parse().unwrap_or(x);
    }
    round_float_to_tens(x, digits.unsigned_abs())
}

/// Rounds `x` to a multiple of 10^k (k >= 1) using its exact integer digits.
fn round_float_to_tens(x: f64, k: u64) -> f64 {
    let sign = if x < 0.0 { "-" } else { "" };
    let t = x.abs().trunc();
    // Doubles are below 1.8e308: from 10^310 on every value rounds to zero.
    if k > 310 {
        return 0.0f64.copysign(x);
    }
    let k = k as usize;
    let has_fraction = x.abs() != t;
    // `{:.0}` prints the exact integer value of an integral double.
    let digits = format!("{t:.0}");
    let cut = digits.len().saturating_sub(k);
    let (head, tail) = digits.split_at(cut);
    let tail = format!("{tail:0>k$}");
    let half = format!("5{}", "0".repeat(k - 1));
    let head_odd = head.bytes().last().is_some_and(|d| (d - b'0') % 2 == 1);
    let round_up = match tail.cmp(&half) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => has_fraction || head_odd,
        std::cmp::Ordering::Less => false,
    };
    let head = if round_up {
        increment_decimal(head)
    } else {
        head.to_string()
    };
    let head = if head.is_empty() {
        "0".to_string()
    } else {
        head
    };
    format!("{sign}{head}e{k}").parse().unwrap_or(x)
}

/// Adds one to a string of decimal digits ("" counts as 0).
fn increment_decimal(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for d in bytes.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    let mut out = String::from("1");
    out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
    out
}

// ---------------------------------------------------------------------------
// Characters and bases

pub(super) fn chr(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("chr", args, 1, 1)?;
    let i = int_arg("chr", &args[0])?;
    u32::try_from(i)
        .ok()
        .and_then(char::from_u32)
        .map(Value::from_char)
        .ok_or_else(|| RtError::value_error("chr() arg not in range(0x110000)"))
}

pub(super) fn ord(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    // One ASCII character: its byte, without decoding. The other shapes
    // are out of line (no registers saved on this path).
    if let [Value::Str(s)] = args {
        if let [b] = s.as_str().as_bytes() {
            if b.is_ascii() {
                return Ok(Value::Int(i64::from(*b)));
            }
        }
    }
    ord_general(args)
}

#[inline(never)]
fn ord_general(args: &[Value]) -> NativeResult {
    expect_args("ord", args, 1, 1)?;
    let Value::Str(s) = &args[0] else {
        return Err(RtError::type_error(format!(
            "ord() expected a string of length 1, but {} found",
            args[0].type_name()
        )));
    };
    let mut chars = s.as_str().chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(Value::Int(i64::from(u32::from(c)))),
        _ => Err(RtError::type_error(format!(
            "ord() expected a character, but string of length {} found",
            s.char_len()
        ))),
    }
}

pub(super) fn hex(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    radix_builtin("hex", args, 16)
}

pub(super) fn bin(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    radix_builtin("bin", args, 2)
}

pub(super) fn oct(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    radix_builtin("oct", args, 8)
}

fn radix_builtin(name: &str, args: &[Value], radix: u32) -> NativeResult {
    expect_args(name, args, 1, 1)?;
    let n = int_arg(name, &args[0])?;
    Ok(Value::string(radix_text(n, radix)))
}

/// `-0xff`, `0b101`, `0o10`: Python's prefixes, sign before the prefix.
pub fn radix_text(n: i64, radix: u32) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let m = n.unsigned_abs();
    match radix {
        16 => format!("{sign}0x{m:x}"),
        8 => format!("{sign}0o{m:o}"),
        _ => format!("{sign}0b{m:b}"),
    }
}

pub(super) fn format(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("format", args, 1, 2)?;
    let spec = match opt_arg(args, 1) {
        Some(v) => str_arg("format", "2", v)?,
        None => "",
    };
    format_spec(&args[0], spec).map(Value::string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_int(v: Option<Value>) -> i64 {
        match v {
            Some(Value::Int(i)) => i,
            _ => panic!("not an int"),
        }
    }

    #[test]
    fn plain_decimals_agree_with_the_general_parser() {
        let mut texts: Vec<String> = ["0", "-0", "+0", "7", "-7", "+7", "007", "-", "+", "", "1a"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        for k in 1..=20 {
            let nines = "9".repeat(k);
            texts.extend([nines.clone(), format!("-{nines}"), format!("+{nines}")]);
        }
        texts.extend(
            [
                "9223372036854775807",
                "-9223372036854775808",
                " 5",
                "5 ",
                "1_0",
                "1.5",
            ]
            .map(String::from),
        );
        for t in texts {
            let general = t.trim().parse::<i64>().ok().filter(|_| !t.contains(' '));
            match super::plain_decimal(t.as_bytes()) {
                Some(i) => assert_eq!(Some(i), general, "{t:?}"),
                None => assert!(t.len() > 18 || general.is_none(), "{t:?}"),
            }
        }
    }

    #[test]
    fn int_parses_number_text() {
        assert_eq!(as_int(parse_int_text(" 42 ")), 42);
        assert_eq!(as_int(parse_int_text("-17")), -17);
        assert_eq!(as_int(parse_int_text("+5")), 5);
        assert_eq!(as_int(parse_int_text("3.7")), 3);
        assert_eq!(as_int(parse_int_text("-3.7")), -3);
        assert_eq!(as_int(parse_int_text("1e3")), 1000);
        assert_eq!(as_int(parse_int_text("1_000")), 1000);
        for bad in ["abc", "", "1_", "_1", "1__0", "inf", "nan", "0x10", "1e"] {
            assert!(parse_int_text(bad).is_none(), "{bad}");
        }
        assert!(matches!(parse_int_text("1e30"), Some(Value::Float(_))));
    }

    #[test]
    fn float_parses_python_syntax() {
        assert_eq!(parse_float_text(" 2.5 "), Some(2.5));
        assert_eq!(parse_float_text("1e2"), Some(100.0));
        assert_eq!(parse_float_text("inf"), Some(f64::INFINITY));
        assert_eq!(parse_float_text("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_float_text("nan").is_some_and(f64::is_nan));
        assert_eq!(parse_float_text(".5"), Some(0.5));
        assert_eq!(parse_float_text("1_000.5"), Some(1000.5));
        assert_eq!(parse_float_text("x"), None);
    }

    #[test]
    fn integral_values_stay_ints_when_they_fit() {
        assert!(matches!(integral_value(3.0), Ok(Value::Int(3))));
        assert!(matches!(integral_value(-0.0), Ok(Value::Int(0))));
        assert!(matches!(integral_value(1e19), Ok(Value::Float(_))));
        assert!(integral_value(f64::NAN).is_err());
        assert!(integral_value(f64::INFINITY).is_err());
    }

    #[test]
    fn round_ties_to_even() {
        assert_eq!(2.5f64.round_ties_even(), 2.0);
        assert_eq!(3.5f64.round_ties_even(), 4.0);
        assert_eq!(round_float_digits(2.675, 2), 2.67);
        assert_eq!(round_float_digits(0.125, 2), 0.12);
        assert_eq!(round_float_digits(0.375, 2), 0.38);
        assert_eq!(round_float_digits(1.5, 0), 2.0);
        assert_eq!(round_float_digits(1.23456, 3), 1.235);
        assert_eq!(round_float_digits(1e300, 400), 1e300);
        assert!(round_float_digits(-0.004, 2).is_sign_negative());
        assert!(round_float_digits(f64::NAN, 2).is_nan());
    }

    #[test]
    fn round_to_tens() {
        assert_eq!(round_float_digits(1234.5, -2), 1200.0);
        assert_eq!(round_float_digits(1250.0, -2), 1200.0);
        assert_eq!(round_float_digits(1350.0, -2), 1400.0);
        assert_eq!(round_float_digits(1250.0001, -2), 1300.0);
        assert_eq!(round_float_digits(-1250.0, -2), -1200.0);
        assert_eq!(round_float_digits(50.0, -2), 0.0);
        assert_eq!(round_float_digits(51.0, -2), 100.0);
        assert_eq!(round_float_digits(950.0, -3), 1000.0);
        assert_eq!(round_float_digits(9999.0, -1), 10000.0);
        assert_eq!(round_float_digits(5.0, -400), 0.0);
        assert!(matches!(round_int_digits(1250, -2), Value::Int(1200)));
        assert!(matches!(round_int_digits(1350, -2), Value::Int(1400)));
        assert!(matches!(round_int_digits(-1250, -2), Value::Int(-1200)));
        assert!(matches!(round_int_digits(-1251, -2), Value::Int(-1300)));
        assert!(matches!(round_int_digits(7, 3), Value::Int(7)));
        assert!(matches!(round_int_digits(i64::MAX, -19), Value::Float(_)));
        assert!(matches!(round_int_digits(i64::MIN, -40), Value::Int(0)));
    }

    #[test]
    fn radix_texts() {
        assert_eq!(radix_text(255, 16), "0xff");
        assert_eq!(radix_text(-255, 16), "-0xff");
        assert_eq!(radix_text(5, 2), "0b101");
        assert_eq!(radix_text(8, 8), "0o10");
        assert_eq!(radix_text(0, 2), "0b0");
        assert_eq!(radix_text(i64::MIN, 16), "-0x8000000000000000");
    }

    #[test]
    fn abs_keeps_the_number_kind() {
        assert!(matches!(
            abs_value("abs", &Value::Int(-3)),
            Ok(Value::Int(3))
        ));
        assert!(matches!(
            abs_value("abs", &Value::Bool(true)),
            Ok(Value::Int(1))
        ));
        assert!(matches!(abs_value("abs", &Value::Float(-2.5)), Ok(Value::Float(f)) if f == 2.5));
        assert!(matches!(
            abs_value("abs", &Value::Int(i64::MIN)),
            Ok(Value::Float(_))
        ));
        assert!(abs_value("abs", &Value::str("x")).is_err());
    }
}
