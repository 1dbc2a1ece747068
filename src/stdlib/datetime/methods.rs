//! The methods of `DateTimeObject`, `Date` and `Time` as tables, one row
//! per method in name order. A snake_case alias (`add_days`) is a row of its
//! own pointing at the same function as its camelCase name, and errors name
//! the camelCase form.

use super::calendar::{self, iso_date, iso_datetime};
use super::delta::{MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND};
use super::objects::{
    date_value, downcast, expect_none, time_value, wrong_type, Date, DateTimeObject, Time,
};
use crate::lang::builtins::expect_args;
use crate::lang::value::{NativeObject, NativeResult, Value};
use crate::lang::vm::Vm;
use crate::stdlib::object_methods::{self, method, Method};
use chrono::{Datelike, NaiveDate, Timelike};
use std::any::Any;

type Dt = DateTimeObject;

/// A method without arguments whose answer is `value(self)`.
fn query(q: &str, args: &[Value], value: impl FnOnce() -> NativeResult) -> NativeResult {
    expect_none(q, args)?;
    value()
}

fn int(n: impl Into<i64>) -> NativeResult {
    Ok(Value::Int(n.into()))
}

fn add_days(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.add_units("DateTimeObject.addDays", a, MICROS_PER_DAY)
}

fn add_hours(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.add_units("DateTimeObject.addHours", a, MICROS_PER_HOUR)
}

fn add_minutes(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.add_units("DateTimeObject.addMinutes", a, MICROS_PER_MINUTE)
}

fn add_seconds(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.add_units("DateTimeObject.addSeconds", a, MICROS_PER_SECOND)
}

fn same_day(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.compare("DateTimeObject.isSameDay", a, |x, y| x.date() == y.date())
}

fn to_string(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    query("DateTimeObject.toString", a, || {
        Ok(Value::string(iso_datetime(d.0)))
    })
}

fn last_of_month(d: NaiveDate) -> Option<NaiveDate> {
    let days = calendar::days_in_month(i64::from(d.year()), i64::from(d.month()));
    NaiveDate::from_ymd_opt(d.year(), d.month(), days as u32)
}

fn start_of_day(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.boundary("DateTimeObject.startOfDay", a, Some, true)
}

fn end_of_day(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.boundary("DateTimeObject.endOfDay", a, Some, false)
}

fn start_of_month(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    let first = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month(), 1);
    d.boundary("DateTimeObject.startOfMonth", a, first, true)
}

fn end_of_month(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    d.boundary("DateTimeObject.endOfMonth", a, last_of_month, false)
}

fn start_of_year(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    let first = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), 1, 1);
    d.boundary("DateTimeObject.startOfYear", a, first, true)
}

fn end_of_year(d: &Dt, _: &mut Vm, a: &[Value]) -> NativeResult {
    let last = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), 12, 31);
    d.boundary("DateTimeObject.endOfYear", a, last, false)
}

/// `DateTimeObject` methods, in name order.
const DATETIME_METHODS: &[Method<Dt>] = &[
    method(
        "add",
        |d, _, a| d.add_delta("DateTimeObject.add", false, a),
        "add(delta): the date-time a TimeDelta later",
    ),
    method(
        "addDays",
        add_days,
        "addDays(n): n days later (n may be negative or fractional)",
    ),
    method("addHours", add_hours, "addHours(n): n hours later"),
    method("addMinutes", add_minutes, "addMinutes(n): n minutes later"),
    method("addSeconds", add_seconds, "addSeconds(n): n seconds later"),
    method("add_days", add_days, "add_days(n): addDays(n)"),
    method("add_hours", add_hours, "add_hours(n): addHours(n)"),
    method("add_minutes", add_minutes, "add_minutes(n): addMinutes(n)"),
    method("add_seconds", add_seconds, "add_seconds(n): addSeconds(n)"),
    method(
        "date",
        |d, _, a| query("DateTimeObject.date", a, || date_value(d.0.date())),
        "date(): the calendar day, as a Date",
    ),
    method(
        "day",
        |d, _, a| query("DateTimeObject.day", a, || int(d.0.day())),
        "day(): the day of the month, 1-31",
    ),
    method(
        "diff",
        |d, _, a| d.diff("DateTimeObject.diff", a),
        "diff(other): this date-time minus other, as a TimeDelta",
    ),
    method(
        "endOfDay",
        end_of_day,
        "endOfDay(): 23:59:59.999999 of the same day",
    ),
    method(
        "endOfMonth",
        end_of_month,
        "endOfMonth(): the last moment of the month",
    ),
    method(
        "endOfYear",
        end_of_year,
        "endOfYear(): the last moment of the year",
    ),
    method("end_of_day", end_of_day, "end_of_day(): endOfDay()"),
    method("end_of_month", end_of_month, "end_of_month(): endOfMonth()"),
    method("end_of_year", end_of_year, "end_of_year(): endOfYear()"),
    method(
        "format",
        |d, _, a| d.format("DateTimeObject.format", a),
        "format(pattern='%Y-%m-%d %H:%M:%S'): the date-time as strftime text",
    ),
    method(
        "hour",
        |d, _, a| query("DateTimeObject.hour", a, || int(d.0.hour())),
        "hour(): the hour, 0-23",
    ),
    method(
        "isAfter",
        |d, _, a| d.compare("DateTimeObject.isAfter", a, |x, y| x > y),
        "isAfter(other): whether this date-time is later than other",
    ),
    method(
        "isBefore",
        |d, _, a| d.compare("DateTimeObject.isBefore", a, |x, y| x < y),
        "isBefore(other): whether this date-time is earlier than other",
    ),
    method(
        "isSame",
        |d, _, a| d.compare("DateTimeObject.isSame", a, |x, y| x == y),
        "isSame(other): whether the two date-times are equal",
    ),
    method(
        "isSameDay",
        same_day,
        "isSameDay(other): whether both fall on the same calendar day",
    ),
    method(
        "is_same_day",
        same_day,
        "is_same_day(other): isSameDay(other)",
    ),
    method(
        "minute",
        |d, _, a| query("DateTimeObject.minute", a, || int(d.0.minute())),
        "minute(): the minute, 0-59",
    ),
    method(
        "month",
        |d, _, a| query("DateTimeObject.month", a, || int(d.0.month())),
        "month(): the month, 1-12",
    ),
    method(
        "second",
        |d, _, a| query("DateTimeObject.second", a, || int(d.0.second())),
        "second(): the second, 0-59",
    ),
    method(
        "startOfDay",
        start_of_day,
        "startOfDay(): midnight of the same day",
    ),
    method(
        "startOfMonth",
        start_of_month,
        "startOfMonth(): midnight of the month's first day",
    ),
    method(
        "startOfYear",
        start_of_year,
        "startOfYear(): midnight of January 1",
    ),
    method("start_of_day", start_of_day, "start_of_day(): startOfDay()"),
    method(
        "start_of_month",
        start_of_month,
        "start_of_month(): startOfMonth()",
    ),
    method(
        "start_of_year",
        start_of_year,
        "start_of_year(): startOfYear()",
    ),
    method(
        "subtract",
        |d, _, a| d.add_delta("DateTimeObject.subtract", true, a),
        "subtract(delta): the date-time a TimeDelta earlier",
    ),
    method(
        "time",
        |d, _, a| query("DateTimeObject.time", a, || Ok(time_value(d.0.time()))),
        "time(): the time of day, as a Time",
    ),
    method(
        "timestamp",
        |d, _, a| {
            query("DateTimeObject.timestamp", a, || {
                Ok(Value::Float(calendar::local_timestamp(d.0)))
            })
        },
        "timestamp(): seconds since the Unix epoch, read as local time",
    ),
    method(
        "toISOString",
        |d, _, a| {
            query("DateTimeObject.toISOString", a, || {
                Ok(Value::string(iso_datetime(d.0)))
            })
        },
        "toISOString(): the ISO 8601 text, e.g. '2024-02-29T13:45:30'",
    ),
    method(
        "toString",
        to_string,
        "toString(): the ISO 8601 text, as print shows it",
    ),
    method("to_string", to_string, "to_string(): toString()"),
    method(
        "weekday",
        |d, _, a| {
            query("DateTimeObject.weekday", a, || {
                Ok(Value::Int(calendar::weekday(d.0.date())))
            })
        },
        "weekday(): the day of the week, Monday 0 to Sunday 6",
    ),
    method(
        "year",
        |d, _, a| query("DateTimeObject.year", a, || int(d.0.year())),
        "year(): the year",
    ),
];

impl NativeObject for DateTimeObject {
    fn type_name(&self) -> &'static str {
        "DateTimeObject"
    }

    fn display(&self) -> Option<String> {
        Some(iso_datetime(self.0))
    }

    object_methods::methods_from_table!(DATETIME_METHODS);

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn date_diff(d: &Date, _: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "Date.diff";
    expect_args(q, args, 1, 1)?;
    let other = downcast::<Date>(&args[0]).ok_or_else(|| wrong_type(q, "Date", &args[0]))?;
    Ok(Value::Int(d.0.signed_duration_since(other.0).num_days()))
}

/// `Date` methods, in name order.
const DATE_METHODS: &[Method<Date>] = &[
    method(
        "addDays",
        |d, _, a| d.add_days("Date.addDays", false, a),
        "addDays(n): n days later (a fractional n is rounded down)",
    ),
    method(
        "day",
        |d, _, a| query("Date.day", a, || int(d.0.day())),
        "day(): the day of the month, 1-31",
    ),
    method(
        "diff",
        date_diff,
        "diff(other): the days from other to this date",
    ),
    method(
        "isWeekend",
        |d, _, a| {
            query("Date.isWeekend", a, || {
                Ok(Value::Bool(calendar::is_weekend(d.0)))
            })
        },
        "isWeekend(): whether the day is a Saturday or Sunday",
    ),
    method(
        "month",
        |d, _, a| query("Date.month", a, || int(d.0.month())),
        "month(): the month, 1-12",
    ),
    method(
        "subtractDays",
        |d, _, a| d.add_days("Date.subtractDays", true, a),
        "subtractDays(n): n days earlier",
    ),
    method(
        "toISOString",
        |d, _, a| query("Date.toISOString", a, || Ok(Value::string(iso_date(d.0)))),
        "toISOString(): the ISO 8601 text, e.g. '2024-03-02'",
    ),
    method(
        "weekday",
        |d, _, a| query("Date.weekday", a, || Ok(Value::Int(calendar::weekday(d.0)))),
        "weekday(): the day of the week, Monday 0 to Sunday 6",
    ),
    method(
        "year",
        |d, _, a| query("Date.year", a, || int(d.0.year())),
        "year(): the year",
    ),
];

impl NativeObject for Date {
    fn type_name(&self) -> &'static str {
        "Date"
    }

    object_methods::methods_from_table!(DATE_METHODS);

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Time` methods, in name order.
const TIME_METHODS: &[Method<Time>] = &[
    method(
        "hour",
        |t, _, a| query("Time.hour", a, || int(t.0.hour())),
        "hour(): the hour, 0-23",
    ),
    method(
        "minute",
        |t, _, a| query("Time.minute", a, || int(t.0.minute())),
        "minute(): the minute, 0-59",
    ),
    method(
        "second",
        |t, _, a| query("Time.second", a, || int(t.0.second())),
        "second(): the second, 0-59",
    ),
];

impl NativeObject for Time {
    fn type_name(&self) -> &'static str {
        "Time"
    }

    object_methods::methods_from_table!(TIME_METHODS);

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_tables_are_well_formed() {
        object_methods::assert_well_formed("DateTimeObject", DATETIME_METHODS);
        object_methods::assert_well_formed("Date", DATE_METHODS);
        object_methods::assert_well_formed("Time", TIME_METHODS);
    }
}
