//! Float layout: Python's text for a float, built from Rust's digits.
//!
//! Rust's `{:e}` already yields the shortest round-trip digits (and
//! correctly rounded digits when given a precision); this module places the
//! decimal point and writes the exponent the way Python does. The one
//! digit-level difference (an exact tie between two shortest candidates:
//! Rust rounds up, Python to even) is detected with integer arithmetic and
//! fixed. The same two layout helpers (`write_positional`,
//! `write_scientific`) serve `repr` and the `e`/`g` format types, which is
//! why the per-type writers used by `spec.rs` live here too.

use super::push_repeated;
use std::fmt::Write as _;

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/// Python's `repr` of a float (spec 6.3): `0.1`, `100.0`, `1e+16`, `-0.0`.
pub fn float_repr(f: f64) -> String {
    let mut out = String::new();
    write_float(&mut out, f);
    out
}

/// Appends [`float_repr`] of `f` to `out`.
pub fn write_float(out: &mut String, f: f64) {
    if !f.is_finite() {
        out.push_str(non_finite_text(f));
        return;
    }
    if f.is_sign_negative() {
        out.push('-');
    }
    write_shortest(out, f.abs(), false);
}

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

pub(super) fn non_finite_text(f: f64) -> &'static str {
    if f.is_nan() {
        "nan"
    } else if f > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// The significant digits `d1 d2 … dn` of a number, as Rust's `{:e}` prints
/// them (`d1.d2…dn`), viewed without copying: `lead` is `d1`, `rest` is
/// `d2…dn`.
#[derive(Clone, Copy)]
struct Digits<'a> {
    lead: char,
    rest: &'a str,
}

impl<'a> Digits<'a> {
    /// Splits Rust's exponent notation (`1.25e-7`, `5e300`) into digits and
    /// the decimal exponent.
    fn parse(sci: &'a str) -> (Digits<'a>, i32) {
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
        let lead = mantissa.chars().next().unwrap_or('0');
        let rest = mantissa.get(2..).unwrap_or("");
        (Digits { lead, rest }, exp.parse().unwrap_or(0))
    }

    /// Without trailing zeros (the first digit always stays).
    fn trimmed(self) -> Digits<'a> {
        Digits {
            lead: self.lead,
            rest: self.rest.trim_end_matches('0'),
        }
    }
}

/// What fixed notation writes when no digit falls after the point.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EmptyFraction {
    /// `100` (`g` type)
    Bare,
    /// `100.` (`#g` type)
    Point,
    /// `100.0` (`repr`, no type)
    PointZero,
}

/// Fixed notation: the digits with the point placed after `exp + 1` of them,
/// padded with zeros on whichever side needs them.
fn write_positional(out: &mut String, digits: Digits, exp: i32, empty: EmptyFraction) {
    if exp < 0 {
        out.push_str("0.");
        push_repeated(out, '0', exp.unsigned_abs() as usize - 1);
        out.push(digits.lead);
        out.push_str(digits.rest);
        return;
    }
    let int_len = exp as usize + 1;
    let from_rest = (int_len - 1).min(digits.rest.len());
    out.push(digits.lead);
    out.push_str(&digits.rest[..from_rest]);
    push_repeated(out, '0', int_len - 1 - from_rest);
    let fraction = &digits.rest[from_rest..];
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    } else if empty == EmptyFraction::Point {
        out.push('.');
    } else if empty == EmptyFraction::PointZero {
        out.push_str(".0");
    }
}

/// Scientific notation: `d1[.d2…dn]e±XX`, at least two exponent digits.
fn write_scientific(out: &mut String, digits: Digits, exp: i32, force_point: bool, e: char) {
    out.push(digits.lead);
    if force_point || !digits.rest.is_empty() {
        out.push('.');
    }
    out.push_str(digits.rest);
    out.push(e);
    out.push(if exp < 0 { '-' } else { '+' });
    let _ = write!(out, "{:02}", exp.unsigned_abs());
}

/// Shortest round-trip digits of a finite `x >= 0`, laid out like Python's
/// `repr`: fixed notation for exponents in `-4..16`, else scientific.
/// `force_point` is the `#` flag (`1.e+16`).
pub(super) fn write_shortest(out: &mut String, x: f64, force_point: bool) {
    // `{:e}` of an f64 is at most 24 bytes; a stack buffer keeps printing
    // large float arrays free of per-number allocations.
    let mut buf = StackText::default();
    let _ = write!(buf, "{x:e}");
    round_ties_to_even(x, &mut buf);
    let (digits, exp) = Digits::parse(buf.as_str());
    if (-4..16).contains(&exp) {
        write_positional(out, digits, exp, EmptyFraction::PointZero);
    } else {
        write_scientific(out, digits, exp, force_point, 'e');
    }
}

/// Makes Rust's shortest digits agree with Python's in the one case where
/// they differ. When `x` lies exactly halfway between two shortest
/// candidates that both round-trip, Rust takes the upper one and Python
/// (David Gay's `dtoa`) the one with an even last digit:
/// `870074717830352.25` is `…352.3` in Rust but `…352.2` in Python.
/// `sci` holds Rust's `{:e}` text of `x` and is fixed in place.
fn round_ties_to_even(x: f64, sci: &mut StackText) {
    let text = sci.as_str();
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digit_count = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let last = mantissa.len() - 1;
    let last_digit = mantissa.as_bytes()[last];
    // With 15 digits or fewer no second candidate can round-trip; an even
    // last digit is already Python's choice.
    if digit_count < 16 || last_digit % 2 == 0 {
        return;
    }
    let Ok(exp) = exp.parse::<i32>() else { return };
    let lower: u64 = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0, |acc, d| acc * 10 + u64::from(d - b'0'))
        - 1;
    // The midpoint between the two candidates is `lower` followed by a 5.
    let midpoint = lower * 10 + 5;
    if !equals_decimal(x, midpoint, exp - digit_count as i32) {
        return;
    }
    sci.bytes[last] = last_digit - 1;
    // Next to a power of two the lower neighbour may not round-trip.
    if sci.as_str().parse::<f64>() != Ok(x) {
        sci.bytes[last] = last_digit;
    }
}

/// Whether `x` (finite, positive) is exactly `t × 10^q` for an odd `t`.
fn equals_decimal(x: f64, t: u64, q: i32) -> bool {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut k) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    if m == 0 {
        return false;
    }
    k += m.trailing_zeros() as i32;
    m >>= m.trailing_zeros();
    // x = m·2^k with m odd, and t·10^q = t·5^q·2^q with t odd: the powers of
    // two must agree, and then the odd parts.
    if k != q {
        return false;
    }
    let Some(power) = 5u128.checked_pow(q.unsigned_abs()) else {
        return false;
    };
    if q >= 0 {
        u128::from(t).checked_mul(power) == Some(u128::from(m))
    } else {
        u128::from(m).checked_mul(power) == Some(u128::from(t))
    }
}

/// A small fixed-capacity text buffer for formatting one number.
#[derive(Default)]
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so this cannot fail.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Writers for the float presentation types of format specs
// ---------------------------------------------------------------------------

/// More fractional digits than any double has in its exact decimal
/// expansion (at most 1074 after the point).
const EXACT_FRACTION_DIGITS: usize = 1100;

/// More significant digits than any double has (at most 767).
const EXACT_SIGNIFICANT_DIGITS: usize = 800;

/// `{x:.precision$e}` for any precision: the digits past a double's exact
/// expansion are zeros, added here because Rust's formatter stops at 65,535.
fn scientific(x: f64, precision: usize) -> String {
    let exact = precision.min(EXACT_SIGNIFICANT_DIGITS);
    let sci = format!("{x:.exact$e}");
    if exact == precision {
        return sci;
    }
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let mut padded = String::with_capacity(sci.len() + precision - exact);
    padded.push_str(mantissa);
    push_repeated(&mut padded, '0', precision - exact);
    padded.push('e');
    padded.push_str(exp);
    padded
}

/// `f`: exactly `precision` digits after the point.
pub(super) fn write_fixed(out: &mut String, x: f64, precision: usize, alternate: bool) {
    // Rust's formatter stops at 65,535 digits; beyond the exact expansion of
    // a double every further digit is a zero, so those are appended here.
    let exact = precision.min(EXACT_FRACTION_DIGITS);
    let _ = write!(out, "{x:.exact$}");
    push_repeated(out, '0', precision - exact);
    if alternate && precision == 0 {
        out.push('.');
    }
}

/// `e`: one digit, the point, `precision` digits, the exponent.
pub(super) fn write_exponent(out: &mut String, x: f64, precision: usize, alternate: bool, e: char) {
    let sci = scientific(x, precision);
    let (digits, exp) = Digits::parse(&sci);
    write_scientific(out, digits, exp, alternate, e);
}

/// `g` (and no type with a precision, `add_point_zero`): round to
/// `precision` significant digits, then pick fixed or scientific notation
/// from the rounded exponent and drop trailing zeros unless `#` is given.
pub(super) fn write_general(
    out: &mut String,
    x: f64,
    precision: usize,
    alternate: bool,
    add_point_zero: bool,
    e: char,
) {
    let precision = precision.max(1);
    let sci = scientific(x, precision - 1);
    let (mut digits, exp) = Digits::parse(&sci);
    if !alternate {
        digits = digits.trimmed();
    }
    // With no type Python switches to exponents one digit earlier, so that
    // the `.0` it appends never shows a digit beyond the precision.
    let limit = precision as i32 - i32::from(add_point_zero);
    if exp < -4 || exp >= limit {
        write_scientific(out, digits, exp, alternate, e);
    } else {
        let empty = match (alternate, add_point_zero) {
            (true, _) => EmptyFraction::Point,
            (false, true) => EmptyFraction::PointZero,
            (false, false) => EmptyFraction::Bare,
        };
        write_positional(out, digits, exp, empty);
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        // Expected texts from Python 3.11 `repr`.
        let cases: &[(f64, &str)] = &[
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (123456789.123, "123456789.123"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (100.0, "100.0"),
            (1.0, "1.0"),
            (3.5, "3.5"),
            (-7.25, "-7.25"),
            (1.5e-7, "1.5e-07"),
            (1.2345678901234568e20, "1.2345678901234568e+20"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.00012345, "0.00012345"),
            (0.000012345, "1.2345e-05"),
            (2.0f64.powi(60), "1.152921504606847e+18"),
            (1e100, "1e+100"),
            (-1e-100, "-1e-100"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            // Exact ties between two shortest candidates: even digit wins,
            // unless the even one does not round-trip (next to 2^-24).
            (870074717830352.0 + 0.25, "870074717830352.2"),
            (-(930386032825820.0 + 0.25), "-930386032825820.2"),
            (2.0f64.powi(-24), "5.960464477539063e-08"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ];
        for (f, expected) in cases {
            assert_eq!(float_repr(*f), *expected, "repr of {f:e}");
        }
    }

    #[test]
    fn precisions_past_rusts_limit_pad_with_zeros() {
        let mut fixed = String::new();
        write_fixed(&mut fixed, 1.5, 70_000, false);
        assert_eq!(fixed.len(), 70_002);
        assert!(fixed.starts_with("1.5000") && fixed.ends_with('0'));
        let mut tiny = String::new();
        write_fixed(&mut tiny, 5e-324, 2000, false);
        assert!(tiny.starts_with("0.000") && tiny.contains("4940656458412465441765"));
        let sci = scientific(1.5, 70_000);
        assert!(sci.starts_with("1.5000") && sci.ends_with("e0") && sci.len() == 70_004);
        assert_eq!(scientific(0.1, 3), "1.000e-1");
    }
}
