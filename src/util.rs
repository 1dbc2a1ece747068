//! Small helpers with no place in any one layer, at the bottom of the crate
//! so that every layer may use them without importing a sibling: the
//! "did you mean" distance (config, registry and the REPL suggest names)
//! lexical path normalization (config and capabilities resolve paths),
//! and the environment mlpy started with (the `env` module records it before
//! a program first changes a variable; the Python worker starts from it).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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
