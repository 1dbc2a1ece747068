//! `TimeDelta`: a signed duration, kept as a whole number of microseconds
//! (Python's resolution), so adding, subtracting and comparing durations is
//! exact integer arithmetic. `days()`/`seconds()` split it the Python way:
//! days are floored, seconds are the remainder within that day (0..86399).

use super::objects::{expect_none, native};
use crate::lang::builtins::expect_args;
use crate::lang::error::RtError;
use crate::lang::ops::{number, Num};
use crate::lang::value::{NativeObject, NativeResult, Value};
use crate::stdlib::object_methods::{self, method, Method};
use std::any::Any;

pub const MICROS_PER_SECOND: i64 = 1_000_000;
pub const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
pub const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
pub const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;

pub struct TimeDelta {
    pub micros: i64,
}

/// The answer of a method without arguments.
fn query(q: &str, args: &[Value], value: impl FnOnce() -> Value) -> NativeResult {
    expect_none(q, args)?;
    Ok(value())
}

/// Seconds as a float, for the `total...` methods.
fn total(d: &TimeDelta) -> f64 {
    d.micros as f64 / MICROS_PER_SECOND as f64
}

/// `TimeDelta` methods, in name order.
const METHODS: &[Method<TimeDelta>] = &[
    method(
        "abs",
        |d, _, a| {
            expect_none("TimeDelta.abs", a)?;
            delta_value(d.micros.checked_abs().ok_or_else(out_of_range)?)
        },
        "abs(): the same length, never negative",
    ),
    method(
        "add",
        |d, _, a| {
            d.combine("TimeDelta.add", a, |m, q, v| {
                Ok(m.checked_add(delta_arg(q, v)?))
            })
        },
        "add(other): the sum of two TimeDeltas",
    ),
    method(
        "days",
        |d, _, a| {
            query("TimeDelta.days", a, || {
                Value::Int(d.micros.div_euclid(MICROS_PER_DAY))
            })
        },
        "days(): whole days, rounded down (-1 for minus one second)",
    ),
    method(
        "isNegative",
        |d, _, a| query("TimeDelta.isNegative", a, || Value::Bool(d.micros < 0)),
        "isNegative(): whether the duration is below zero",
    ),
    method(
        "multiply",
        |d, _, a| d.combine("TimeDelta.multiply", a, |m, q, v| scale(m, v, q)),
        "multiply(k): the duration times a number",
    ),
    method(
        "seconds",
        |d, _, a| {
            query("TimeDelta.seconds", a, || {
                Value::Int(d.micros.rem_euclid(MICROS_PER_DAY) / MICROS_PER_SECOND)
            })
        },
        "seconds(): the seconds beyond days(), 0-86399",
    ),
    method(
        "subtract",
        |d, _, a| {
            d.combine("TimeDelta.subtract", a, |m, q, v| {
                Ok(m.checked_sub(delta_arg(q, v)?))
            })
        },
        "subtract(other): the difference of two TimeDeltas",
    ),
    method(
        "totalDays",
        |d, _, a| {
            query("TimeDelta.totalDays", a, || {
                Value::Float(total(d) / 86400.0)
            })
        },
        "totalDays(): the whole duration in days, as a float",
    ),
    method(
        "totalHours",
        |d, _, a| {
            query("TimeDelta.totalHours", a, || {
                Value::Float(total(d) / 3600.0)
            })
        },
        "totalHours(): the whole duration in hours, as a float",
    ),
    method(
        "totalMinutes",
        |d, _, a| {
            query("TimeDelta.totalMinutes", a, || {
                Value::Float(total(d) / 60.0)
            })
        },
        "totalMinutes(): the whole duration in minutes, as a float",
    ),
    method(
        "totalSeconds",
        |d, _, a| query("TimeDelta.totalSeconds", a, || Value::Float(total(d))),
        "totalSeconds(): the whole duration in seconds, as a float",
    ),
];

impl NativeObject for TimeDelta {
    fn type_name(&self) -> &'static str {
        "TimeDelta"
    }

    object_methods::methods_from_table!(METHODS);

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl TimeDelta {
    /// `add(o)`, `subtract(o)`, `multiply(k)`: `op(micros, q, argument)`,
    /// `None` when the result does not fit.
    fn combine(
        &self,
        q: &str,
        args: &[Value],
        op: fn(i64, &str, &Value) -> Result<Option<i64>, RtError>,
    ) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        delta_value(op(self.micros, q, &args[0])?.ok_or_else(out_of_range)?)
    }
}

/// `micros * k`; a float factor rounds to the nearest microsecond (half to
/// even), like Python's `timedelta(seconds=total * k)`.
fn scale(micros: i64, k: &Value, qualified: &str) -> Result<Option<i64>, RtError> {
    Ok(match number(k) {
        Some(Num::I(k)) => micros.checked_mul(k),
        Some(Num::F(k)) => float_micros(micros as f64 * k),
        None => return Err(not_a_number(qualified, k)),
    })
}

/// A float count of microseconds as an exact integer, if it fits.
pub fn float_micros(micros: f64) -> Option<i64> {
    let rounded = micros.round_ties_even();
    // i64::MAX as f64 rounds up to 2^63, so the bound is exclusive.
    (rounded.is_finite() && rounded.abs() < i64::MAX as f64).then_some(rounded as i64)
}

/// `amount` units of `unit_micros` each; floats round to a microsecond.
pub fn micros_of(qualified: &str, amount: &Value, unit_micros: i64) -> Result<i64, RtError> {
    let micros = match number(amount) {
        Some(Num::I(n)) => n.checked_mul(unit_micros),
        Some(Num::F(f)) => float_micros(f * unit_micros as f64),
        None => return Err(not_a_number(qualified, amount)),
    };
    micros.ok_or_else(out_of_range)
}

/// The sum of `(amount, unit)` pairs, e.g. the arguments of `createDelta`.
pub fn sum_micros(qualified: &str, parts: &[(&Value, i64)]) -> Result<i64, RtError> {
    parts.iter().try_fold(0i64, |acc, (amount, unit)| {
        acc.checked_add(micros_of(qualified, amount, *unit)?)
            .ok_or_else(out_of_range)
    })
}

pub fn delta_value(micros: i64) -> NativeResult {
    Ok(native(TimeDelta { micros }))
}

/// The microseconds of a TimeDelta argument.
pub fn delta_arg(qualified: &str, v: &Value) -> Result<i64, RtError> {
    match v {
        Value::NativeObj(o) => o.as_any().downcast_ref::<TimeDelta>().map(|d| d.micros),
        _ => None,
    }
    .ok_or_else(|| {
        RtError::type_error(format!(
            "{qualified}() argument must be a TimeDelta, not '{}'",
            v.type_name()
        ))
    })
}

pub fn out_of_range() -> RtError {
    RtError::value_error("date value out of range")
}

fn not_a_number(qualified: &str, v: &Value) -> RtError {
    RtError::type_error(format!(
        "{qualified}() argument must be a number, not '{}'",
        v.type_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::vm::Vm;

    fn call(micros: i64, name: &str) -> NativeResult {
        let mut vm = Vm::bare(Box::new(std::io::sink()));
        TimeDelta { micros }.call_method(&mut vm, name, &[])
    }

    fn query(micros: i64, name: &str) -> Value {
        call(micros, name).unwrap()
    }

    #[test]
    fn method_table_is_well_formed() {
        object_methods::assert_well_formed("TimeDelta", METHODS);
    }

    #[test]
    fn days_and_seconds_split_like_python() {
        let minus_one_second = -MICROS_PER_SECOND;
        assert!(matches!(query(minus_one_second, "days"), Value::Int(-1)));
        assert!(matches!(
            query(minus_one_second, "seconds"),
            Value::Int(86399)
        ));
        let d = MICROS_PER_DAY + 2 * MICROS_PER_HOUR;
        assert!(matches!(query(d, "days"), Value::Int(1)));
        assert!(matches!(query(d, "seconds"), Value::Int(7200)));
        assert!(matches!(query(d, "totalHours"), Value::Float(h) if h == 26.0));
        assert!(call(i64::MIN, "abs").is_err());
        assert!(call(0, "nope").is_err());
    }

    #[test]
    fn conversions_round_and_check_overflow() {
        assert_eq!(float_micros(1.5), Some(2));
        assert_eq!(float_micros(2.5), Some(2));
        assert_eq!(float_micros(f64::NAN), None);
        assert_eq!(float_micros(1e30), None);
        assert_eq!(
            micros_of("t", &Value::Float(0.5), MICROS_PER_DAY).unwrap(),
            MICROS_PER_DAY / 2
        );
        assert!(micros_of("t", &Value::Int(i64::MAX), MICROS_PER_DAY).is_err());
        assert!(micros_of("t", &Value::str("1"), MICROS_PER_DAY).is_err());
        let one = Value::Int(1);
        let sum = sum_micros(
            "t",
            &[(&one, MICROS_PER_DAY), (&Value::Int(2), MICROS_PER_HOUR)],
        );
        assert_eq!(sum.unwrap(), 26 * MICROS_PER_HOUR);
    }
}
