//! The profile table of `mlpy run --profile` and `.profile`: one row per
//! function, most self time first, fitted to the terminal like the other
//! reports.

use super::{format_ms, table};
use crate::lang::profile::{ProfileReport, ProfileRow};
use comfy_table::CellAlignment;
use std::fmt::Write as _;

/// Rows shown; the rest are counted in a line below the table
/// (`profile_report()` and `--profile-out` have them all).
pub const MAX_ROWS: usize = 40;

/// The heading line, the table and, when rows were left out, how many.
pub fn profile(report: &ProfileReport) -> String {
    let calls: u64 = report.rows.iter().map(|r| r.calls).sum();
    // The time inside profiled calls (in the REPL, not the pauses between
    // inputs): the shares are of this.
    let recorded: u64 = report.rows.iter().map(|r| r.self_ns).sum();
    let mut out = format!(
        "Profile: {} functions, {} calls, {} in calls\n",
        report.rows.len(),
        thousands(calls),
        format_ms(recorded as f64 / 1e6)
    );
    if report.rows.is_empty() {
        out.push_str("(no calls recorded)\n");
        return out;
    }
    let mut t = table(&["Function", "Calls", "Total", "Self", "Self %", "Per call"]);
    for column in 1..6 {
        if let Some(c) = t.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    for row in report.rows.iter().take(MAX_ROWS) {
        t.add_row(cells(row, recorded));
    }
    let _ = writeln!(out, "{t}");
    if report.rows.len() > MAX_ROWS {
        let _ = writeln!(
            out,
            "... {} more functions (profile_report() lists them all)",
            report.rows.len() - MAX_ROWS
        );
    }
    out
}

fn cells(row: &ProfileRow, recorded_ns: u64) -> Vec<String> {
    let share = if recorded_ns == 0 {
        0.0
    } else {
        row.self_ns as f64 * 100.0 / recorded_ns as f64
    };
    vec![
        row.name.clone(),
        thousands(row.calls),
        format_ms(row.total_ns as f64 / 1e6),
        format_ms(row.self_ns as f64 / 1e6),
        format!("{share:.1}%"),
        format_us(row.per_call_us()),
    ]
}

/// `21,891`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `0.42µs`, `12µs`, `1.5ms` (microseconds below a millisecond).
pub fn format_us(us: f64) -> String {
    if us >= 1000.0 {
        format_ms(us / 1000.0)
    } else if us < 1.0 {
        format!("{us:.2}µs")
    } else if us < 10.0 {
        format!("{us:.1}µs")
    } else {
        format!("{us:.0}µs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(21_891), "21,891");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn formats_per_call_times() {
        assert_eq!(format_us(0.423), "0.42µs");
        assert_eq!(format_us(4.25), "4.2µs");
        assert_eq!(format_us(42.0), "42µs");
        assert_eq!(format_us(1500.0), "1.5ms");
    }

    #[test]
    fn empty_report_says_so() {
        let text = profile(&ProfileReport::default());
        assert!(text.contains("0 functions"), "{text}");
        assert!(text.contains("no calls recorded"), "{text}");
    }
}
