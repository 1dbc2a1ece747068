//! The `math` module (spec 5.2).
//!
//! It keeps the reference's error conventions on purpose, because programs
//! test for them: `sqrt` of a negative number is 0, `ln`/`log` of an invalid
//! argument is -999, `pow` and `exp` overflow to `inf` instead of failing.
//! Where the reference would raise Python's "math domain error" (`asin(2)`,
//! `sin(inf)`) we raise a ValueError. `floor`, `ceil` and `round` return
//! ints.

use super::{functions, Row};
use crate::lang::builtins::{abs_value, expect_args, int_arg, integral_value, Qualified};
use crate::lang::error::RtError;
use crate::lang::ops::{number, Num};
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

const CAPABILITIES: &[&str] = &["math.compute"];

const ROWS: &[Row] = &[
    ("abs", abs, "abs(x): absolute value; ints stay ints"),
    ("acos", acos, "acos(x): arc cosine in radians"),
    ("asin", asin, "asin(x): arc sine in radians"),
    ("atan", atan, "atan(x): arc tangent in radians"),
    (
        "atan2",
        atan2,
        "atan2(y, x): angle of the point (x, y) in radians",
    ),
    ("ceil", ceil, "ceil(x): smallest integer >= x"),
    ("cos", cos, "cos(x): cosine of x radians"),
    ("degToRad", radians, "degToRad(d): degrees to radians"),
    ("degrees", degrees, "degrees(r): radians to degrees"),
    ("exp", exp, "exp(x): e to the power x (inf on overflow)"),
    (
        "factorial",
        factorial,
        "factorial(n): n! (0 for negative n)",
    ),
    ("floor", floor, "floor(x): largest integer <= x"),
    ("gcd", gcd, "gcd(a, b): greatest common divisor"),
    ("lcm", lcm, "lcm(a, b): least common multiple"),
    ("ln", ln, "ln(x): natural logarithm; -999 when x <= 0"),
    (
        "log",
        log,
        "log(x, base=10): logarithm; -999 for invalid arguments",
    ),
    ("max", max, "max(a, b): the larger of two numbers"),
    ("min", min, "min(a, b): the smaller of two numbers"),
    (
        "pow",
        pow,
        "pow(x, y): x to the power y; an int for ints with y >= 0",
    ),
    ("radToDeg", degrees, "radToDeg(r): radians to degrees"),
    ("radians", radians, "radians(d): degrees to radians"),
    ("random", random, "random(): a random float in [0, 1)"),
    ("round", round, "round(x): nearest integer, ties to even"),
    ("sign", sign, "sign(x): -1, 0 or 1"),
    ("sin", sin, "sin(x): sine of x radians"),
    ("sqrt", sqrt, "sqrt(x): square root; 0 for negative x"),
    ("tan", tan, "tan(x): tangent of x radians"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    let mut out = vec![
        ("pi".to_string(), Value::Float(std::f64::consts::PI)),
        ("e".to_string(), Value::Float(std::f64::consts::E)),
    ];
    out.extend(functions("math", ROWS, |_| CAPABILITIES));
    out
}

/// A numeric argument as f64 (booleans count as numbers).
fn num_arg(name: &str, v: &Value) -> Result<f64, RtError> {
    match number(v) {
        Some(Num::I(i)) => Ok(i as f64),
        Some(Num::F(f)) => Ok(f),
        None => Err(RtError::type_error(format!(
            "math.{name}() argument must be a number, not '{}'",
            v.type_name()
        ))),
    }
}

/// The single numeric argument of a one-argument function. A lone float
/// or int (the shapes numeric code passes) is read without the general
/// checks, which then see only the other shapes.
#[inline(always)]
fn one_num(name: &str, args: &[Value]) -> Result<f64, RtError> {
    match args {
        [Value::Float(x)] => Ok(*x),
        [Value::Int(i)] => Ok(*i as f64),
        _ => one_num_general(name, args),
    }
}

#[inline(never)]
fn one_num_general(name: &str, args: &[Value]) -> Result<f64, RtError> {
    expect_args(Qualified("math", name), args, 1, 1)?;
    num_arg(name, &args[0])
}

/// Applies `f`; a nan from a non-nan argument is Python's "math domain error".
fn checked(x: f64, f: fn(f64) -> f64) -> NativeResult {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(RtError::value_error("math domain error"));
    }
    Ok(Value::Float(r))
}

fn abs(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("math.abs", args, 1, 1)?;
    abs_value("math.abs", &args[0])
}

fn sqrt(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let x = one_num("sqrt", args)?;
    // [REF] negative input gives the int 0 rather than an error.
    Ok(if x < 0.0 {
        Value::Int(0)
    } else {
        Value::Float(x.sqrt())
    })
}

fn exp(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Float(one_num("exp", args)?.exp()))
}

fn ln(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(log_or_sentinel(one_num("ln", args)?, std::f64::consts::E))
}

fn log(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("math.log", args, 1, 2)?;
    let x = num_arg("log", &args[0])?;
    let base = match crate::lang::builtins::opt_arg(args, 1) {
        Some(v) => num_arg("log", v)?,
        None => 10.0,
    };
    Ok(log_or_sentinel(x, base))
}

/// [REF] invalid logarithms return -999. Computed as ln(x)/ln(base) like
/// Python's `math.log(x, base)`, so `log(1000)` is 2.9999999999999996 there
/// and here.
pub fn log_or_sentinel(x: f64, base: f64) -> Value {
    if x <= 0.0 || base <= 0.0 || base == 1.0 {
        return Value::Int(-999);
    }
    if base == std::f64::consts::E {
        return Value::Float(x.ln());
    }
    Value::Float(x.ln() / base.ln())
}

fn pow(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("math.pow", args, 2, 2)?;
    let bad = |v: &Value| {
        RtError::type_error(format!(
            "math.pow() argument must be a number, not '{}'",
            v.type_name()
        ))
    };
    let x = number(&args[0]).ok_or_else(|| bad(&args[0]))?;
    let y = number(&args[1]).ok_or_else(|| bad(&args[1]))?;
    Ok(pow_value(x, y))
}

/// `x ** y` with the reference's rules: ints stay ints for y >= 0 (an int
/// overflow continues in floats); float overflow gives `inf` for a positive
/// base and 0 otherwise, and so does `0 ** negative` [REF].
pub fn pow_value(x: Num, y: Num) -> Value {
    if let (Num::I(a), Num::I(b)) = (x, y) {
        if b >= 0 {
            let exact = u32::try_from(b).ok().and_then(|e| a.checked_pow(e));
            return match exact {
                Some(r) => Value::Int(r),
                None => Value::Float((a as f64).powf(b as f64)),
            };
        }
    }
    let (x, y) = (to_f64(x), to_f64(y));
    if x == 0.0 && y < 0.0 {
        return Value::Int(0);
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() && x <= 0.0 {
        return Value::Int(0);
    }
    Value::Float(r)
}

fn to_f64(n: Num) -> f64 {
    match n {
        Num::I(i) => i as f64,
        Num::F(f) => f,
    }
}

fn sin(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    checked(one_num("sin", args)?, f64::sin)
}

fn cos(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    checked(one_num("cos", args)?, f64::cos)
}

fn tan(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    checked(one_num("tan", args)?, f64::tan)
}

fn asin(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    checked(one_num("asin", args)?, f64::asin)
}

fn acos(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    checked(one_num("acos", args)?, f64::acos)
}

fn atan(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    checked(one_num("atan", args)?, f64::atan)
}

fn atan2(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("math.atan2", args, 2, 2)?;
    let y = num_arg("atan2", &args[0])?;
    let x = num_arg("atan2", &args[1])?;
    Ok(Value::Float(y.atan2(x)))
}

fn degrees(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Float(one_num("degrees", args)?.to_degrees()))
}

fn radians(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Float(one_num("radians", args)?.to_radians()))
}

/// `floor`, `ceil`, `round`: ints pass through, floats become ints.
fn to_integer(name: &str, args: &[Value], f: fn(f64) -> f64) -> NativeResult {
    expect_args(Qualified("math", name), args, 1, 1)?;
    match number(&args[0]) {
        Some(Num::I(i)) => Ok(Value::Int(i)),
        Some(Num::F(x)) => integral_value(f(x)),
        None => Err(RtError::type_error(format!(
            "math.{name}() argument must be a number, not '{}'",
            args[0].type_name()
        ))),
    }
}

fn floor(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    to_integer("floor", args, f64::floor)
}

fn ceil(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    to_integer("ceil", args, f64::ceil)
}

fn round(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    to_integer("round", args, f64::round_ties_even)
}

/// `min(a, b)` / `max(a, b)`: exactly two numbers; the first wins ties and
/// the argument keeps its int/float kind.
fn pick(name: &str, args: &[Value], take_second: fn(f64, f64) -> bool) -> NativeResult {
    expect_args(Qualified("math", name), args, 2, 2)?;
    let a = num_arg(name, &args[0])?;
    let b = num_arg(name, &args[1])?;
    Ok(if take_second(a, b) {
        args[1].clone()
    } else {
        args[0].clone()
    })
}

fn min(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    pick("min", args, |a, b| b < a)
}

fn max(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    pick("max", args, |a, b| b > a)
}

fn sign(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let x = one_num("sign", args)?;
    Ok(Value::Int(if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }))
}

fn factorial(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("math.factorial", args, 1, 1)?;
    Ok(factorial_value(int_arg("math.factorial", &args[0])?))
}

/// n! as an int while it fits (up to 20!), then as a float (inf from 171!).
/// [REF] negative n gives 0.
pub fn factorial_value(n: i64) -> Value {
    if n < 0 {
        return Value::Int(0);
    }
    let mut acc: i64 = 1;
    let mut k: i64 = 2;
    while k <= n {
        match acc.checked_mul(k) {
            Some(next) => acc = next,
            None => break,
        }
        k += 1;
    }
    if k > n {
        return Value::Int(acc);
    }
    let mut f = acc as f64;
    while k <= n && f.is_finite() {
        f *= k as f64;
        k += 1;
    }
    Value::Float(f)
}

fn int_pair(name: &str, args: &[Value]) -> Result<(i64, i64), RtError> {
    let qualified = Qualified("math", name);
    expect_args(qualified, args, 2, 2)?;
    Ok((int_arg(qualified, &args[0])?, int_arg(qualified, &args[1])?))
}

fn gcd(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (a, b) = int_pair("gcd", args)?;
    Ok(unsigned_value(u128::from(gcd_u64(
        a.unsigned_abs(),
        b.unsigned_abs(),
    ))))
}

fn lcm(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (a, b) = int_pair("lcm", args)?;
    Ok(unsigned_value(lcm_u128(a.unsigned_abs(), b.unsigned_abs())))
}

fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Non-negative like Python's `math.lcm`; 0 if either argument is 0.
pub fn lcm_u128(a: u64, b: u64) -> u128 {
    if a == 0 || b == 0 {
        return 0;
    }
    u128::from(a / gcd_u64(a, b)) * u128::from(b)
}

/// A non-negative result as an int, or a float beyond the i64 range.
fn unsigned_value(n: u128) -> Value {
    i64::try_from(n).map_or(Value::Float(n as f64), Value::Int)
}

fn random(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("math.random", args, 0, 0)?;
    Ok(Value::Float(next_random()))
}

thread_local! {
    /// SplitMix64 state, seeded per thread from the standard library's
    /// random hash keys (no extra dependency needed for `math.random`).
    static RNG_STATE: Cell<u64> = Cell::new(RandomState::new().build_hasher().finish());
}

/// A uniformly distributed float in [0, 1).
fn next_random() -> f64 {
    RNG_STATE.with(|state| {
        let s = state.get().wrapping_add(0x9e37_79b9_7f4a_7c15);
        state.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        // The top 53 bits fill a double's mantissa exactly.
        (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float_of(v: Value) -> f64 {
        match v {
            Value::Float(f) => f,
            _ => panic!("not a float"),
        }
    }

    #[test]
    fn log_quirks() {
        assert!(matches!(log_or_sentinel(0.0, 10.0), Value::Int(-999)));
        assert!(matches!(
            log_or_sentinel(-1.0, std::f64::consts::E),
            Value::Int(-999)
        ));
        assert!(matches!(log_or_sentinel(8.0, 1.0), Value::Int(-999)));
        assert!(matches!(log_or_sentinel(8.0, -2.0), Value::Int(-999)));
        assert_eq!(float_of(log_or_sentinel(8.0, 2.0)), 3.0);
        assert_eq!(
            float_of(log_or_sentinel(1000.0, 10.0)),
            1000f64.ln() / 10f64.ln()
        );
        assert_eq!(float_of(log_or_sentinel(1.0, std::f64::consts::E)), 0.0);
    }

    #[test]
    fn pow_rules() {
        assert!(matches!(pow_value(Num::I(2), Num::I(10)), Value::Int(1024)));
        assert!(matches!(pow_value(Num::I(2), Num::I(-1)), Value::Float(f) if f == 0.5));
        assert!(matches!(pow_value(Num::I(10), Num::I(30)), Value::Float(f) if f == 1e30));
        assert!(
            matches!(pow_value(Num::F(10.0), Num::F(400.0)), Value::Float(f) if f.is_infinite())
        );
        assert!(matches!(
            pow_value(Num::F(-10.0), Num::F(401.0)),
            Value::Int(0)
        ));
        assert!(matches!(pow_value(Num::I(0), Num::I(-1)), Value::Int(0)));
        assert!(matches!(pow_value(Num::F(2.0), Num::F(0.5)), Value::Float(f) if f == 2f64.sqrt()));
    }

    #[test]
    fn factorials() {
        assert!(matches!(factorial_value(0), Value::Int(1)));
        assert!(matches!(factorial_value(5), Value::Int(120)));
        assert!(matches!(
            factorial_value(20),
            Value::Int(2_432_902_008_176_640_000)
        ));
        assert!(
            matches!(factorial_value(21), Value::Float(f) if f == 51_090_942_171_709_440_000.0)
        );
        assert!(matches!(factorial_value(1000), Value::Float(f) if f.is_infinite()));
        assert!(matches!(factorial_value(i64::MAX), Value::Float(f) if f.is_infinite()));
        assert!(matches!(factorial_value(-3), Value::Int(0)));
    }

    #[test]
    fn gcd_and_lcm() {
        assert_eq!(gcd_u64(12, 18), 6);
        assert_eq!(gcd_u64(0, 5), 5);
        assert_eq!(gcd_u64(0, 0), 0);
        assert_eq!(lcm_u128(4, 6), 12);
        assert_eq!(lcm_u128(0, 6), 0);
        assert!(matches!(
            unsigned_value(u128::from(i64::MIN.unsigned_abs())),
            Value::Float(_)
        ));
    }

    #[test]
    fn domain_errors_and_random_range() {
        assert!(checked(2.0, f64::asin).is_err());
        assert!(checked(f64::INFINITY, f64::sin).is_err());
        assert!(checked(f64::NAN, f64::sin).is_ok());
        for _ in 0..1000 {
            let r = next_random();
            assert!((0.0..1.0).contains(&r));
        }
    }
}
