//! Pure calendar arithmetic for the `datetime` module: the date range,
//! leap years, month lengths, business days, ISO text and the local-time
//! conversions.
//!
//! Everything here works on chrono values and plain integers and returns
//! `Option`/`Result` instead of failing, so the native wrappers only turn
//! `None` into the spec's error and every helper can be unit-tested
//! without a VM. The valid range is Python's (years 1 to 9999), because
//! programs written against the reference rely on its limits.

use chrono::{
    Datelike, Local, LocalResult, NaiveDate, NaiveDateTime, TimeDelta as Span, TimeZone, Timelike,
};

pub const MIN_YEAR: i32 = 1;
pub const MAX_YEAR: i32 = 9999;

/// A date-time kept only if its year is in Python's range.
pub fn in_range(dt: NaiveDateTime) -> Option<NaiveDateTime> {
    (MIN_YEAR..=MAX_YEAR).contains(&dt.year()).then_some(dt)
}

/// A date kept only if its year is in Python's range.
pub fn date_in_range(d: NaiveDate) -> Option<NaiveDate> {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year()).then_some(d)
}

/// `dt + span`, or `None` when the result leaves the valid range.
pub fn shift(dt: NaiveDateTime, span: Span) -> Option<NaiveDateTime> {
    in_range(dt.checked_add_signed(span)?)
}

/// `d + days`, or `None` when the result leaves the valid range.
pub fn shift_date(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    date_in_range(d.checked_add_signed(Span::try_days(days)?)?)
}

/// Gregorian leap year, for any year (like Python's `calendar.isleap`).
pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in month `month` of `year`; 0 for a month outside 1..=12 [REF].
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day of the week with Monday = 0 (Python's `weekday()`).
pub fn weekday(d: NaiveDate) -> i64 {
    i64::from(d.weekday().num_days_from_monday())
}

pub fn is_weekend(d: NaiveDate) -> bool {
    weekday(d) >= 5
}

/// Number of Mon–Fri days among the first `n` days counted from a Monday.
fn weekdays_before(n: i64) -> i64 {
    n.div_euclid(7) * 5 + n.rem_euclid(7).min(5)
}

/// Mon–Fri days from `a` to `b`, both included, in either order [REF].
pub fn business_days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    // 0001-01-01 (day 1 from the common era) was a Monday.
    let index = |d: NaiveDate| i64::from(d.num_days_from_ce()) - 1;
    weekdays_before(index(hi) + 1) - weekdays_before(index(lo))
}

/// The `n`-th Mon–Fri day after (or, for negative `n`, before) `d`; `d`
/// itself for 0 [REF: the reference steps one day at a time]. Whole weeks
/// are skipped at once, since any seven consecutive days hold exactly five
/// business days, so a huge `n` cannot hang the program.
pub fn add_business_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let step = n.signum();
    let mut remaining = n.unsigned_abs();
    let weeks = remaining.saturating_sub(1) / 5;
    let mut day = shift_date(d, i64::try_from(weeks).ok()?.checked_mul(7 * step)?)?;
    remaining -= weeks * 5;
    while remaining > 0 {
        day = shift_date(day, step)?;
        if !is_weekend(day) {
            remaining -= 1;
        }
    }
    Some(day)
}

/// Whole years from `birth` to `current` (a birthday not yet reached this
/// year does not count).
pub fn age(birth: NaiveDate, current: NaiveDate) -> i64 {
    let mut years = i64::from(current.year()) - i64::from(birth.year());
    if (current.month(), current.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// `2024-01-15`, years zero-padded to four digits like Python.
pub fn iso_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2024-01-15T10:30:00`, with `.ffffff` only when microseconds are set.
pub fn iso_datetime(dt: NaiveDateTime) -> String {
    let micros = dt.nanosecond() / 1000;
    let mut text = format!(
        "{}T{:02}:{:02}:{:02}",
        iso_date(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    if micros != 0 {
        text.push_str(&format!(".{micros:06}"));
    }
    text
}

/// Seconds since the epoch of a naive local date-time. An ambiguous time
/// (clocks turned back) takes the earlier instant, like Python's `fold=0`;
/// a time skipped by a clock change uses the offset in force just before.
pub fn local_timestamp(dt: NaiveDateTime) -> f64 {
    let utc = match Local.from_local_datetime(&dt) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.naive_utc(),
        LocalResult::None => {
            let offset = Local.offset_from_utc_datetime(&(dt - Span::hours(3)));
            dt - Span::seconds(i64::from(offset.local_minus_utc()))
        }
    };
    let micros = utc.and_utc().timestamp_micros();
    micros as f64 / 1e6
}

/// The naive local date-time at `seconds` since the epoch.
pub fn from_local_timestamp(seconds: f64) -> Option<NaiveDateTime> {
    if !seconds.is_finite() || seconds.abs() > 1e14 {
        return None;
    }
    let micros = (seconds * 1e6).round_ties_even() as i64;
    let utc = chrono::DateTime::from_timestamp_micros(micros)?;
    in_range(utc.with_timezone(&Local).naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn leap_years_and_month_lengths() {
        assert!(is_leap_year(2024) && is_leap_year(2000));
        assert!(!is_leap_year(1900) && !is_leap_year(2023));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2023, 12), 31);
        assert_eq!(days_in_month(2023, 13), 0);
        assert_eq!(days_in_month(2023, 0), 0);
    }

    #[test]
    fn business_day_counts_match_a_day_by_day_walk() {
        let start = date(2024, 1, 1);
        for len in 0..40 {
            let end = start + Span::days(len);
            let mut walk = 0;
            let mut d = start;
            while d <= end {
                walk += i64::from(!is_weekend(d));
                d += Span::days(1);
            }
            assert_eq!(business_days_between(start, end), walk, "{len}");
            assert_eq!(business_days_between(end, start), walk);
        }
    }

    #[test]
    fn adding_business_days_matches_stepping() {
        for offset in 0..7 {
            let start = date(2024, 1, 8) + Span::days(offset);
            for n in -12..=12i64 {
                let mut d = start;
                let mut left = n.abs();
                while left > 0 {
                    d += Span::days(n.signum());
                    left -= i64::from(!is_weekend(d));
                }
                assert_eq!(add_business_days(start, n), Some(d), "{start} {n}");
            }
        }
        assert_eq!(
            add_business_days(date(2024, 1, 12), 1),
            Some(date(2024, 1, 15))
        );
        assert_eq!(add_business_days(date(2024, 1, 12), i64::MAX), None);
        assert_eq!(add_business_days(date(2024, 1, 12), i64::MIN), None);
    }

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(age(date(1990, 6, 15), date(2024, 6, 14)), 33);
        assert_eq!(age(date(1990, 6, 15), date(2024, 6, 15)), 34);
        assert_eq!(age(date(2000, 2, 29), date(2001, 2, 28)), 0);
    }

    #[test]
    fn iso_text_and_range() {
        let dt = date(5, 3, 1).and_hms_micro_opt(1, 2, 3, 40).unwrap();
        assert_eq!(iso_datetime(dt), "0005-03-01T01:02:03.000040");
        assert_eq!(
            iso_datetime(date(2024, 1, 15).and_hms_opt(10, 30, 0).unwrap()),
            "2024-01-15T10:30:00"
        );
        assert!(shift(
            date(9999, 12, 31).and_hms_opt(23, 0, 0).unwrap(),
            Span::hours(1)
        )
        .is_none());
        assert!(shift_date(date(1, 1, 1), -1).is_none());
    }

    #[test]
    fn local_timestamps_round_trip() {
        let dt = date(2024, 1, 15)
            .and_hms_micro_opt(10, 30, 0, 250_000)
            .unwrap();
        assert_eq!(from_local_timestamp(local_timestamp(dt)), Some(dt));
        assert_eq!(from_local_timestamp(f64::NAN), None);
        assert_eq!(from_local_timestamp(1e300), None);
    }
}
