//! `mlpy repl` on a pseudo-terminal of a set width: the reports and help
//! fit it (snapshots at 80 and 120 columns, times and sizes masked), and
//! the conveniences a terminal user types: Tab menus, dot-command
//! arguments, `.load`, `.time`, `help(x)` and `x?`.

#![cfg(unix)]

mod common;

use common::mask_line;
use common::pty::{assert_fits, decode, spawn_repl};
use rexpect::session::PtySession;
use std::path::Path;

/// `mlpy repl` on `dir`'s modules in a terminal `cols` wide.
fn start(dir: &Path, cols: u16) -> PtySession {
    spawn_repl(dir, &dir.join("history"), Some(cols), false).0
}

/// A folder with two small modules and a script for `.load`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).expect("write");
    };
    write(
        "user_utils.ml",
        "// Greet someone by name.\nfunction greet(name) {\n    return \"Hello, \" + name + \"!\";\n}\n",
    );
    write(
        "shapes.ml",
        "import math;\nfunction area(r) { return math.pi * r * r; }\n",
    );
    write(
        "setup_script.ml",
        "// Double a number.\nfunction double(x) {\n    return x * 2;\n}\nloaded = double(21);\n",
    );
    dir
}

/// Run `command` and return what it printed (its echoed line left out).
fn output_of(p: &mut PtySession, command: &str) -> String {
    p.send_line(command).expect("send");
    let shown = decode(&p.exp_string("ml> ").expect("prompt after the command"));
    let start = shown.find(command).map_or(0, |i| i + command.len());
    shown[start..].trim_matches('\n').to_string()
}

/// Wait for a fresh, empty prompt (not a redraw of a line being edited):
/// text typed while the terminal switches modes may be lost.
fn empty_prompt(p: &mut PtySession) {
    p.exp_string("ml> \r\u{1b}[4C").expect("an empty prompt");
}

/// Times, sizes and the temporary folder replaced, and in tables runs of
/// spaces and rules collapsed (they move with the numbers), so snapshots
/// are stable.
fn mask(text: &str, dir: &Path) -> String {
    let text = text
        .replace(&dir.display().to_string(), "<dir>")
        .replace(" ⚠ SLOW", "")
        .replace(&"═".repeat(55), "═");
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("- Slowest module: ") {
            out.push_str("- Slowest module: <masked>\n");
            continue;
        }
        // In tables, padding and rules move with the masked numbers.
        let table = line.starts_with(['│', '┌', '╞', '└', '├']);
        out.push_str(&mask_line(line, table));
        out.push('\n');
    }
    out
}

fn reports_fit(cols: u16) {
    let dir = project();
    let mut p = start(dir.path(), cols);
    for line in [
        "import user_utils",
        "import shapes",
        "a_rather_long_variable_name = range(100000)",
        "words = {greeting: \"hello \" * 40, n: 3}",
    ] {
        output_of(&mut p, line);
    }
    for command in [
        ".help",
        ".help reload",
        ".modules",
        ".vars",
        ".perfmon",
        ".memreport",
        ".modinfo user_utils",
    ] {
        let shown = output_of(&mut p, command);
        assert_fits(&shown, usize::from(cols), command);
        let name = format!(
            "{}_{cols}",
            command.trim_start_matches('.').replace(' ', "_")
        );
        insta::assert_snapshot!(name, mask(&shown, dir.path()));
    }
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn reports_fit_80_columns() {
    reports_fit(80);
}

#[test]
fn reports_fit_120_columns() {
    reports_fit(120);
}

#[test]
fn tab_lists_candidates_and_a_second_tab_keeps_a_unique_completion() {
    let dir = project();
    let mut p = start(dir.path(), 80);
    output_of(&mut p, "unique_total = 5");
    // Unique: completes; the second Tab must leave it as it is.
    p.send("unique_t\t\t").expect("tab twice");
    p.send_line("").expect("enter");
    p.exp_string("=> 5").expect("completed global");
    p.exp_string("ml> ").expect("prompt");
    // Several: the second Tab lists them.
    p.send(".re\t\t").expect("tab twice");
    p.flush().expect("flush");
    p.exp_string(".reloadall")
        .expect("the candidates are listed");
    p.exp_string(".revoke").expect("the candidates are listed");
    p.exp_string("ml> .re")
        .expect("the line is kept under the list");
    p.send_control('c').expect("ctrl-c");
    empty_prompt(&mut p);
    output_of(&mut p, "import user_utils");
    p.send("user_utils.gr\t")
        .expect("tab completes a module member");
    p.send_line("(\"Ada\")").expect("send");
    p.exp_string("=> 'Hello, Ada!'").expect("member completed");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn dot_command_arguments_complete_their_own_values() {
    let dir = project();
    let mut p = start(dir.path(), 80);
    for (typed, expected) in [
        // A file name for .load.
        (".load setup_s\t", "Loaded setup_script.ml"),
        // A module name for .reload, then its flag.
        (".reload sha\t --d\t", "Module 'shapes'"),
        // A kind for .modules --type.
        (".modules --type ml_s\t", "ML Source Modules (3)"),
        // A command name for .help.
        (".help perf\t", "usage: .perfmon"),
    ] {
        p.send(typed).expect("type and tab");
        p.send_line("").expect("enter");
        p.exp_string(expected)
            .unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        p.exp_string("ml> ").expect("prompt");
    }
    // Capability names for .revoke: two match, a second Tab lists them.
    p.send(".revoke network.http\t\t").expect("tab twice");
    p.flush().expect("flush");
    p.exp_string("network.https")
        .expect("capability names listed");
    p.exp_string("ml> .revoke network.http")
        .expect("the line is kept under the list");
    p.send_control('c').expect("ctrl-c");
    empty_prompt(&mut p);
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn load_time_and_help_at_the_prompt() {
    let dir = project();
    let mut p = start(dir.path(), 80);
    let loaded = output_of(&mut p, ".load setup_script.ml");
    assert!(loaded.contains("Loaded setup_script.ml."), "{loaded}");
    assert!(output_of(&mut p, "loaded").contains("=> 42"));
    let missing = output_of(&mut p, ".load missing.ml");
    assert!(
        missing.contains("Error: cannot load missing.ml"),
        "{missing}"
    );
    let timed = output_of(&mut p, ".time 50 double(2)");
    assert!(timed.contains("=> 4"), "{timed}");
    assert!(timed.contains("50 runs: mean "), "{timed}");
    assert!(timed.contains(", fastest "), "{timed}");
    let help = output_of(&mut p, "help(double)");
    assert!(help.contains("function double(x)"), "{help}");
    assert!(help.contains("Double a number."), "{help}");
    assert!(help.contains("setup_script.ml:2"), "{help}");
    let short = output_of(&mut p, "double?");
    assert_eq!(short, help);
    let builtin = output_of(&mut p, "len?");
    assert!(builtin.starts_with("len(v):"), "{builtin}");
    output_of(&mut p, "import math");
    let module = output_of(&mut p, "help(math)");
    assert!(module.contains("sqrt(x): square root"), "{module}");
    assert_fits(&module, 80, "help(math)");
    let saved = output_of(&mut p, ".save session.ml");
    assert!(saved.contains("Saved"), "{saved}");
    let again = output_of(&mut p, ".save session.ml");
    assert!(again.contains("already exists"), "{again}");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
    let text = std::fs::read_to_string(dir.path().join("session.ml")).expect("saved file");
    assert!(
        text.contains("// .load setup_script.ml\nloaded;\n"),
        "{text}"
    );
}

/// What discovery warns about at start (here a file name that cannot be a
/// module name) is wrapped to the terminal like everything else.
#[test]
fn start_up_warnings_fit_80_columns() {
    let dir = project();
    std::fs::write(dir.path().join("my-very-long-module-name.ml"), "x = 1;\n").expect("write");
    let (_session, banner) = spawn_repl(dir.path(), &dir.path().join("history"), Some(80), false);
    assert!(
        banner.contains("is not an identifier"),
        "no warning at start:\n{banner}"
    );
    assert_fits(&banner, 80, "start-up warnings");
}
