//! `mlpy repl` on a pseudo-terminal (rexpect) for the terminal tests:
//! starting it at a given width, and reading what it printed as text.

use rexpect::reader::Options;
use rexpect::session::{spawn_with_options, PtySession};
use std::path::Path;
use std::process::Command;

/// `mlpy repl -M dir --history history` in `dir` (also its HOME) with plain
/// output, on a terminal `cols` wide when given (via `stty`). With
/// `strip_ansi`, rexpect removes escape codes itself; its stripper loses
/// the text after the bell of an ambiguous Tab, so tests of Tab menus
/// leave it off and read with [`decode`]. Waits for the first prompt and
/// returns the session and the text shown before it.
pub fn spawn_repl(
    dir: &Path,
    history: &Path,
    cols: Option<u16>,
    strip_ansi: bool,
) -> (PtySession, String) {
    let size = cols.map_or(String::new(), |c| format!("stty cols {c} rows 60 && "));
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{size}exec \"$0\" repl -M \"$1\" --history \"$2\""))
        .arg(env!("CARGO_BIN_EXE_mlpy"))
        .arg(dir)
        .arg(history)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("HOME", dir);
    let options = Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(strip_ansi);
    let mut p = spawn_with_options(cmd, options).expect("spawn mlpy repl on a pty");
    let banner = p.exp_string("ml> ").expect("first prompt");
    (p, decode(&banner))
}

/// rexpect hands over each byte as one char; decode the UTF-8, without
/// control sequences (`ESC [ ... letter`), bells and carriage returns.
pub fn decode(text: &str) -> String {
    let mut bytes = Vec::new();
    let mut raw = text.chars().map(|c| c as u32 as u8).peekable();
    while let Some(b) = raw.next() {
        match b {
            0x1b => {
                if raw.next_if_eq(&b'[').is_some() {
                    while raw.next().is_some_and(|b| !(0x40..=0x7e).contains(&b)) {}
                }
            }
            b'\r' | 0x07 => {}
            _ => bytes.push(b),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Every line of `text` (decoded) fits in `width` columns.
pub fn assert_fits(text: &str, width: usize, what: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{what}: a line of {} columns:\n{line}\n--- in:\n{text}",
            line.chars().count()
        );
    }
}
