//! `parseISO(s)`: the ISO 8601 forms Python's `datetime.fromisoformat`
//! accepts: `YYYY-MM-DD` or `YYYYMMDD`, optionally followed by `T`, `t` or
//! a space and a time `HH[:MM[:SS[.ffffff]]]` (or `HHMM[SS]`, with `,` as an
//! alternative decimal mark; digits past the sixth are dropped), optionally
//! followed by `Z` or a UTC offset `±HH[:MM[:SS]]`.
//!
//! Our date-times are naive (spec 5.9), so an offset is checked and then
//! dropped: the wall-clock fields stay as written [DECISION; the reference
//! keeps an aware datetime whose ISO text ends in the offset].

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The date-time written in `text`, or `None` if it is not ISO 8601.
pub fn parse_iso(text: &str) -> Option<NaiveDateTime> {
    let mut cursor = Cursor {
        rest: text.as_bytes(),
    };
    let date = cursor.date()?;
    let time = match cursor.rest.first() {
        None => NaiveTime::MIN,
        Some(b'T' | b't' | b' ') => {
            cursor.rest = &cursor.rest[1..];
            let time = cursor.time()?;
            cursor.offset()?;
            time
        }
        Some(_) => return None,
    };
    cursor.rest.is_empty().then(|| date.and_time(time))
}

struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    /// `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let head = self.rest.get(..n)?;
        if !head.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.rest = &self.rest[n..];
        Some(head.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.rest.first() == Some(&byte);
        if found {
            self.rest = &self.rest[1..];
        }
        found
    }

    fn date(&mut self) -> Option<NaiveDate> {
        let year = self.digits(4)?;
        let dashed = self.eat(b'-');
        let month = self.digits(2)?;
        if dashed && !self.eat(b'-') {
            return None;
        }
        let day = self.digits(2)?;
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day).filter(|_| year >= 1)
    }

    /// `HH[:MM[:SS[.f]]]` or its compact form `HH[MM[SS[.f]]]`.
    fn time(&mut self) -> Option<NaiveTime> {
        let hour = self.digits(2)?;
        let mut parts = [0u32; 2];
        let colons = self.rest.first() == Some(&b':');
        for part in &mut parts {
            if colons && !self.eat(b':') {
                break;
            }
            match self.digits(2) {
                Some(n) => *part = n,
                None if colons => return None,
                None => break,
            }
        }
        let micros = self.fraction()?;
        NaiveTime::from_hms_micro_opt(hour, parts[0], parts[1], micros)
    }

    /// `.ffffff` (or `,ffffff`) after the seconds; 0 when absent.
    fn fraction(&mut self) -> Option<u32> {
        if !(self.eat(b'.') || self.eat(b',')) {
            return Some(0);
        }
        let len = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        let shown = len.min(6);
        let micros = self.digits(shown)? * 10u32.pow((6 - shown) as u32);
        self.rest = &self.rest[len - shown..];
        Some(micros)
    }

    /// `Z` or `±HH[:MM[:SS[.f]]]`, validated and then ignored.
    fn offset(&mut self) -> Option<()> {
        if self.eat(b'Z') || self.rest.is_empty() {
            return Some(());
        }
        if !(self.eat(b'+') || self.eat(b'-')) {
            return None;
        }
        // An offset reads like a time of day (hours below 24), so the time
        // parser validates it.
        self.time().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        parse_iso(text).map(super::super::calendar::iso_datetime)
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(
            iso("2025-10-05T14:30:00").as_deref(),
            Some("2025-10-05T14:30:00")
        );
        assert_eq!(iso("2025-10-05").as_deref(), Some("2025-10-05T00:00:00"));
        assert_eq!(iso("20251005").as_deref(), Some("2025-10-05T00:00:00"));
        assert_eq!(
            iso("2025-10-05 14:30").as_deref(),
            Some("2025-10-05T14:30:00")
        );
        assert_eq!(iso("2025-10-05T14").as_deref(), Some("2025-10-05T14:00:00"));
        assert_eq!(
            iso("2025-10-05T143015").as_deref(),
            Some("2025-10-05T14:30:15")
        );
        assert_eq!(
            iso("2025-10-05T14:30:15.5").as_deref(),
            Some("2025-10-05T14:30:15.500000")
        );
        assert_eq!(
            iso("2025-10-05T14:30:15,123456789").as_deref(),
            Some("2025-10-05T14:30:15.123456")
        );
        assert_eq!(
            iso("2025-10-05T14:30:00Z").as_deref(),
            Some("2025-10-05T14:30:00")
        );
        assert_eq!(
            iso("2025-10-05T14:30:00+02:00").as_deref(),
            Some("2025-10-05T14:30:00")
        );
        assert_eq!(
            iso("2025-10-05T14:30:00-0530").as_deref(),
            Some("2025-10-05T14:30:00")
        );
    }

    #[test]
    fn rejected_forms() {
        for bad in [
            "",
            "2025",
            "2025-10",
            "2025-13-01",
            "2025-02-30",
            "0000-01-01",
            "2025-10-05T",
            "2025-10-05T25:00",
            "2025-10-05T14:3",
            "2025-10-05T14:30:",
            "2025-10-05X14:30",
            "2025-1005",
            "2025-10-05T14:30:00.",
            "2025-10-05T14:30:00+",
            "2025-10-05T14:30 ",
            "٢٠٢٥-10-05",
            "2025-10-05T14:30:00+02:00junk",
        ] {
            assert_eq!(iso(bad), None, "{bad:?}");
        }
    }
}
