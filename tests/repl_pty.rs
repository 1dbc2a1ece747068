//! `mlpy repl` on a pseudo-terminal (rexpect): what only a terminal shows —
//! prompts, continuation lines, Tab completion, Ctrl-C, Ctrl-D and the
//! history file surviving a restart.

#![cfg(unix)]

mod common;

use common::pty::{assert_fits, decode, spawn_repl};
use rexpect::session::PtySession;
use std::path::Path;

fn start(dir: &Path, history: &Path) -> PtySession {
    spawn_repl(dir, history, None, true).0
}

fn session() -> (tempfile::TempDir, PtySession) {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("history");
    let p = start(dir.path(), &history);
    (dir, p)
}

#[test]
fn prompt_echo_and_continuation_lines() {
    let (_dir, mut p) = session();
    p.send_line("function inc(a) {").expect("send");
    p.exp_string("... ").expect("continuation prompt");
    p.send_line("  return a + 1; }").expect("send");
    p.exp_string("ml> ").expect("prompt after the block");
    p.send_line("inc(41)").expect("send");
    p.exp_string("=> 42").expect("echo");
    p.exp_string("ml> ").expect("prompt");
    p.send_control('d').expect("ctrl-d");
    p.exp_eof().expect("Ctrl-D leaves");
}

#[test]
fn tab_completes_globals_and_commands() {
    let (_dir, mut p) = session();
    p.send_line("unique_total = 5").expect("send");
    p.exp_string("ml> ").expect("prompt");
    p.send("unique_t").expect("send");
    p.send("\t").expect("tab");
    p.send_line("").expect("enter");
    p.exp_string("=> 5").expect("completed global");
    p.exp_string("ml> ").expect("prompt");
    p.send(".modi").expect("send");
    p.send("\t").expect("tab");
    p.send_line("math").expect("enter");
    p.exp_string("Built-in").expect("completed .modinfo");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect(".exit leaves");
}

#[test]
fn ctrl_c_clears_the_line_and_interrupts_a_running_loop() {
    let (_dir, mut p) = session();
    p.send("this is not sent").expect("send");
    p.send_control('c').expect("ctrl-c");
    // Input typed before the next prompt may be discarded when the
    // terminal switches modes, so always wait for the prompt.
    p.exp_string("ml> ").expect("prompt after ctrl-c");
    p.send_line("7 * 6").expect("send");
    p.exp_string("=> 42").expect("line was cleared");
    p.exp_string("ml> ").expect("prompt");
    // The loop announces itself (the text is built at run time, so the echo
    // of the typed line cannot match): Ctrl-C then reaches a running loop,
    // never a terminal still switching modes.
    p.send_line("print(\"loop\" + \"ing\"); n = 0; while (true) { n = n + 1; }")
        .expect("send");
    p.exp_string("looping").expect("the loop started");
    p.send_control('c').expect("ctrl-c");
    p.exp_string("KeyboardInterrupt").expect("interrupted");
    p.exp_string("ml> ").expect("prompt");
    p.send_line("n > 0").expect("send");
    p.exp_string("=> true").expect("session kept its variables");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn history_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("nested/history");
    let mut p = start(dir.path(), &history);
    p.send_line("remembered = 99; remembered * 2")
        .expect("send");
    p.exp_string("=> 198").expect("line ran");
    p.exp_string("ml> ").expect("prompt");
    // Written as the session goes, before it ends.
    let saved = std::fs::read_to_string(&history).expect("history file");
    assert!(saved.contains("remembered = 99"), "{saved}");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");

    let mut p = start(dir.path(), &history);
    // Up twice: the newest entry is the `.exit` that ended the last session.
    p.send("\x1b[A\x1b[A").expect("up arrow");
    p.send_line("").expect("enter");
    // Each recalled entry redraws the prompt, so wait for the recalled line's
    // own result: input typed before the next prompt may be discarded when
    // the terminal switches modes.
    p.exp_string("=> 198").expect("recalled line ran");
    p.exp_string("ml> ").expect("prompt");
    p.send_line("remembered + 1").expect("send");
    p.exp_string("=> 100").expect("recalled line ran");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

/// A session on a folder holding `user_utils.ml`.
fn session_with_module() -> (tempfile::TempDir, PtySession) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("user_utils.ml"),
        "function greet(name) {\n    return \"Hello, \" + name + \"!\";\n}\n",
    )
    .expect("write module");
    let history = dir.path().join("history");
    let p = start(dir.path(), &history);
    (dir, p)
}

#[test]
fn a_bracketed_paste_runs_as_separate_inputs() {
    let (_dir, mut p) = session_with_module();
    let pasted = "import user_utils\nuser_utils.greet(\"Ada\")\n\
                  function twice(x) {\n    return x * 2;\n}\ntwice(21)";
    p.send(&format!("\x1b[200~{pasted}\x1b[201~"))
        .expect("paste");
    p.send_line("").expect("enter");
    p.exp_string("=> 'Hello, Ada!'")
        .expect("second line ran on its own");
    p.exp_string("=> 42")
        .expect("the block ran whole, then the call");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".history").expect("send");
    p.exp_string("1  import user_utils")
        .expect("each input in history");
    p.exp_string("2  user_utils.greet(\"Ada\")")
        .expect("history");
    p.exp_string("3  function twice(x) {")
        .expect("block is one entry");
    p.exp_string("4  twice(21)").expect("history");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn a_paste_ending_inside_a_block_continues_it() {
    let (_dir, mut p) = session();
    p.send("\x1b[200~x = 5\nfunction add(a) {\n    return a + x;\x1b[201~")
        .expect("paste");
    p.send_line("").expect("enter");
    p.exp_string("... ").expect("the open block continues");
    p.send_line("}").expect("send");
    p.exp_string("ml> ").expect("prompt");
    p.send_line("add(2)").expect("send");
    p.exp_string("=> 7").expect("both inputs ran");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn lines_typed_ahead_keep_their_block_structure() {
    let (_dir, mut p) = session();
    // One write, no paste brackets: as from a fast typist or a terminal
    // without bracketed paste.
    p.send("function thrice(x) {\n    return x * 3;\n}\nthrice(2)\n")
        .expect("type ahead");
    p.exp_string("=> 6").expect("block and call ran");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".history").expect("send");
    p.exp_string("1  function thrice(x) {")
        .expect("block is one entry");
    p.exp_string("2  thrice(2)").expect("call is the next");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn tab_indents_at_line_start_and_after_operators_and_completes_elsewhere() {
    let (_dir, mut p) = session_with_module();
    p.send_line("import user_utils").expect("send");
    p.exp_string("ml> ").expect("prompt");
    p.send_line("function h() {").expect("send");
    p.exp_string("... ").expect("continuation");
    p.send("\t").expect("tab at line start");
    p.send_line("return 1; }").expect("send");
    p.exp_string("ml> ").expect("prompt");
    p.send("t = h() +").expect("send");
    p.send("\t").expect("tab after an operator");
    p.send_line("2").expect("send");
    p.exp_string("ml> ").expect("prompt");
    p.send_line("t").expect("send");
    p.exp_string("=> 3")
        .expect("tab indented, inserted no name");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".history").expect("send");
    p.exp_string("          return 1; }")
        .expect("four spaces of indent");
    p.exp_string("ml> ").expect("prompt");
    p.send("pri").expect("send");
    p.send("\t").expect("tab completes a builtin");
    p.send_line("(\"printed\")").expect("send");
    p.exp_string("printed").expect("print completed");
    p.exp_string("ml> ").expect("prompt");
    p.send(".watch of").expect("send");
    p.send("\t").expect("tab completes on/off");
    p.send_line("").expect("enter");
    p.exp_string("Watch mode was not on.")
        .expect(".watch off completed");
    p.exp_string("ml> ").expect("prompt");
    p.send(".modinfo user_u").expect("send");
    p.send("\t").expect("tab completes a module name");
    p.send_line("").expect("enter");
    p.exp_string("user_utils.ml").expect(".modinfo completed");
    p.exp_string("ml> ").expect("prompt");
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn start_help_and_tables_fit_an_80_column_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A long module name, still `available`: the table that used to be 83
    // columns wide.
    std::fs::write(
        dir.path()
            .join("a_module_with_a_rather_long_name_for_tables.ml"),
        "function f() { return 1; }\n",
    )
    .expect("write module");
    let (mut p, banner) = spawn_repl(dir.path(), &dir.path().join("history"), Some(80), true);
    assert_fits(&banner, 80, "start");
    p.send_line("a_variable_with_quite_a_long_name_too = \"text \" * 30")
        .expect("send");
    p.exp_string("ml> ").expect("prompt");
    for (command, expected) in [
        (".help", ".reload NAME"),
        (".modules", "rather_long"),
        (".vars", "a_variable_with"),
    ] {
        p.send_line(command).expect("send");
        let shown = p.exp_string("ml> ").expect("prompt after the command");
        assert!(shown.contains(expected), "{shown}");
        assert_fits(&decode(&shown), 80, command);
    }
    p.send_line(".exit").expect("send");
    p.exp_eof().expect("exit");
}
