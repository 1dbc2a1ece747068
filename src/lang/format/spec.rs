//! The `format(v, spec)` mini-language (spec section 4).
//!
//! [`format_spec`] parses `[[fill]align][sign][#][0][width][,|_][.precision]
//! [type]` once into a `Spec` and then follows CPython's
//! `formatter_unicode.c` step by step (checks in the same order, the same
//! padding and zero-filled grouping rules), so results and error texts match
//! Python's `format()`. The digits of floats come from `float.rs`; this file
//! only chooses the writer and lays out sign, padding and grouping.

use super::display;
use super::float::{non_finite_text, write_exponent, write_fixed, write_general, write_shortest};
use super::push_repeated;
use crate::lang::error::RtError;
use crate::lang::value::Value;

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/// Python's `format(v, spec)` for the `format` builtin. Ints, floats and
/// strings behave exactly like Python; booleans count as ints for the numeric
/// types and as their display word (`true`) otherwise; any other value is
/// formatted as its display text (types `s` or none only).
pub fn format_spec(v: &Value, spec: &str) -> Result<String, RtError> {
    if let Value::Cell(cell) = v {
        return format_spec(&cell.borrow(), spec);
    }
    let label = type_label(v);
    let spec = Spec::parse(spec, label)?;
    match v {
        Value::Int(i) => format_int(*i, &spec),
        Value::Float(f) => format_float(*f, &spec),
        Value::Bool(b) if !matches!(spec.ty, None | Some('s')) => format_int(i64::from(*b), &spec),
        Value::Str(s) => format_text(s.as_str(), &spec, label),
        other => format_text(&display(other), &spec, label),
    }
}

// ---------------------------------------------------------------------------
// Format specs: parsing
// ---------------------------------------------------------------------------

/// Widths and precisions above this are refused rather than allocated.
const MAX_FIELD: usize = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Align {
    Left,
    Right,
    Center,
    /// `=`: padding between the sign and the digits.
    AfterSign,
}

impl Align {
    fn from_char(c: char) -> Option<Align> {
        match c {
            '<' => Some(Align::Left),
            '>' => Some(Align::Right),
            '^' => Some(Align::Center),
            '=' => Some(Align::AfterSign),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sign {
    /// `-`: only negatives get a sign (the default).
    Minus,
    /// `+`: always a sign.
    Plus,
    /// ` `: a space where a `+` would go.
    Space,
}

impl Sign {
    fn from_char(c: char) -> Option<Sign> {
        match c {
            '-' => Some(Sign::Minus),
            '+' => Some(Sign::Plus),
            ' ' => Some(Sign::Space),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grouping {
    Comma,
    Underscore,
}

impl Grouping {
    fn as_char(self) -> char {
        match self {
            Grouping::Comma => ',',
            Grouping::Underscore => '_',
        }
    }
}

/// A parsed format spec. Options keep "not given" apart from the default,
/// because Python's checks and the `0` flag depend on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Spec {
    /// Only set by the two-character `[fill]align` form.
    fill: Option<char>,
    align: Option<Align>,
    sign: Option<Sign>,
    alternate: bool,
    /// The `0` flag (only recognised when no fill was given).
    zero_pad: bool,
    width: usize,
    grouping: Option<Grouping>,
    precision: Option<usize>,
    ty: Option<char>,
}

impl Spec {
    /// Parses `text`; `label` names the value's type in error messages.
    fn parse(text: &str, label: &str) -> Result<Spec, RtError> {
        let chars: Vec<char> = text.chars().collect();
        let mut cursor = Cursor {
            chars: &chars,
            pos: 0,
        };
        let mut spec = Spec::default();
        spec.parse_fill_align(&mut cursor);
        spec.sign = cursor.take_map(Sign::from_char);
        spec.alternate = cursor.take('#');
        if spec.fill.is_none() {
            spec.zero_pad = cursor.take('0');
        }
        spec.width = cursor.number()?.unwrap_or(0);
        spec.grouping = cursor.grouping()?;
        if cursor.take('.') {
            let precision = cursor.number()?;
            spec.precision =
                Some(precision.ok_or_else(|| spec_error("Format specifier missing precision"))?);
        }
        match cursor.remaining() {
            [] => {}
            [ty] => spec.ty = Some(*ty),
            _ => {
                return Err(spec_error(format!(
                    "Invalid format specifier '{text}' for object of type '{label}'"
                )))
            }
        }
        Ok(spec)
    }

    fn parse_fill_align(&mut self, cursor: &mut Cursor) {
        let chars = cursor.remaining();
        if let Some(align) = chars.get(1).copied().and_then(Align::from_char) {
            self.fill = Some(chars[0]);
            self.align = Some(align);
            cursor.pos += 2;
        } else {
            self.align = cursor.take_map(Align::from_char);
        }
    }

    /// Fill and alignment after applying the `0` flag, given the type's
    /// default alignment (right for numbers, left for text).
    fn fill_align(&self, default: Align) -> (char, Align) {
        let fill = self.fill.unwrap_or(if self.zero_pad { '0' } else { ' ' });
        let align = self
            .align
            .unwrap_or(if self.zero_pad && default == Align::Right {
                Align::AfterSign
            } else {
                default
            });
        (fill, align)
    }

    /// The separator and group size for presentation type `ty` (Python
    /// groups hex, octal and binary digits by four, and only with `_`).
    fn group(&self, ty: Option<char>) -> Result<Option<(char, usize)>, RtError> {
        let Some(grouping) = self.grouping else {
            return Ok(None);
        };
        match (ty, grouping) {
            (None | Some('d' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%'), _) => {
                Ok(Some((grouping.as_char(), 3)))
            }
            (Some('b' | 'o' | 'x' | 'X'), Grouping::Underscore) => Ok(Some(('_', 4))),
            (Some(t), _) => Err(spec_error(format!(
                "Cannot specify '{}' with '{t}'.",
                grouping.as_char()
            ))),
        }
    }
}

/// Reading position in a spec's characters.
struct Cursor<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Cursor<'_> {
    fn remaining(&self) -> &[char] {
        &self.chars[self.pos..]
    }

    fn take(&mut self, c: char) -> bool {
        self.take_map(|next| (next == c).then_some(())).is_some()
    }

    fn take_map<T>(&mut self, f: impl Fn(char) -> Option<T>) -> Option<T> {
        let found = self.chars.get(self.pos).copied().and_then(f)?;
        self.pos += 1;
        Some(found)
    }

    /// A run of decimal digits, if any.
    fn number(&mut self) -> Result<Option<usize>, RtError> {
        let mut value: Option<usize> = None;
        while let Some(digit) = self.take_map(|c| c.to_digit(10)) {
            let next = value.unwrap_or(0) * 10 + digit as usize;
            if next > MAX_FIELD {
                return Err(spec_error(format!(
                    "format width or precision too large (at most {MAX_FIELD})"
                )));
            }
            value = Some(next);
        }
        Ok(value)
    }

    /// `,` or `_`, refusing both together like Python.
    fn grouping(&mut self) -> Result<Option<Grouping>, RtError> {
        let comma = self.take(',');
        let underscore = self.take('_');
        if underscore && (comma || self.remaining().first() == Some(&',')) {
            return Err(spec_error("Cannot specify both ',' and '_'."));
        }
        Ok(match (comma, underscore) {
            (true, _) => Some(Grouping::Comma),
            (_, true) => Some(Grouping::Underscore),
            _ => None,
        })
    }
}

fn spec_error(message: impl Into<String>) -> RtError {
    RtError::value_error(message)
}

fn unknown_code(ty: char, label: &str) -> RtError {
    spec_error(format!(
        "Unknown format code '{ty}' for object of type '{label}'"
    ))
}

/// The type name used in format error messages.
fn type_label(v: &Value) -> &'static str {
    match v {
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        other => other.type_name(),
    }
}

// ---------------------------------------------------------------------------
// Format specs: rendering
// ---------------------------------------------------------------------------

/// Strings (and values formatted as their display text).
fn format_text(text: &str, spec: &Spec, label: &str) -> Result<String, RtError> {
    spec.group(Some(spec.ty.unwrap_or('s')))?;
    if let Some(ty) = spec.ty.filter(|t| *t != 's') {
        return Err(unknown_code(ty, label));
    }
    match spec.sign {
        Some(Sign::Space) => {
            return Err(spec_error("Space not allowed in string format specifier"))
        }
        Some(_) => return Err(spec_error("Sign not allowed in string format specifier")),
        None => {}
    }
    if spec.alternate {
        return Err(spec_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == Some(Align::AfterSign) {
        return Err(spec_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let text = match spec.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    let (fill, align) = spec.fill_align(Align::Left);
    let pad = spec.width.saturating_sub(text.chars().count());
    let (left, _, right) = split_padding(align, pad);
    let mut out = String::with_capacity(text.len() + pad);
    push_repeated(&mut out, fill, left);
    out.push_str(&text);
    push_repeated(&mut out, fill, right);
    Ok(out)
}

fn format_int(i: i64, spec: &Spec) -> Result<String, RtError> {
    let group = spec.group(spec.ty)?;
    let n = i.unsigned_abs();
    let (digits, prefix) = match spec.ty {
        None | Some('d' | 'n') => (n.to_string(), ""),
        Some('b') => (format!("{n:b}"), "0b"),
        Some('o') => (format!("{n:o}"), "0o"),
        Some('x') => (format!("{n:x}"), "0x"),
        Some('X') => (format!("{n:X}"), "0X"),
        Some('c') => return format_char(i, spec),
        // Python formats ints with float types through float().
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => return format_float(i as f64, spec),
        Some(t) => return Err(unknown_code(t, "int")),
    };
    if spec.precision.is_some() {
        return Err(spec_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    let number = Number {
        negative: i < 0,
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        rest: "",
    };
    Ok(layout_number(&number, spec, group))
}

/// The `c` type: the character with that code point.
fn format_char(i: i64, spec: &Spec) -> Result<String, RtError> {
    if spec.precision.is_some() {
        return Err(spec_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.sign.is_some() {
        return Err(spec_error(
            "Sign not allowed with integer format specifier 'c'",
        ));
    }
    if spec.alternate {
        return Err(spec_error(
            "Alternate form (#) not allowed with integer format specifier 'c'",
        ));
    }
    let c = u32::try_from(i)
        .ok()
        .filter(|code| *code < 0x110000)
        .ok_or_else(|| spec_error("%c arg not in range(0x110000)"))?;
    let c = char::from_u32(c)
        .ok_or_else(|| spec_error("%c arg is a surrogate code point, not a character"))?;
    let text = c.to_string();
    let number = Number {
        negative: false,
        prefix: "",
        digits: "",
        rest: &text,
    };
    Ok(layout_number(&number, spec, None))
}

fn format_float(f: f64, spec: &Spec) -> Result<String, RtError> {
    let group = spec.group(spec.ty)?;
    let body = match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => float_body(f.abs(), spec),
        Some(t) => return Err(unknown_code(t, "float")),
    };
    // The sign comes from the value, so `-0.0` and `-0.001` rounded to
    // `0.0` keep it (as in Python); a NaN never has one.
    let negative = f.is_sign_negative() && !f.is_nan();
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let number = Number {
        negative,
        prefix: "",
        digits: &body[..split],
        rest: &body[split..],
    };
    Ok(layout_number(&number, spec, group))
}

/// The unsigned text of `x >= 0` for a float presentation type.
fn float_body(x: f64, spec: &Spec) -> String {
    let upper = matches!(spec.ty, Some('E' | 'F' | 'G'));
    let mut out = String::new();
    if !x.is_finite() {
        out.push_str(non_finite_text(x));
        if spec.ty == Some('%') {
            out.push('%');
        }
    } else {
        let e = if upper { 'E' } else { 'e' };
        match (spec.ty, spec.precision) {
            (None, None) => write_shortest(&mut out, x, spec.alternate),
            (None, Some(p)) => write_general(&mut out, x, p, spec.alternate, true, e),
            (Some('f' | 'F'), p) => write_fixed(&mut out, x, p.unwrap_or(6), spec.alternate),
            (Some('e' | 'E'), p) => write_exponent(&mut out, x, p.unwrap_or(6), spec.alternate, e),
            (Some('%'), p) => {
                write_fixed(&mut out, x * 100.0, p.unwrap_or(6), spec.alternate);
                out.push('%');
            }
            (_, p) => write_general(&mut out, x, p.unwrap_or(6), spec.alternate, false, e),
        }
    }
    if upper {
        out.make_ascii_uppercase();
    }
    out
}

/// A formatted number in parts, laid out as
/// `[left pad][sign][prefix][inner pad][grouped digits][rest][right pad]`.
struct Number<'a> {
    negative: bool,
    /// `0x`, `0b`, `0o` or nothing.
    prefix: &'a str,
    /// The integer digits, which grouping separates.
    digits: &'a str,
    /// Point, fraction, exponent, `%`, or a whole `inf`/`nan`/`c` text.
    rest: &'a str,
}

/// CPython's `calc_number_widths` + `fill_number`: signs, padding, and
/// grouping that also groups the zeros of `0`-padding (`00,001,234`).
fn layout_number(number: &Number, spec: &Spec, group: Option<(char, usize)>) -> String {
    let sign = match (number.negative, spec.sign) {
        (true, _) => Some('-'),
        (false, Some(Sign::Plus)) => Some('+'),
        (false, Some(Sign::Space)) => Some(' '),
        (false, _) => None,
    };
    let (fill, align) = spec.fill_align(Align::Right);
    let fixed_len =
        usize::from(sign.is_some()) + number.prefix.chars().count() + number.rest.chars().count();
    let min_digits = if fill == '0' && align == Align::AfterSign {
        spec.width.saturating_sub(fixed_len)
    } else {
        0
    };
    let digits = match group {
        Some((separator, size)) if !number.digits.is_empty() => {
            group_digits(number.digits, separator, size, min_digits)
        }
        _ => number.digits.to_string(),
    };
    let pad = spec.width.saturating_sub(fixed_len + digits.len());
    let (left, inner, right) = split_padding(align, pad);
    let mut out = String::with_capacity(fixed_len + digits.len() + pad);
    push_repeated(&mut out, fill, left);
    out.extend(sign);
    out.push_str(number.prefix);
    push_repeated(&mut out, fill, inner);
    out.push_str(&digits);
    out.push_str(number.rest);
    push_repeated(&mut out, fill, right);
    out
}

/// Padding before, between sign and digits, and after.
fn split_padding(align: Align, pad: usize) -> (usize, usize, usize) {
    match align {
        Align::Left => (0, 0, pad),
        Align::Right => (pad, 0, 0),
        Align::Center => (pad / 2, 0, pad - pad / 2),
        Align::AfterSign => (0, pad, 0),
    }
}

/// Inserts `separator` every `size` ASCII digits from the right, padding
/// with zeros up to `min_width` characters. Follows CPython's
/// `_PyUnicode_InsertThousandsGrouping`, including its habit of never
/// starting with a separator (`format(1234, "08,")` is `0,001,234`).
fn group_digits(digits: &str, separator: char, size: usize, min_width: usize) -> String {
    let bytes = digits.as_bytes();
    let mut remaining = bytes.len();
    let mut min_width = min_width as isize;
    // Built right to left, then reversed.
    let mut reversed: Vec<u8> = Vec::with_capacity(bytes.len() * 2);
    loop {
        let wanted = (remaining as isize).max(min_width).max(1) as usize;
        let len = size.min(wanted);
        let taken = remaining.min(len);
        if !reversed.is_empty() {
            reversed.push(separator as u8);
        }
        reversed.extend(bytes[remaining - taken..remaining].iter().rev());
        reversed.extend(std::iter::repeat_n(b'0', len - taken));
        remaining -= taken;
        min_width -= len as isize;
        if remaining == 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    reversed.reverse();
    String::from_utf8(reversed).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    fn arr(items: Vec<Value>) -> Value {
        Value::array(items)
    }

    fn s(text: &str) -> Value {
        Value::str(text)
    }

    fn fmt(v: Value, spec: &str) -> String {
        match format_spec(&v, spec) {
            Ok(text) => text,
            Err(e) => format!("ERROR {}: {}", e.type_name(), e.message()),
        }
    }

    /// Cases from the brief and the spec; expected texts from Python 3.11.
    #[test]
    #[expect(clippy::approx_constant, reason = "3.14159 is the spec's own example")]
    fn format_spec_basics() {
        let cases: &[(Value, &str, &str)] = &[
            (Value::Float(3.14159), ".2f", "3.14"),
            (Value::Int(42), "05d", "00042"),
            (Value::Float(1234567.891), ",.2f", "1,234,567.89"),
            (Value::Int(255), "x", "ff"),
            (Value::Float(0.25), ".1%", "25.0%"),
            (s("ab"), ">5", "   ab"),
            (Value::Int(5), "^7", "   5   "),
            (Value::Float(1e20), "g", "1e+20"),
            (Value::Int(-3), "+d", "-3"),
            (Value::Int(3), "+d", "+3"),
            (Value::Int(5), " d", " 5"),
            (Value::Int(42), "", "42"),
            (Value::Float(1e16), "", "1e+16"),
            (Value::Float(-0.0), "", "-0.0"),
            (s("x"), "^6", "  x   "),
            (s("abcdef"), ".3", "abc"),
            (s("héllo"), "*^9", "**héllo**"),
            (s("ab"), "05", "ab000"),
            (Value::Int(12), "<05", "12000"),
            (Value::Int(12), "x<05", "12xxx"),
            (Value::Int(1), "c>5", "cccc1"),
            (Value::Int(1), "<<5", "1<<<<"),
            (Value::Int(-1), "=5", "-   1"),
            (Value::Int(-1), "0=5", "-0001"),
            (Value::Float(1.5), "0<8", "1.500000"),
            (Value::Float(1.5), "*^9.1f", "***1.5***"),
            (Value::Float(1.5), "=+8.2f", "+   1.50"),
        ];
        for (v, spec, expected) in cases {
            assert_eq!(fmt(v.clone(), spec), *expected, "format({v:?}, {spec:?})");
        }
    }

    #[test]
    fn format_spec_integers() {
        let cases: &[(i64, &str, &str)] = &[
            (255, "#x", "0xff"),
            (255, "#X", "0XFF"),
            (255, "X", "FF"),
            (5, "#o", "0o5"),
            (-5, "#b", "-0b101"),
            (255, "b", "11111111"),
            (255, "_b", "1111_1111"),
            (255, "#010x", "0x000000ff"),
            (-255, "#010_x", "-0x00_00ff"),
            (123456789, "_", "123_456_789"),
            (1234567, ",", "1,234,567"),
            (1234, "010,", "00,001,234"),
            (1234, "09,", "0,001,234"),
            (1234, "08,", "0,001,234"),
            (1234, "0=10,", "00,001,234"),
            (0, ",", "0"),
            (65, "c", "A"),
            (65, "^5c", "  A  "),
            (3, "n", "3"),
            (i64::MIN, "d", "-9223372036854775808"),
            (i64::MIN, "x", "-8000000000000000"),
            (3, "e", "3.000000e+00"),
            (3, "%", "300.000000%"),
            (7, ".2f", "7.00"),
        ];
        for (i, spec, expected) in cases {
            assert_eq!(
                fmt(Value::Int(*i), spec),
                *expected,
                "format({i}, {spec:?})"
            );
        }
    }

    #[test]
    fn format_spec_floats() {
        let cases: &[(f64, &str, &str)] = &[
            (0.125, ".2f", "0.12"),
            (2.5, ".0f", "2"),
            (3.5, ".0f", "4"),
            (1.0, "#.0f", "1."),
            (-0.0, ".1f", "-0.0"),
            (-0.001, ".1f", "-0.0"),
            (0.1, ".30f", "0.100000000000000005551115123126"),
            (1234567.891, "015,.2f", "0,001,234,567.89"),
            (1e300, ",.0f", "1,000,000,000,000,000,052,504,760,255,204,420,248,704,468,581,108,159,154,915,854,115,511,802,457,988,908,195,786,371,375,080,447,864,043,704,443,832,883,878,176,942,523,235,360,430,575,644,792,184,786,706,982,848,387,200,926,575,803,737,830,233,794,788,090,059,368,953,234,970,799,945,081,119,038,967,640,880,074,652,742,780,142,494,579,258,788,820,056,842,838,115,669,472,196,386,865,459,400,540,160"),
            (1.0, ".0e", "1e+00"),
            (1.0, "#.0e", "1.e+00"),
            (0.0, "e", "0.000000e+00"),
            (12345.678, "E", "1.234568E+04"),
            (1e-300, ".2e", "1.00e-300"),
            (0.5, "%", "50.000000%"),
            (0.0, ".0%", "0%"),
            (1.5, "_%", "150.000000%"),
            (f64::INFINITY, "%", "inf%"),
            (f64::INFINITY, "E", "INF"),
            (f64::NAN, "F", "NAN"),
            (f64::INFINITY, "#.0e", "inf"),
            (f64::INFINITY, "010", "0000000inf"),
            (f64::INFINITY, "010,", "0000000inf"),
            (f64::NAN, "08.2f", "00000nan"),
            (f64::NAN, "+", "+nan"),
            (-f64::NAN, "+", "+nan"),
            (f64::NEG_INFINITY, "=+9", "-     inf"),
            (1234567.0, ",", "1,234,567.0"),
            (1e16, ",", "1e+16"),
            (1e16, "#", "1.e+16"),
            (1.5e16, "#", "1.5e+16"),
            (1.0, "#", "1.0"),
        ];
        for (f, spec, expected) in cases {
            assert_eq!(
                fmt(Value::Float(*f), spec),
                *expected,
                "format({f:e}, {spec:?})"
            );
        }
    }

    /// `g`, `n` and no type with a precision; expected texts from Python.
    #[test]
    fn format_spec_general() {
        let cases: &[(f64, &str, &str)] = &[
            (0.0, "g", "0"),
            (-0.0, "g", "-0"),
            (100000.0, "g", "100000"),
            (1000000.0, "g", "1e+06"),
            (123456.0, "g", "123456"),
            (1234567.0, "g", "1.23457e+06"),
            (999999.5, "g", "1e+06"),
            (9999995.0, ".6g", "1e+07"),
            (0.0001, "g", "0.0001"),
            (0.00001, "g", "1e-05"),
            (9.9999995e-5, "g", "0.0001"),
            (9.9999995e-5, ".7g", "9.999999e-05"),
            (5e-324, ".3g", "4.94e-324"),
            (1.7976931348623157e308, "g", "1.79769e+308"),
            (1.5, "G", "1.5"),
            (1e-10, "G", "1E-10"),
            (3.25, ".0g", "3"),
            (1e-5, "#g", "1.00000e-05"),
            (100000.0, "#g", "100000."),
            (1.0, "#g", "1.00000"),
            (1234.5, ".2", "1.2e+03"),
            (12.0, ".5", "12.0"),
            (100000.0, ".6", "1e+05"),
            (0.0001, ".3", "0.0001"),
            (0.00001234, ".3", "1.23e-05"),
            (123.0, "#.3", "1.23e+02"),
            (123.0, "#.4", "123.0"),
            (12.0, "#.2", "1.2e+01"),
            (1e16, ".3", "1e+16"),
            (12345.678, "n", "12345.7"),
            (3.0, "n", "3"),
            (1e22, "n", "1e+22"),
            (1234567.0, ",g", "1.23457e+06"),
            (123456.0, ",g", "123,456"),
        ];
        for (f, spec, expected) in cases {
            assert_eq!(
                fmt(Value::Float(*f), spec),
                *expected,
                "format({f:e}, {spec:?})"
            );
        }
    }

    #[test]
    fn format_spec_booleans_and_other_values() {
        let cases: &[(Value, &str, &str)] = &[
            (Value::Bool(true), "", "true"),
            (Value::Bool(false), ">7", "  false"),
            (Value::Bool(true), "s", "true"),
            (Value::Bool(true), "d", "1"),
            (Value::Bool(true), "05d", "00001"),
            (Value::Bool(true), ".1f", "1.0"),
            (Value::Bool(false), "x", "0"),
            (Value::Null, "", "null"),
            (Value::Null, ">6", "  null"),
            (arr(vec![Value::Int(1), s("a")]), "", "[1, 'a']"),
            (arr(vec![Value::Int(1)]), "s", "[1]"),
            (
                Value::Cell(Rc::new(RefCell::new(Value::Int(7)))),
                "03",
                "007",
            ),
        ];
        for (v, spec, expected) in cases {
            assert_eq!(fmt(v.clone(), spec), *expected, "format({v:?}, {spec:?})");
        }
    }

    /// Invalid specs; messages as in Python 3.11 (which says `str` where we
    /// say `string`).
    #[test]
    fn format_spec_errors() {
        let int = Value::Int;
        let float = Value::Float;
        #[rustfmt::skip]
        let cases: &[(Value, &str, &str)] = &[
            (int(1), "dd", "Invalid format specifier 'dd' for object of type 'int'"),
            (float(1.5), "d", "Unknown format code 'd' for object of type 'float'"),
            (float(2.0), "x", "Unknown format code 'x' for object of type 'float'"),
            (int(1), "q", "Unknown format code 'q' for object of type 'int'"),
            (int(1), "s", "Unknown format code 's' for object of type 'int'"),
            (int(1), ".2d", "Precision not allowed in integer format specifier"),
            (int(12345), ",.2", "Precision not allowed in integer format specifier"),
            (int(1), ",x", "Cannot specify ',' with 'x'."),
            (int(1), ",_", "Cannot specify both ',' and '_'."),
            (int(1), "_,", "Cannot specify both ',' and '_'."),
            (int(1), "_c", "Cannot specify '_' with 'c'."),
            (int(1), "_n", "Cannot specify '_' with 'n'."),
            (float(1.5), ",n", "Cannot specify ',' with 'n'."),
            (int(1), "+c", "Sign not allowed with integer format specifier 'c'"),
            (int(1), "#c", "Alternate form (#) not allowed with integer format specifier 'c'"),
            (int(0x110000), "c", "%c arg not in range(0x110000)"),
            (int(1), ".", "Format specifier missing precision"),
            (float(1.0), ".g", "Format specifier missing precision"),
            (s("s"), "+", "Sign not allowed in string format specifier"),
            (s("s"), "-", "Sign not allowed in string format specifier"),
            (s("s"), " ", "Space not allowed in string format specifier"),
            (s("s"), "#", "Alternate form (#) not allowed in string format specifier"),
            (s("s"), "=5", "'=' alignment not allowed in string format specifier"),
            (s("s"), ",", "Cannot specify ',' with 's'."),
            (s("s"), "d", "Unknown format code 'd' for object of type 'string'"),
            (Value::Null, "d", "Unknown format code 'd' for object of type 'null'"),
            (arr(vec![]), ".2f", "Unknown format code 'f' for object of type 'array'"),
            (Value::Bool(true), "+", "Sign not allowed in string format specifier"),
            (int(1), "2000000", "format width or precision too large (at most 1000000)"),
        ];
        for (v, spec, message) in cases {
            let expected = format!("ERROR ValueError: {message}");
            assert_eq!(fmt(v.clone(), spec), expected, "format({v:?}, {spec:?})");
        }
    }

    #[test]
    fn grouping_helper() {
        let cases: &[(&str, usize, usize, &str)] = &[
            ("1234567", 3, 0, "1,234,567"),
            ("123", 3, 0, "123"),
            ("1", 3, 5, "0,001"),
            ("1", 3, 4, "0,001"),
            ("1", 3, 3, "001"),
            ("ff", 4, 7, "00_00ff"),
        ];
        for (digits, size, width, expected) in cases {
            let sep = if *size == 4 { '_' } else { ',' };
            assert_eq!(group_digits(digits, sep, *size, *width), *expected);
        }
    }
}
