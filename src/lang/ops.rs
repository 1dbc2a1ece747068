//! Operators on values: arithmetic, equality and ordering (spec 3.3, 3.4),
//! and the integer-argument rule shared by indexing and builtins (spec 3.6).
//!
//! The VM handles `Int op Int` inline; these functions are the general path.

use super::error::{ErrorKind, RtError};
use super::format::display;
use super::structural;
use super::value::{MlStr, Value};
use std::cmp::Ordering;
use std::rc::Rc;

/// `==` (never fails).
#[inline(never)]
pub fn equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null | Value::Undef, Value::Null | Value::Undef) => true,
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || x.same_text(y),
        (Value::Int(x), Value::Int(y)) => x == y,
        // Nested containers are walked without recursion.
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => {
            structural::containers_equal(a, b)
        }
        (Value::Error(x), Value::Error(y)) => Rc::ptr_eq(x, y),
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => num_eq(x, y),
            (None, None) => a.ptr_id().is_some() && a.ptr_id() == b.ptr_id(),
            _ => false,
        },
    }
}

/// A number operand: booleans count as ints.
#[derive(Clone, Copy)]
pub enum Num {
    I(i64),
    F(f64),
}

pub fn number(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(*i)),
        Value::Float(f) => Some(Num::F(*f)),
        Value::Bool(b) => Some(Num::I(*b as i64)),
        _ => None,
    }
}

fn num_eq(a: Num, b: Num) -> bool {
    match (a, b) {
        (Num::I(x), Num::I(y)) => x == y,
        _ => num_cmp(a, b) == Some(Ordering::Equal),
    }
}

fn num_cmp(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(&y)),
        (Num::F(x), Num::F(y)) => x.partial_cmp(&y),
        (Num::I(x), Num::F(y)) => int_float_cmp(x, y),
        (Num::F(x), Num::I(y)) => int_float_cmp(y, x).map(Ordering::reverse),
    }
}

/// 2^63 as a float: the first float above every i64.
const I64_BOUND: f64 = 9_223_372_036_854_775_808.0;

/// Exact comparison of an i64 with an f64 (no rounding of large ints).
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= I64_BOUND {
        return Some(Ordering::Less);
    }
    if f < -I64_BOUND {
        return Some(Ordering::Greater);
    }
    let t = f.trunc();
    match i.cmp(&(t as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        other => Some(other),
    }
}

/// Ordering for `<`-family operators and sorting. `Ok(None)` means
/// unordered (a nan was involved): every comparison is then false.
#[inline(never)]
pub fn compare(a: &Value, b: &Value) -> Result<Option<Ordering>, RtError> {
    // Strings first: numbers mostly take the VM's own fast paths.
    if let (Value::Str(x), Value::Str(y)) = (a, b) {
        return Ok(Some(x.cmp_text(y)));
    }
    if let (Some(x), Some(y)) = (number(a), number(b)) {
        return Ok(num_cmp(x, y));
    }
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => structural::compare_arrays(x, y),
        _ => Err(RtError::type_error(format!(
            "'<' not supported between instances of '{}' and '{}'",
            a.type_name(),
            b.type_name()
        ))),
    }
}

/// Total order for sorting: unordered pairs (nan) compare equal.
pub fn sort_cmp(a: &Value, b: &Value) -> Result<Ordering, RtError> {
    Ok(compare(a, b)?.unwrap_or(Ordering::Equal))
}

fn binop_type_error(op: &str, a: &Value, b: &Value) -> RtError {
    RtError::type_error(format!(
        "unsupported operand types for {op}: '{}' and '{}'",
        a.type_name(),
        b.type_name()
    ))
}

fn zero_division(what: &str) -> RtError {
    RtError::new(ErrorKind::ZeroDivisionError, what.to_string())
}

#[inline(never)]
pub fn add(a: &Value, b: &Value) -> Result<Value, RtError> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            let size = x.as_str().len() as u128 + y.as_str().len() as u128;
            crate::lang::memory::check("the joined string", size)?;
            Ok(Value::Str(MlStr::concat_rc(x, y)))
        }
        // A number put into text: its digits are made without formatting.
        (Value::Str(x), Value::Int(i)) => Ok(Value::Str(MlStr::concat_rc(x, &MlStr::int(*i)))),
        (Value::Int(i), Value::Str(y)) => Ok(Value::Str(MlStr::concat_rc(&MlStr::int(*i), y))),
        (Value::Str(x), other) => Ok(Value::string(format!("{}{}", x.as_str(), display(other)))),
        (other, Value::Str(y)) => Ok(Value::string(format!("{}{}", display(other), y.as_str()))),
        (Value::Array(x), Value::Array(y)) => {
            let size = x.borrow().len() as u128 + y.borrow().len() as u128;
            let mut items = crate::lang::memory::reserve_vec("the joined array", size)?;
            items.extend(x.borrow().iter().cloned());
            items.extend(y.borrow().iter().cloned());
            Ok(Value::array(items))
        }
        _ => match (number(a), number(b)) {
            (Some(Num::I(x)), Some(Num::I(y))) => {
                Ok(int_or_float(x.checked_add(y), || x as f64 + y as f64))
            }
            (Some(x), Some(y)) => Ok(Value::Float(as_f(x) + as_f(y))),
            _ => Err(binop_type_error("+", a, b)),
        },
    }
}

/// Appends `b` to the string `a` in place when `a` is not shared; the fast
/// path behind `s = s + t` loops.
#[inline(always)]
pub fn append_str(a: &mut Rc<MlStr>, b: &Rc<MlStr>) {
    // Strings are immutable: adding to an empty one is the other one.
    if a.is_empty() {
        *a = b.clone();
        return;
    }
    append_text(a, b);
}

/// [`append_str`] of a text that is not a shared string of its own (the
/// digits of a number).
#[inline(always)]
pub fn append_text(a: &mut Rc<MlStr>, b: &MlStr) {
    match Rc::get_mut(a) {
        Some(s) => s.push_str(b),
        None => append_shared(a, b),
    }
}

/// [`append_text`] when `a` has another hold on it: the position cursor's
/// alone (forgotten, then `a` grows in place), else a copy.
#[inline(never)]
fn append_shared(a: &mut Rc<MlStr>, b: &MlStr) {
    if Rc::strong_count(a) == 1 && Rc::weak_count(a) > 0 {
        super::strpos::forget(a);
        if let Some(s) = Rc::get_mut(a) {
            s.push_str(b);
            return;
        }
    }
    *a = MlStr::concat_rc(a, b);
}

fn as_f(n: Num) -> f64 {
    match n {
        Num::I(i) => i as f64,
        Num::F(f) => f,
    }
}

/// Overflow of int arithmetic promotes the result to float (spec 3.1).
fn int_or_float(checked: Option<i64>, float: impl FnOnce() -> f64) -> Value {
    match checked {
        Some(i) => Value::Int(i),
        None => Value::Float(float()),
    }
}

#[inline(never)]
pub fn sub(a: &Value, b: &Value) -> Result<Value, RtError> {
    match (number(a), number(b)) {
        (Some(Num::I(x)), Some(Num::I(y))) => {
            Ok(int_or_float(x.checked_sub(y), || x as f64 - y as f64))
        }
        (Some(x), Some(y)) => Ok(Value::Float(as_f(x) - as_f(y))),
        _ => Err(binop_type_error("-", a, b)),
    }
}

#[inline(never)]
pub fn mul(a: &Value, b: &Value) -> Result<Value, RtError> {
    match (a, b) {
        (Value::Str(s), n) | (n, Value::Str(s)) if number(n).is_some() => {
            let count = repeat_count(n)?;
            let out = crate::lang::memory::repeat_str("the repeated string", s.as_str(), count)?;
            Ok(Value::string(out))
        }
        (Value::Array(items), n) if number(n).is_some() => {
            let count = repeat_count(n)?;
            let items = items.borrow();
            let size = items.len() as u128 * count as u128;
            let mut out = crate::lang::memory::reserve_vec("the repeated array", size)?;
            for k in 0..count {
                // Ctrl-C and --timeout, about every 64K elements.
                if k % (65_536 / items.len().clamp(1, 65_536)) == 0 {
                    crate::lang::limits::check_running()?;
                }
                out.extend(items.iter().cloned());
            }
            Ok(Value::array(out))
        }
        _ => match (number(a), number(b)) {
            (Some(Num::I(x)), Some(Num::I(y))) => {
                Ok(int_or_float(x.checked_mul(y), || x as f64 * y as f64))
            }
            (Some(x), Some(y)) => Ok(Value::Float(as_f(x) * as_f(y))),
            _ => Err(binop_type_error("*", a, b)),
        },
    }
}

fn repeat_count(n: &Value) -> Result<usize, RtError> {
    let count = to_int(n, "repetition count")?;
    if count > 100_000_000 {
        return Err(RtError::new(
            ErrorKind::ValueError,
            "repetition count too large",
        ));
    }
    Ok(count.max(0) as usize)
}

#[inline(never)]
pub fn div(a: &Value, b: &Value) -> Result<Value, RtError> {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => {
            let d = as_f(y);
            if d == 0.0 {
                return Err(zero_division("division by zero"));
            }
            Ok(Value::Float(as_f(x) / d))
        }
        _ => Err(binop_type_error("/", a, b)),
    }
}

#[inline(never)]
pub fn floor_div(a: &Value, b: &Value) -> Result<Value, RtError> {
    match (number(a), number(b)) {
        (Some(Num::I(x)), Some(Num::I(y))) => {
            if y == 0 {
                return Err(zero_division("integer division by zero"));
            }
            Ok(int_or_float(floor_div_i64(x, y), || {
                (x as f64 / y as f64).floor()
            }))
        }
        (Some(x), Some(y)) => {
            let (x, y) = (as_f(x), as_f(y));
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            Ok(Value::Float(python_float_mod(x, y).1))
        }
        _ => Err(binop_type_error("//", a, b)),
    }
}

#[inline(never)]
pub fn modulo(a: &Value, b: &Value) -> Result<Value, RtError> {
    match (a, b) {
        (Value::Str(_), _) => Err(RtError::type_error(
            "string formatting with % is not supported; use format()",
        )),
        _ => match (number(a), number(b)) {
            (Some(Num::I(x)), Some(Num::I(y))) => {
                if y == 0 {
                    return Err(zero_division("integer modulo by zero"));
                }
                Ok(int_or_float(mod_i64(x, y), || {
                    python_float_mod(x as f64, y as f64).0
                }))
            }
            (Some(x), Some(y)) => {
                let (x, y) = (as_f(x), as_f(y));
                if y == 0.0 {
                    return Err(zero_division("float modulo"));
                }
                Ok(Value::Float(python_float_mod(x, y).0))
            }
            _ => Err(binop_type_error("%", a, b)),
        },
    }
}

/// Integer floor division rounding toward negative infinity.
pub fn floor_div_i64(x: i64, y: i64) -> Option<i64> {
    let q = x.checked_div(y)?;
    if (x % y != 0) && ((x < 0) != (y < 0)) {
        q.checked_sub(1)
    } else {
        Some(q)
    }
}

/// Integer modulo with the sign of the divisor.
pub fn mod_i64(x: i64, y: i64) -> Option<i64> {
    if y == -1 {
        // `i64::MIN % -1` overflows in Rust but is 0 mathematically.
        return Some(0);
    }
    let r = x.checked_rem(y)?;
    if r != 0 && ((r < 0) != (y < 0)) {
        Some(r + y)
    } else {
        Some(r)
    }
}

/// Python's float `divmod`: (remainder with the divisor's sign, floored quotient).
fn python_float_mod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (m, floordiv)
}

#[inline(never)]
pub fn negate(a: &Value) -> Result<Value, RtError> {
    match number(a) {
        Some(Num::I(i)) => Ok(int_or_float(i.checked_neg(), || -(i as f64))),
        Some(Num::F(f)) => Ok(Value::Float(-f)),
        None => Err(RtError::type_error(format!(
            "bad operand type for unary -: '{}'",
            a.type_name()
        ))),
    }
}

/// An integer argument (spec 3.6): ints, booleans, and floats without a
/// fractional part. `what` names the argument in the error message.
pub fn to_int(v: &Value, what: &str) -> Result<i64, RtError> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(*f as i64),
        Value::Float(f) => Err(RtError::type_error(format!(
            "{what} must be an integer, not the float {}",
            display(&Value::Float(*f))
        ))),
        other => Err(RtError::type_error(format!(
            "{what} must be an integer, not {}",
            other.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_division_signs() {
        assert_eq!(floor_div_i64(-7, 2), Some(-4));
        assert_eq!(mod_i64(-7, 3), Some(2));
        assert_eq!(mod_i64(7, -3), Some(-2));
        assert_eq!(python_float_mod(-7.5, 2.0).0, 0.5);
        assert_eq!(python_float_mod(7.5, 2.0).1, 3.0);
    }

    #[test]
    fn overflow_promotes_to_float() {
        let r = add(&Value::Int(i64::MAX), &Value::Int(1)).unwrap();
        assert!(matches!(r, Value::Float(f) if f == I64_BOUND));
        assert!(matches!(
            floor_div(&Value::Int(i64::MIN), &Value::Int(-1)).unwrap(),
            Value::Float(_)
        ));
    }

    #[test]
    fn mixed_number_equality_is_exact() {
        assert!(equals(&Value::Int(1), &Value::Float(1.0)));
        assert!(equals(&Value::Bool(true), &Value::Int(1)));
        assert!(!equals(
            &Value::Int(9007199254740993),
            &Value::Float(9007199254740992.0)
        ));
        assert!(!equals(&Value::Float(f64::NAN), &Value::Float(f64::NAN)));
        assert!(!equals(&Value::str("1"), &Value::Int(1)));
        assert!(!equals(&Value::Null, &Value::Bool(false)));
    }

    #[test]
    fn ordering_of_unrelated_kinds_is_a_type_error() {
        assert!(compare(&Value::str("a"), &Value::Int(1)).is_err());
        assert_eq!(
            compare(&Value::Float(f64::NAN), &Value::Int(1)).unwrap(),
            None
        );
    }
}
