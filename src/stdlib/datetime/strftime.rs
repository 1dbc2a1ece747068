//! `format(fmt)`: strftime with Python's (glibc's) directives.
//!
//! chrono implements almost the same directive set, but it fails on
//! directives it does not know and it reads `%f` as nanoseconds. So the
//! pattern is walked here, one directive at a time: known directives are
//! rendered by chrono, `%f` (microseconds), `%s` and the time-zone
//! directives (empty for a naive time, as in Python) are rendered here, and
//! anything unknown is copied through unchanged, as glibc does. No pattern
//! can make formatting fail.

use super::calendar::local_timestamp;
use chrono::{NaiveDateTime, Timelike};
use std::fmt::Write;

/// Directive letters handed to chrono (with an optional `-`, `_` or `0`
/// padding flag).
const CHRONO_DIRECTIVES: &str = "aAbBcCdDeFgGhHIjklmMnpPrRStTuUVwWxXyY";

/// `dt` formatted by `pattern`.
pub fn strftime(dt: NaiveDateTime, pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(pos) = rest.find('%') {
        out.push_str(&rest[..pos]);
        let used = directive(dt, &rest[pos..], &mut out);
        rest = &rest[pos + used..];
    }
    out.push_str(rest);
    out
}

/// Renders the directive at the start of `text` (which begins with `%`)
/// and returns how many bytes it used.
fn directive(dt: NaiveDateTime, text: &str, out: &mut String) -> usize {
    let mut chars = text[1..].chars();
    let (flag, letter) = match chars.next() {
        Some(f @ ('-' | '_' | '0')) => (Some(f), chars.next()),
        other => (None, other),
    };
    let Some(letter) = letter else {
        // A lone `%` (or `%-`) at the end stays as written.
        out.push_str(text);
        return text.len();
    };
    let used = 1 + flag.map_or(0, char::len_utf8) + letter.len_utf8();
    match letter {
        '%' => out.push('%'),
        'f' => {
            let _ = write!(out, "{:06}", dt.nanosecond() / 1000);
        }
        's' => {
            let _ = write!(out, "{}", local_timestamp(dt).floor() as i64);
        }
        'z' | 'Z' => {}
        l if CHRONO_DIRECTIVES.contains(l) => {
            if !chrono_directive(dt, &text[..used], out) {
                out.push_str(&text[..used]);
            }
        }
        _ => out.push_str(&text[..used]),
    }
    used
}

/// One directive rendered by chrono; false if chrono cannot render it.
fn chrono_directive(dt: NaiveDateTime, spec: &str, out: &mut String) -> bool {
    let mut piece = String::new();
    if write!(piece, "{}", dt.format(spec)).is_err() {
        return false;
    }
    out.push_str(&piece);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn sample() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 1, 5)
            .unwrap()
            .and_hms_micro_opt(14, 7, 9, 1234)
            .unwrap()
    }

    #[test]
    fn common_directives() {
        let dt = sample();
        assert_eq!(strftime(dt, "%Y-%m-%d %H:%M:%S"), "2024-01-05 14:07:09");
        assert_eq!(strftime(dt, "%A %a %B %b %j"), "Friday Fri January Jan 005");
        assert_eq!(strftime(dt, "%I:%M %p %y"), "02:07 PM 24");
        assert_eq!(strftime(dt, "%f|%-d|%-m|%e"), "001234|5|1| 5");
        assert_eq!(strftime(dt, "%c"), "Fri Jan  5 14:07:09 2024");
        assert_eq!(
            strftime(dt, "%x %X %U %W %w %u"),
            "01/05/24 14:07:09 00 01 5 5"
        );
    }

    #[test]
    fn odd_patterns_never_fail() {
        let dt = sample();
        assert_eq!(strftime(dt, "100%% %Q %z%Z end %"), "100% %Q  end %");
        assert_eq!(strftime(dt, "%-"), "%-");
        assert_eq!(strftime(dt, "%é ü"), "%é ü");
        assert_eq!(strftime(dt, ""), "");
    }
}
