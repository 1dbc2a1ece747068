//! Small helpers with no place in any one layer, at the bottom of the crate
//! so that every layer may use them without importing a sibling: the
//! "did you mean" distance (config, registry and the REPL suggest names)
//! lexical path normalization (config and capabilities resolve paths),
//! and the environment mlpy started with (the `env` module records it before
//! a program first changes a variable; the Python worker starts from it).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Edit distance in characters, a swap of two neighbours counting as one
/// edit (the commonest typo: `alpah` for `alpha`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    edit_distance_within(&a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// [`edit_distance`] of `a` and `b` if it is at most `limit`, else `None`,
/// given up as soon as it must exceed the limit (a "did you mean" search
/// asks this of every key of an object, and most are far).
pub fn edit_distance_within(a: &[char], b: &str, limit: usize) -> Option<usize> {
    let b_len = if b.is_ascii() {
        b.len()
    } else {
        b.chars().count()
    };
    if a.len().abs_diff(b_len) > limit {
        return None;
    }
    let b: Vec<char> = b.chars().collect();
    // Three rows: the one two back is needed to price a swap.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
        }
        // A swap reaches back two rows, so the distance can no longer come
        // under the limit once two rows in a row are entirely above it.
        if row.iter().min() > Some(&limit) && prev.iter().min() > Some(&limit) {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

/// `p` made absolute against `base` and normalized lexically (`.` and
/// `..` removed), so paths print cleanly and compare equal.
pub fn absolute(base: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

static LAUNCH_ENVIRONMENT: OnceLock<Vec<(OsString, OsString)>> = OnceLock::new();

/// Record the process environment as it is now, once: called when a
/// session starts and before ML code first changes a variable.
pub fn remember_launch_environment() {
    LAUNCH_ENVIRONMENT.get_or_init(|| std::env::vars_os().collect());
}

/// The environment as [`remember_launch_environment`] recorded it (now,
/// if it was not recorded yet).
pub fn launch_environment() -> &'static [(OsString, OsString)] {
    LAUNCH_ENVIRONMENT.get_or_init(|| std::env::vars_os().collect())
}
