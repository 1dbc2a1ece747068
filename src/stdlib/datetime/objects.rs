//! The `DateTimeObject`, `Date` and `Time` native objects (spec 5.9).
//!
//! Each wraps one chrono value and is immutable: every "changing" method
//! returns a new object, so sharing a value between variables is safe.
//! Their method tables are in `methods.rs`. Only `DateTimeObject` has a
//! display form (its ISO text, spec 6.1); the others print as `<Date>` and
//! `<Time>` like any native object without `toString`.

use super::calendar::{self, in_range, shift, shift_date};
use super::delta::{delta_arg, delta_value, micros_of, out_of_range, MICROS_PER_DAY};
use super::strftime::strftime;
use crate::lang::builtins::{expect_args, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::value::{NativeObject, NativeResult, Value};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta as Span};
use std::rc::Rc;

/// A native object as an ML value.
pub fn native(obj: impl NativeObject + 'static) -> Value {
    Value::NativeObj(Rc::new(Box::new(obj)))
}

/// Checks that a method got no arguments.
pub fn expect_none(qualified: &str, args: &[Value]) -> Result<(), RtError> {
    expect_args(qualified, args, 0, 0)
}

pub struct DateTimeObject(pub NaiveDateTime);
pub struct Date(pub NaiveDate);
pub struct Time(pub NaiveTime);

pub fn datetime_value(dt: NaiveDateTime) -> NativeResult {
    Ok(native(DateTimeObject(
        in_range(dt).ok_or_else(out_of_range)?,
    )))
}

pub fn date_value(d: NaiveDate) -> NativeResult {
    Ok(native(Date(
        calendar::date_in_range(d).ok_or_else(out_of_range)?,
    )))
}

pub fn time_value(t: NaiveTime) -> Value {
    native(Time(t))
}

pub(super) fn downcast<T: 'static>(v: &Value) -> Option<&T> {
    match v {
        Value::NativeObj(o) => o.as_any().downcast_ref::<T>(),
        _ => None,
    }
}

pub(super) fn wrong_type(qualified: &str, expected: &str, v: &Value) -> RtError {
    RtError::type_error(format!(
        "{qualified}() argument must be a {expected}, not '{}'",
        v.type_name()
    ))
}

/// The date-time of a `DateTimeObject` argument.
pub fn datetime_arg(qualified: &str, v: &Value) -> Result<NaiveDateTime, RtError> {
    downcast::<DateTimeObject>(v)
        .map(|d| d.0)
        .ok_or_else(|| wrong_type(qualified, "DateTimeObject", v))
}

/// The calendar day of a `DateTimeObject` or `Date` argument.
pub fn day_arg(qualified: &str, v: &Value) -> Result<NaiveDate, RtError> {
    if let Some(d) = downcast::<Date>(v) {
        return Ok(d.0);
    }
    downcast::<DateTimeObject>(v)
        .map(|d| d.0.date())
        .ok_or_else(|| wrong_type(qualified, "DateTimeObject or Date", v))
}

impl DateTimeObject {
    /// `addDays(n)` and friends: `n` may be negative or fractional.
    pub(super) fn add_units(&self, q: &str, args: &[Value], unit: i64) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let micros = micros_of(q, &args[0], unit)?;
        datetime_value(shift(self.0, Span::microseconds(micros)).ok_or_else(out_of_range)?)
    }

    pub(super) fn add_delta(&self, q: &str, negate: bool, args: &[Value]) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let micros = delta_arg(q, &args[0])?;
        let micros = if negate {
            micros.checked_neg()
        } else {
            Some(micros)
        };
        let span = Span::microseconds(micros.ok_or_else(out_of_range)?);
        datetime_value(shift(self.0, span).ok_or_else(out_of_range)?)
    }

    /// `self − other` as a TimeDelta.
    pub(super) fn diff(&self, q: &str, args: &[Value]) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let other = datetime_arg(q, &args[0])?;
        let span = self.0.signed_duration_since(other);
        delta_value(span.num_microseconds().ok_or_else(out_of_range)?)
    }

    /// `isBefore(other)` and friends: `test(self, other)`.
    pub(super) fn compare(
        &self,
        q: &str,
        args: &[Value],
        test: fn(NaiveDateTime, NaiveDateTime) -> bool,
    ) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let other = datetime_arg(q, &args[0])?;
        Ok(Value::Bool(test(self.0, other)))
    }

    pub(super) fn format(&self, q: &str, args: &[Value]) -> NativeResult {
        expect_args(q, args, 0, 1)?;
        let pattern = match opt_arg(args, 0) {
            Some(v) => str_arg(q, "1", v)?,
            None => "%Y-%m-%d %H:%M:%S",
        };
        Ok(Value::string(strftime(self.0, pattern)))
    }

    /// `startOfDay()` ... `endOfYear()`: the first or last moment of the
    /// day `day` picks.
    pub(super) fn boundary(
        &self,
        q: &str,
        args: &[Value],
        day: fn(NaiveDate) -> Option<NaiveDate>,
        start: bool,
    ) -> NativeResult {
        expect_none(q, args)?;
        let time = if start {
            NaiveTime::MIN
        } else {
            NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN)
        };
        datetime_value(day(self.0.date()).ok_or_else(out_of_range)?.and_time(time))
    }
}

impl Date {
    /// `addDays(n)` / `subtractDays(n)`; a fractional `n` counts whole days
    /// rounded down, as adding a Python timedelta to a date does.
    pub(super) fn add_days(&self, q: &str, negate: bool, args: &[Value]) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let micros = micros_of(q, &args[0], MICROS_PER_DAY)?;
        let days = micros.div_euclid(MICROS_PER_DAY);
        let days = if negate { -days } else { days };
        date_value(shift_date(self.0, days).ok_or_else(out_of_range)?)
    }
}
