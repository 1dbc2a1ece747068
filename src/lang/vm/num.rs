//! Number fast paths the dispatch loop inlines: the kinds of operands that
//! numeric code meets all the time (int with int, float with float, int
//! with float) decided without leaving the loop. Everything else returns
//! `None` and takes the general operators of `ops.rs`, which stay the
//! definition of the semantics; these must agree with them exactly.

use crate::lang::chunk::{Arith, Cmp};
use crate::lang::value::Value;

/// Ints up to 2^53 in magnitude convert to f64 exactly, so comparing them
/// as floats gives the exact answer `ops::compare` computes.
const EXACT_IN_F64: u64 = 1 << 53;

#[inline(always)]
fn exact(i: i64) -> Option<f64> {
    (i.unsigned_abs() <= EXACT_IN_F64).then_some(i as f64)
}

/// Both operands as floats, when one is a float and the other a float or
/// an int: what arithmetic on them computes in (spec 3.3).
#[inline(always)]
pub(super) fn float_pair(a: &Value, b: &Value) -> Option<(f64, f64)> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Some((*x, *y)),
        (Value::Int(x), Value::Float(y)) => Some((*x as f64, *y)),
        (Value::Float(x), Value::Int(y)) => Some((*x, *y as f64)),
        _ => None,
    }
}

/// `a <cmp> b` for two numbers whose order the fast path can decide.
#[inline(always)]
pub(super) fn compare(cmp: Cmp, a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(cmp.holds_i64(*x, *y)),
        (Value::Float(x), Value::Float(y)) => Some(cmp.holds_f64(*x, *y)),
        (Value::Int(x), Value::Float(y)) => Some(cmp.holds_f64(exact(*x)?, *y)),
        (Value::Float(x), Value::Int(y)) => Some(cmp.holds_f64(*x, exact(*y)?)),
        _ => None,
    }
}

/// `a == b` for two numbers of the kinds above, or a comparison with
/// `null` (equal only to itself).
#[inline(always)]
pub(super) fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, other) | (other, Value::Null) => {
            Some(matches!(other, Value::Null | Value::Undef))
        }
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Float(x), Value::Float(y)) => Some(x == y),
        (Value::Int(x), Value::Float(y)) => Some(exact(*x)? == *y),
        (Value::Float(x), Value::Int(y)) => Some(*x == exact(*y)?),
        _ => None,
    }
}

/// `a == null` or `a != null` (either side `null`; `cmp` `Eq` or `Ne`),
/// decided by kind as `ops::equals` does; `None` for any other test.
#[inline(always)]
pub(super) fn null_compare(cmp: Cmp, a: &Value, b: &Value) -> Option<bool> {
    if !matches!(cmp, Cmp::Eq | Cmp::Ne) {
        return None;
    }
    let other = match (a, b) {
        (Value::Null, other) | (other, Value::Null) => other,
        _ => return None,
    };
    Some(matches!(other, Value::Null | Value::Undef) == (cmp == Cmp::Eq))
}

/// `a <cmp> k` for an int constant `k` (small, so exact as a float).
#[inline(always)]
pub(super) fn compare_k(cmp: Cmp, a: &Value, k: i64) -> Option<bool> {
    match a {
        Value::Int(x) => Some(cmp.holds_i64(*x, k)),
        Value::Float(x) => Some(cmp.holds_f64(*x, k as f64)),
        _ => None,
    }
}

/// `a op b` for two numbers the fast path can compute (ints that do not
/// overflow, floats, an int with a float; `/` by anything but zero),
/// written over `dst` as one store; `false`, with nothing written, for
/// anything else. The operator is a constant at each call, so every
/// instruction gets its own copy without a jump on it. Pointers rather
/// than references let `dst` be `a` itself (the top of the stack replaced
/// in place).
///
/// # Safety
/// `a` and `b` point to values; `dst` is writable and holds nothing that
/// needs a drop (a number, or no value).
#[inline(always)]
pub(super) unsafe fn arith_to(
    op: Arith,
    a: *const Value,
    b: *const Value,
    dst: *mut Value,
) -> bool {
    // SAFETY: as the caller promises; the operands are copied out before
    // `dst` is written.
    let (a, b) = unsafe { (&*a, &*b) };
    let (x, y) = match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let (x, y) = (*x, *y);
            let r = match op {
                Arith::Add => x.checked_add(y),
                Arith::Sub => x.checked_sub(y),
                Arith::Mul => x.checked_mul(y),
                Arith::Div => return y != 0 && unsafe { float_to(op, x as f64, y as f64, dst) },
            };
            return match r {
                // SAFETY: as the caller promises.
                Some(r) => {
                    unsafe { Value::write_int(dst, r) };
                    true
                }
                None => false,
            };
        }
        (Value::Float(x), Value::Float(y)) => (*x, *y),
        _ => match float_pair(a, b) {
            Some(pair) => pair,
            None => return false,
        },
    };
    // SAFETY: as the caller promises.
    unsafe { float_to(op, x, y, dst) }
}

/// `x op y` written over `dst`; `false` for a division by zero.
///
/// # Safety
/// As for [`arith_to`].
#[inline(always)]
unsafe fn float_to(op: Arith, x: f64, y: f64, dst: *mut Value) -> bool {
    let r = match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div if y != 0.0 => x / y,
        Arith::Div => return false,
    };
    // SAFETY: as the caller promises.
    unsafe { Value::write_float(dst, r) };
    true
}
