//! The `datetime` module (spec 5.9): naive local date-times on top of
//! chrono.
//!
//! The module is split along its seams: `calendar` holds the pure date
//! arithmetic, `iso` and `strftime` the text formats, `objects` the
//! `DateTimeObject`/`Date`/`Time` natives and `delta` the `TimeDelta`. This
//! file is only the function table and the argument handling of the module
//! functions. Invalid components raise `RuntimeError` ("Invalid datetime
//! components: ...") as the spec says; results outside Python's year range
//! (1 to 9999) raise `ValueError`.

mod calendar;
mod delta;
mod iso;
mod methods;
mod objects;
mod strftime;

use super::{functions, Row};
use crate::lang::builtins::{expect_args, int_arg, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::ops::{number, Num};
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use delta::{
    delta_value, out_of_range, sum_micros, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE,
    MICROS_PER_SECOND,
};
use objects::{date_value, datetime_arg, datetime_value, day_arg, time_value};

const ROWS: &[Row] = &[
    ("addBusinessDays", add_business_days, "addBusinessDays(dt, n): dt moved by n Mon-Fri days (negative n goes back)"),
    ("add_business_days", add_business_days, "add_business_days(dt, n): alias of addBusinessDays"),
    ("businessDaysBetween", business_days_between, "businessDaysBetween(a, b): number of Mon-Fri days from a to b, both included"),
    ("business_days_between", business_days_between, "business_days_between(a, b): alias of businessDaysBetween"),
    ("calculateAge", calculate_age, "calculateAge(birth, current=now): whole years from birth to current"),
    ("calculate_age", calculate_age, "calculate_age(birth, current=now): alias of calculateAge"),
    ("create", create, "create(y, mo, d, h=0, mi=0, s=0): a DateTimeObject; invalid components are a RuntimeError"),
    ("createDate", create_date, "createDate(y, mo, d): a Date; invalid components are a RuntimeError"),
    ("createDelta", create_delta, "createDelta(days=0, hours=0, minutes=0, seconds=0): a TimeDelta"),
    ("createTime", create_time, "createTime(h=0, mi=0, s=0, us=0): a Time of day"),
    ("createTimeZone", create_time_zone, "createTimeZone(hours, minutes=0, name=''): a {hours, minutes, name} object; an empty name becomes e.g. 'UTC+9:00'"),
    ("daysInMonth", days_in_month, "daysInMonth(y, m): days in month m of year y; 0 for an invalid month"),
    ("days_in_month", days_in_month, "days_in_month(y, m): alias of daysInMonth"),
    ("fromTimestamp", from_timestamp, "fromTimestamp(t): the local DateTimeObject t seconds after the epoch"),
    ("from_timestamp", from_timestamp, "from_timestamp(t): alias of fromTimestamp"),
    ("isLeapYear", is_leap_year, "isLeapYear(y): whether y is a Gregorian leap year"),
    ("isWeekday", is_weekday, "isWeekday(dt): whether dt falls Monday to Friday"),
    ("isWeekend", is_weekend, "isWeekend(dt): whether dt falls on Saturday or Sunday"),
    ("is_weekday", is_weekday, "is_weekday(dt): alias of isWeekday"),
    ("is_weekend", is_weekend, "is_weekend(dt): alias of isWeekend"),
    ("now", now, "now(tz?): the current local DateTimeObject; the current UTC time when tz is given"),
    ("parseISO", parse_iso, "parseISO(s): the DateTimeObject of an ISO 8601 text like '2025-10-05T14:30:00'"),
    ("today", today, "today(): the current local Date"),
    ("utc", utc, "utc(): the UTC time-zone marker 'UTC' (for now(tz))"),
];

/// Reference capability names (informational, spec 3.14).
fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "now" | "today" => &["datetime.now"],
        "addBusinessDays" | "add_business_days" | "calculateAge" | "calculate_age" | "create"
        | "createDate" | "createDelta" | "createTime" | "createTimeZone" | "fromTimestamp"
        | "from_timestamp" | "parseISO" => &["datetime.create"],
        _ => &[],
    }
}

pub(super) fn members() -> Vec<(String, Value)> {
    functions("datetime", ROWS, capabilities)
}

/// Optional int argument `i` (absent or null → `default`).
fn int_or(q: &str, args: &[Value], i: usize, default: i64) -> Result<i64, RtError> {
    opt_arg(args, i).map_or(Ok(default), |v| int_arg(q, v))
}

/// A component as `u32`; out-of-range values are left for chrono to reject.
fn component(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn invalid_components(what: &str, parts: &[i64]) -> RtError {
    let list: Vec<String> = parts.iter().map(i64::to_string).collect();
    RtError::runtime_error(format!("Invalid {what} components: {}", list.join(", ")))
}

/// A calendar date from year, month, day, in Python's range.
fn make_date(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    let year = i32::try_from(y).ok()?;
    NaiveDate::from_ymd_opt(year, component(m), component(d)).and_then(calendar::date_in_range)
}

fn make_time(h: i64, mi: i64, s: i64, us: i64) -> Option<NaiveTime> {
    NaiveTime::from_hms_micro_opt(component(h), component(mi), component(s), component(us))
        .filter(|_| us < 1_000_000)
}

fn create(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.create";
    expect_args(q, args, 3, 6)?;
    let mut parts = [0i64; 6];
    for (i, part) in parts.iter_mut().enumerate() {
        *part = if i < 3 {
            int_arg(q, &args[i])?
        } else {
            int_or(q, args, i, 0)?
        };
    }
    let [y, mo, d, h, mi, s] = parts;
    let dt = make_date(y, mo, d).zip(make_time(h, mi, s, 0));
    let (date, time) = dt.ok_or_else(|| invalid_components("datetime", &parts))?;
    datetime_value(date.and_time(time))
}

fn create_date(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.createDate";
    expect_args(q, args, 3, 3)?;
    let (y, m, d) = (
        int_arg(q, &args[0])?,
        int_arg(q, &args[1])?,
        int_arg(q, &args[2])?,
    );
    date_value(make_date(y, m, d).ok_or_else(|| invalid_components("date", &[y, m, d]))?)
}

fn create_time(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.createTime";
    expect_args(q, args, 0, 4)?;
    let parts = [
        int_or(q, args, 0, 0)?,
        int_or(q, args, 1, 0)?,
        int_or(q, args, 2, 0)?,
        int_or(q, args, 3, 0)?,
    ];
    let [h, mi, s, us] = parts;
    let time = make_time(h, mi, s, us).ok_or_else(|| invalid_components("time", &parts))?;
    Ok(time_value(time))
}

fn create_delta(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.createDelta";
    expect_args(q, args, 0, 4)?;
    let zero = Value::Int(0);
    let arg = |i: usize| opt_arg(args, i).unwrap_or(&zero);
    let units = [
        MICROS_PER_DAY,
        MICROS_PER_HOUR,
        MICROS_PER_MINUTE,
        MICROS_PER_SECOND,
    ];
    let parts: Vec<(&Value, i64)> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (arg(i), *u))
        .collect();
    delta_value(sum_micros(q, &parts)?)
}

fn now(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("datetime.now", args, 0, 1)?;
    // [REF] any time-zone argument means "UTC"; offsets are not applied.
    let dt = match opt_arg(args, 0) {
        Some(_) => Utc::now().naive_utc(),
        None => Local::now().naive_local(),
    };
    datetime_value(truncate_to_micros(dt))
}

/// Python keeps microseconds; chrono's clock may give nanoseconds.
fn truncate_to_micros(dt: NaiveDateTime) -> NaiveDateTime {
    let micros = dt.and_utc().timestamp_micros();
    chrono::DateTime::from_timestamp_micros(micros).map_or(dt, |t| t.naive_utc())
}

fn today(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("datetime.today", args, 0, 0)?;
    date_value(Local::now().date_naive())
}

fn from_timestamp(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.fromTimestamp";
    expect_args(q, args, 1, 1)?;
    let seconds = match number(&args[0]) {
        Some(Num::I(i)) => i as f64,
        Some(Num::F(f)) => f,
        None => {
            return Err(RtError::type_error(format!(
                "{q}() argument must be a number, not '{}'",
                args[0].type_name()
            )))
        }
    };
    let dt = calendar::from_local_timestamp(seconds).ok_or_else(|| {
        RtError::runtime_error(format!(
            "Invalid timestamp {}: out of range",
            crate::lang::format::display(&args[0])
        ))
    })?;
    datetime_value(dt)
}

fn parse_iso(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.parseISO";
    expect_args(q, args, 1, 1)?;
    let text = str_arg(q, "1", &args[0])?;
    let dt = iso::parse_iso(text).ok_or_else(|| {
        RtError::runtime_error(format!(
            "Invalid ISO datetime string '{text}': Invalid isoformat string: '{text}'"
        ))
    })?;
    datetime_value(dt)
}

fn days_in_month(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.daysInMonth";
    expect_args(q, args, 2, 2)?;
    let (y, m) = (int_arg(q, &args[0])?, int_arg(q, &args[1])?);
    Ok(Value::Int(calendar::days_in_month(y, m)))
}

fn is_leap_year(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.isLeapYear";
    expect_args(q, args, 1, 1)?;
    Ok(Value::Bool(calendar::is_leap_year(int_arg(q, &args[0])?)))
}

fn is_weekend(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("datetime.isWeekend", args, 1, 1)?;
    Ok(Value::Bool(calendar::is_weekend(day_arg(
        "datetime.isWeekend",
        &args[0],
    )?)))
}

fn is_weekday(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("datetime.isWeekday", args, 1, 1)?;
    Ok(Value::Bool(!calendar::is_weekend(day_arg(
        "datetime.isWeekday",
        &args[0],
    )?)))
}

fn calculate_age(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.calculateAge";
    expect_args(q, args, 1, 2)?;
    let birth = day_arg(q, &args[0])?;
    let current = match opt_arg(args, 1) {
        Some(v) => day_arg(q, v)?,
        None => {
            let current = now(vm, &[])?;
            return calculate_age(vm, &[args[0].clone(), current]);
        }
    };
    Ok(Value::Int(calendar::age(birth, current)))
}

/// Keeps the argument's kind: a Date moves to a Date, a DateTimeObject
/// keeps its time of day.
fn add_business_days(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.addBusinessDays";
    expect_args(q, args, 2, 2)?;
    let start = day_arg(q, &args[0])?;
    let n = int_arg(q, &args[1])?;
    let day = calendar::add_business_days(start, n).ok_or_else(out_of_range)?;
    match datetime_arg(q, &args[0]) {
        Ok(dt) => datetime_value(day.and_time(dt.time())),
        Err(_) => date_value(day),
    }
}

fn business_days_between(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.businessDaysBetween";
    expect_args(q, args, 2, 2)?;
    let (a, b) = (day_arg(q, &args[0])?, day_arg(q, &args[1])?);
    Ok(Value::Int(calendar::business_days_between(a, b)))
}

fn utc(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("datetime.utc", args, 0, 0)?;
    Ok(Value::str("UTC"))
}

fn create_time_zone(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let q = "datetime.createTimeZone";
    expect_args(q, args, 1, 3)?;
    let hours = int_arg(q, &args[0])?;
    let minutes = int_or(q, args, 1, 0)?;
    let name = match opt_arg(args, 2) {
        Some(v) => str_arg(q, "3", v)?.to_string(),
        None => String::new(),
    };
    Ok(Value::object_from([
        ("hours", Value::Int(hours)),
        ("minutes", Value::Int(minutes)),
        ("name", Value::string(zone_name(hours, minutes, name))),
    ]))
}

/// [REF] an empty name becomes `UTC{hours:+d}:{minutes:02d}`.
fn zone_name(hours: i64, minutes: i64, name: String) -> String {
    if !name.is_empty() {
        return name;
    }
    let sign = if hours < 0 { '-' } else { '+' };
    // `{:02}` pads after the sign, like Python's `{:02d}` (-5 → "-5").
    format!("UTC{sign}{}:{minutes:02}", hours.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_checks() {
        assert!(make_date(2024, 2, 29).is_some());
        assert!(make_date(2023, 2, 29).is_none());
        assert!(make_date(0, 1, 1).is_none());
        assert!(make_date(10000, 1, 1).is_none());
        assert!(make_date(i64::MAX, -1, 1).is_none());
        assert!(make_time(23, 59, 59, 999_999).is_some());
        assert!(make_time(24, 0, 0, 0).is_none());
        assert!(make_time(0, 0, 60, 0).is_none());
        assert!(make_time(0, 0, 0, 1_000_000).is_none());
        assert_eq!(
            invalid_components("date", &[2024, 2, 30]).message(),
            "Invalid date components: 2024, 2, 30"
        );
    }

    #[test]
    fn zone_names() {
        assert_eq!(zone_name(9, 0, String::new()), "UTC+9:00");
        assert_eq!(zone_name(-5, 30, String::new()), "UTC-5:30");
        assert_eq!(zone_name(0, 0, String::new()), "UTC+0:00");
        assert_eq!(zone_name(1, -5, String::new()), "UTC+1:-5");
        assert_eq!(
            zone_name(i64::MIN, 7, String::new()),
            "UTC-9223372036854775808:07"
        );
        assert_eq!(zone_name(9, 0, "JST".into()), "JST");
    }
}
