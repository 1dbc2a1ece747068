//! The `DateTimeObject`, `Date` and `Time` native objects (spec 5.9).
//!
//! Each wraps one chrono value and is immutable: every "changing" method
//! returns a new object, so sharing a value between variables is safe.
//! Method names are dispatched after mapping snake_case aliases to their
//! camelCase names, so each method is written once. Only `DateTimeObject`
//! has a display form (its ISO text, spec 6.1); the others print as
//! `<Date>` and `<Time>` like any native object without `toString`.

use super::calendar::{self, in_range, iso_date, iso_datetime, shift, shift_date};
use super::delta::{
    delta_arg, delta_value, micros_of, out_of_range, MICROS_PER_DAY, MICROS_PER_HOUR,
    MICROS_PER_MINUTE, MICROS_PER_SECOND,
};
use super::strftime::strftime;
use crate::lang::builtins::{expect_args, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::value::{NativeObject, NativeResult, Value};
use crate::lang::vm::Vm;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta as Span, Timelike};
use std::any::Any;
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

fn downcast<T: 'static>(v: &Value) -> Option<&T> {
    match v {
        Value::NativeObj(o) => o.as_any().downcast_ref::<T>(),
        _ => None,
    }
}

fn wrong_type(qualified: &str, expected: &str, v: &Value) -> RtError {
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

fn no_method(type_name: &str, name: &str) -> RtError {
    RtError::attribute_error(format!("'{type_name}' object has no method '{name}'"))
}

const DATETIME_METHODS: &[&str] = &[
    "add",
    "addDays",
    "addHours",
    "addMinutes",
    "addSeconds",
    "add_days",
    "add_hours",
    "add_minutes",
    "add_seconds",
    "date",
    "day",
    "diff",
    "endOfDay",
    "endOfMonth",
    "endOfYear",
    "end_of_day",
    "end_of_month",
    "end_of_year",
    "format",
    "hour",
    "isAfter",
    "isBefore",
    "isSame",
    "isSameDay",
    "is_same_day",
    "minute",
    "month",
    "second",
    "startOfDay",
    "startOfMonth",
    "startOfYear",
    "start_of_day",
    "start_of_month",
    "start_of_year",
    "subtract",
    "time",
    "timestamp",
    "toISOString",
    "toString",
    "to_string",
    "weekday",
    "year",
];

/// The camelCase name of a snake_case alias.
fn canonical(name: &str) -> &str {
    match name {
        "add_days" => "addDays",
        "add_hours" => "addHours",
        "add_minutes" => "addMinutes",
        "add_seconds" => "addSeconds",
        "start_of_day" => "startOfDay",
        "end_of_day" => "endOfDay",
        "start_of_month" => "startOfMonth",
        "end_of_month" => "endOfMonth",
        "start_of_year" => "startOfYear",
        "end_of_year" => "endOfYear",
        "is_same_day" => "isSameDay",
        "to_string" => "toString",
        other => other,
    }
}

impl NativeObject for DateTimeObject {
    fn type_name(&self) -> &'static str {
        "DateTimeObject"
    }

    fn display(&self) -> Option<String> {
        Some(iso_datetime(self.0))
    }

    fn method_names(&self) -> Vec<&'static str> {
        DATETIME_METHODS.to_vec()
    }

    fn call_method(&self, _vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult {
        let name = canonical(name);
        let qualified = format!("DateTimeObject.{name}");
        let q = qualified.as_str();
        match name {
            "addDays" => self.add_units(q, args, MICROS_PER_DAY),
            "addHours" => self.add_units(q, args, MICROS_PER_HOUR),
            "addMinutes" => self.add_units(q, args, MICROS_PER_MINUTE),
            "addSeconds" => self.add_units(q, args, MICROS_PER_SECOND),
            "add" | "subtract" => self.add_delta(q, name == "subtract", args),
            "diff" => self.diff(q, args),
            "isSameDay" | "isBefore" | "isAfter" | "isSame" => self.compare(q, name, args),
            "format" => self.format(q, args),
            _ => {
                expect_none(q, args)?;
                self.query(name)
            }
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl DateTimeObject {
    /// `addDays(n)` and friends: `n` may be negative or fractional.
    fn add_units(&self, q: &str, args: &[Value], unit: i64) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let micros = micros_of(q, &args[0], unit)?;
        datetime_value(shift(self.0, Span::microseconds(micros)).ok_or_else(out_of_range)?)
    }

    fn add_delta(&self, q: &str, negate: bool, args: &[Value]) -> NativeResult {
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
    fn diff(&self, q: &str, args: &[Value]) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let other = datetime_arg(q, &args[0])?;
        let span = self.0.signed_duration_since(other);
        delta_value(span.num_microseconds().ok_or_else(out_of_range)?)
    }

    fn compare(&self, q: &str, name: &str, args: &[Value]) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let other = datetime_arg(q, &args[0])?;
        Ok(Value::Bool(match name {
            "isSameDay" => self.0.date() == other.date(),
            "isBefore" => self.0 < other,
            "isAfter" => self.0 > other,
            _ => self.0 == other,
        }))
    }

    fn format(&self, q: &str, args: &[Value]) -> NativeResult {
        expect_args(q, args, 0, 1)?;
        let pattern = match opt_arg(args, 0) {
            Some(v) => str_arg(q, "1", v)?,
            None => "%Y-%m-%d %H:%M:%S",
        };
        Ok(Value::string(strftime(self.0, pattern)))
    }

    /// The methods without arguments.
    fn query(&self, name: &str) -> NativeResult {
        let dt = self.0;
        let int = |n: u32| Ok(Value::Int(i64::from(n)));
        match name {
            "year" => Ok(Value::Int(i64::from(dt.year()))),
            "month" => int(dt.month()),
            "day" => int(dt.day()),
            "hour" => int(dt.hour()),
            "minute" => int(dt.minute()),
            "second" => int(dt.second()),
            "weekday" => Ok(Value::Int(calendar::weekday(dt.date()))),
            "timestamp" => Ok(Value::Float(calendar::local_timestamp(dt))),
            "toString" | "toISOString" => Ok(Value::string(iso_datetime(dt))),
            "date" => date_value(dt.date()),
            "time" => Ok(time_value(dt.time())),
            _ => self.boundary(name),
        }
    }

    /// `startOfDay()` ... `endOfYear()`.
    fn boundary(&self, name: &str) -> NativeResult {
        let d = self.0.date();
        let (y, m) = (d.year(), d.month());
        let last = calendar::days_in_month(i64::from(y), i64::from(m)) as u32;
        let (day, start) = match name {
            "startOfDay" => (Some(d), true),
            "endOfDay" => (Some(d), false),
            "startOfMonth" => (NaiveDate::from_ymd_opt(y, m, 1), true),
            "endOfMonth" => (NaiveDate::from_ymd_opt(y, m, last), false),
            "startOfYear" => (NaiveDate::from_ymd_opt(y, 1, 1), true),
            "endOfYear" => (NaiveDate::from_ymd_opt(y, 12, 31), false),
            _ => return Err(no_method("DateTimeObject", name)),
        };
        let time = if start {
            NaiveTime::MIN
        } else {
            NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN)
        };
        datetime_value(day.ok_or_else(out_of_range)?.and_time(time))
    }
}

const DATE_METHODS: &[&str] = &[
    "addDays",
    "day",
    "diff",
    "isWeekend",
    "month",
    "subtractDays",
    "toISOString",
    "weekday",
    "year",
];

impl NativeObject for Date {
    fn type_name(&self) -> &'static str {
        "Date"
    }

    fn method_names(&self) -> Vec<&'static str> {
        DATE_METHODS.to_vec()
    }

    fn call_method(&self, _vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult {
        let qualified = format!("Date.{name}");
        let q = qualified.as_str();
        match name {
            "addDays" | "subtractDays" => self.add_days(q, name == "subtractDays", args),
            "diff" => {
                expect_args(q, args, 1, 1)?;
                let other =
                    downcast::<Date>(&args[0]).ok_or_else(|| wrong_type(q, "Date", &args[0]))?;
                Ok(Value::Int(self.0.signed_duration_since(other.0).num_days()))
            }
            _ => {
                expect_none(q, args)?;
                self.query(name)
            }
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Date {
    /// `addDays(n)` / `subtractDays(n)`; a fractional `n` counts whole days
    /// rounded down, as adding a Python timedelta to a date does.
    fn add_days(&self, q: &str, negate: bool, args: &[Value]) -> NativeResult {
        expect_args(q, args, 1, 1)?;
        let micros = micros_of(q, &args[0], MICROS_PER_DAY)?;
        let days = micros.div_euclid(MICROS_PER_DAY);
        let days = if negate { -days } else { days };
        date_value(shift_date(self.0, days).ok_or_else(out_of_range)?)
    }

    fn query(&self, name: &str) -> NativeResult {
        let d = self.0;
        Ok(match name {
            "year" => Value::Int(i64::from(d.year())),
            "month" => Value::Int(i64::from(d.month())),
            "day" => Value::Int(i64::from(d.day())),
            "weekday" => Value::Int(calendar::weekday(d)),
            "isWeekend" => Value::Bool(calendar::is_weekend(d)),
            "toISOString" => Value::string(iso_date(d)),
            _ => return Err(no_method("Date", name)),
        })
    }
}

impl NativeObject for Time {
    fn type_name(&self) -> &'static str {
        "Time"
    }

    fn method_names(&self) -> Vec<&'static str> {
        vec!["hour", "minute", "second"]
    }

    fn call_method(&self, _vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult {
        expect_none(&format!("Time.{name}"), args)?;
        let t = self.0;
        let part = match name {
            "hour" => t.hour(),
            "minute" => t.minute(),
            "second" => t.second(),
            _ => return Err(no_method("Time", name)),
        };
        Ok(Value::Int(i64::from(part)))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_tables_are_sorted_and_aliases_resolve() {
        assert!(DATETIME_METHODS.windows(2).all(|w| w[0] < w[1]));
        assert!(DATE_METHODS.windows(2).all(|w| w[0] < w[1]));
        for name in DATETIME_METHODS {
            assert!(DATETIME_METHODS.contains(&canonical(name)), "{name}");
        }
    }
}
