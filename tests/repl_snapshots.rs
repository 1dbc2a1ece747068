//! Snapshot (insta) of a whole piped session on the bundled examples, with
//! what varies from run to run masked: times, byte counts (and so column
//! widths) and absolute paths.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

mod common;

/// Replace numbers with a unit (`1.2ms`, `9.4KB`, `512B`) by `#`, then
/// collapse runs of spaces and horizontal rules, which move with them.
fn mask(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(|l| common::mask_line(l, true)).collect();
    lines.join("\n")
}

#[test]
fn mask_hides_what_varies() {
    assert_eq!(mask("│ a    ┆ 1.25ms ┆ 12KB │ 3"), "│ a ┆ # ┆ # │ 3");
}

#[test]
fn snapshot_of_a_session_on_the_examples() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let script = "import user_utils\nimport algorithms.graph.bfs\n\
                  .modules --type ml_source\n.modinfo algorithms.graph.bfs\n.perfmon\n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .args(["repl", "-M", "ml_libs"])
        .current_dir(&examples)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start mlpy");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(script.as_bytes()).expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    let text =
        String::from_utf8_lossy(&out.stdout).replace(&examples.display().to_string(), "<examples>");
    // Which module was slowest, and whether a loaded machine made it SLOW,
    // vary from run to run.
    let text: Vec<String> = text
        .replace(" ⚠ SLOW", "")
        .lines()
        .map(|l| match l.strip_prefix("- Slowest module: ") {
            Some(_) => "- Slowest module: <masked>".to_string(),
            None => l.to_string(),
        })
        .collect();
    insta::assert_snapshot!(mask(&text.join("\n")));
}
