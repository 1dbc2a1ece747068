//! Data-driven conformance: every `tests/programs/NAME.ml` must print exactly
//! `NAME.out` and exit 0; every `tests/errors/NAME.ml` must exit with the code
//! on the first line of `NAME.err` and print each following line (a
//! substring) to stderr. A program may ask for `mlpy run` flags (such as
//! capability grants) with a `// mlpy-flags: ...` line among its first three.
//! Programs run through the real `mlpy` binary, so exit
//! codes and the stdout/stderr split are checked as users see them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ml"))
        .collect();
    files.sort();
    files
}

/// Extra `mlpy run` flags a program asks for on a first line
/// `// mlpy-flags: --grant file.read`.
fn flags_of(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .take(3)
        .find_map(|l| l.strip_prefix("// mlpy-flags:"))
        .map(|f| f.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

fn run_mlpy(file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .arg("run")
        .args(flags_of(file))
        .arg(file.file_name().expect("file name"))
        .current_dir(file.parent().expect("parent"))
        .output()
        .expect("run mlpy")
}

#[test]
fn programs_print_expected_output() {
    let mut failures = Vec::new();
    let files = cases("programs");
    for file in &files {
        let expected = std::fs::read_to_string(file.with_extension("out"))
            .unwrap_or_else(|_| panic!("{} has no .out file", file.display()));
        let output = run_mlpy(file);
        let stdout = String::from_utf8_lossy(&output.stdout);
        if stdout != expected || !output.status.success() {
            failures.push(format!(
                "--- {} (exit {:?})\n{}\n--- expected:\n{expected}--- got:\n{stdout}",
                file.display(),
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(files.len() >= 60, "too few conformance programs");
    assert!(
        failures.is_empty(),
        "{} of {} programs failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn error_programs_fail_with_expected_diagnostics() {
    let mut failures = Vec::new();
    let files = cases("errors");
    for file in &files {
        let spec = std::fs::read_to_string(file.with_extension("err"))
            .unwrap_or_else(|_| panic!("{} has no .err file", file.display()));
        let mut lines = spec.lines();
        let code: i32 = lines
            .next()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or_else(|| panic!("{}: first line must be the exit code", file.display()));
        let output = run_mlpy(file);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let missing: Vec<&str> = lines
            .filter(|l| !l.is_empty() && !stderr.contains(l))
            .collect();
        if output.status.code() != Some(code) || !missing.is_empty() {
            failures.push(format!(
                "--- {}: expected exit {code}, got {:?}; missing {missing:?}\n{stderr}",
                file.display(),
                output.status.code()
            ));
        }
        if stderr.contains("panicked") {
            failures.push(format!("--- {}: panic\n{stderr}", file.display()));
        }
    }
    assert!(!files.is_empty(), "no error cases found");
    assert!(
        failures.is_empty(),
        "{} of {} error cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
