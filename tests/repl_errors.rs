//! Errors and module figures at the REPL as a user meets them: error
//! locations numbered as `.history` numbers inputs, the source line under a
//! runtime error, and `.modules` / `.modinfo` / `module_info()` telling the
//! truth about modules that failed, were reloaded or changed on disk.

mod common;
use common::{run_mlpy, LiveRepl};
use std::path::Path;

fn piped(dir: &Path, script: &str) -> String {
    let dir_arg = dir.to_str().expect("utf-8 path");
    let out = run_mlpy(dir, &["repl", "-M", dir_arg], script, &[]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    out.stdout
}

fn live(dir: &Path) -> LiveRepl {
    LiveRepl::spawn(common::repl_command(dir))
}

/// The value of row `key` in the last `.modinfo` table among `lines`.
fn fact<'a>(lines: &'a [String], key: &str) -> &'a str {
    lines
        .iter()
        .rev()
        .find(|l| l.starts_with(&format!("│ {key} ")))
        .and_then(|l| l.split('┆').nth(1))
        .map_or("", |v| v.trim_end_matches('│').trim())
}

#[test]
fn error_locations_use_history_numbers_and_show_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = piped(dir.path(), ".help\nx = 1\nnope + x\n.history\n");
    assert!(
        out.contains(
            "Error: NameError: undefined variable 'nope'\n  at <repl:3>:1:1\n    nope + x\n    ^^^^"
        ),
        "{out}"
    );
    assert!(out.contains("   3  nope + x"), "{out}");
}

#[test]
fn a_recursion_prints_its_frame_once_with_a_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = piped(
        dir.path(),
        "function rec(n) { if (n == 0) { return 1 / 0; } return rec(n - 1); }\nrec(40)\n",
    );
    assert!(out.contains("  ... 39 more calls to rec\n"), "{out}");
    assert_eq!(out.matches("(in rec)").count(), 2, "{out}");
}

#[test]
fn a_failed_first_import_is_listed_as_failed_without_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.ml"), "x = 1;\nthrow \"boom\";\n").expect("write");
    let out = piped(
        dir.path(),
        "import bad\n.modules --type ml_source\n.modinfo bad\nmodule_info(\"bad\").error\n",
    );
    assert!(out.contains("│ bad [user] ┆ failed "), "{out}");
    let lines: Vec<String> = out.lines().map(str::to_string).collect();
    assert_eq!(fact(&lines, "Status"), "failed", "{out}");
    assert_eq!(fact(&lines, "Memory Usage"), "-", "{out}");
    assert_eq!(fact(&lines, "Compile Time"), "-", "{out}");
    assert!(fact(&lines, "Last Error").contains("boom"), "{out}");
    assert!(out.contains("Imported by (0):"), "{out}");
    assert!(out.contains("=> 'Error: boom'"), "{out}");
}

#[test]
fn reloads_of_built_in_modules_count_and_unimported_ones_say_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("util.ml"), "function f() { return 1; }\n").expect("write");
    let out = piped(
        dir.path(),
        "import math\n.reload math\n.reload math\n.modinfo math\n.reload util\n",
    );
    let lines: Vec<String> = out.lines().map(str::to_string).collect();
    assert_eq!(fact(&lines, "Reload Count"), "2", "{out}");
    assert!(
        out.contains("[OK] Module 'util' was not imported yet; loaded it now (ML source, "),
        "{out}"
    );
    assert!(out.contains("`import util` to use it"), "{out}");
}

/// The whole `.modinfo good` output (an echo after it marks its end).
fn modinfo_good(repl: &mut LiveRepl) -> Vec<String> {
    repl.write(".modinfo good");
    repl.send("\"end of modinfo\"", "=> 'end of modinfo'")
}

/// `.modinfo`'s "Source Changed" and `module_info().needs_recompilation`
/// in one state of module `good`.
fn source_changed_both_ways(repl: &mut LiveRepl) -> (String, String) {
    let info = modinfo_good(repl);
    let table = fact(&info, "Source Changed").to_string();
    let value = repl.send("module_info(\"good\").needs_recompilation", "=> ");
    (table, value.last().cloned().unwrap_or_default())
}

#[test]
fn modinfo_and_module_info_agree_in_every_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("good.ml");
    std::fs::write(&file, "function f() { return 1; }\n").expect("write");
    let mut repl = live(dir.path());
    let yes = ("yes".to_string(), "=> true".to_string());
    let no = ("no".to_string(), "=> false".to_string());

    assert_eq!(source_changed_both_ways(&mut repl), no, "never loaded");
    repl.write("import good");
    assert_eq!(source_changed_both_ways(&mut repl), no, "loaded");
    let before = modinfo_good(&mut repl);
    let memory = fact(&before, "Memory Usage").to_string();

    std::fs::write(
        &file,
        "function f() { return 2; }\nfunction g() { return 3; }\n",
    )
    .expect("edit");
    assert_eq!(source_changed_both_ways(&mut repl), yes, "edited");

    // A version that compiles but whose top level fails: the old one runs
    // on, and the figures are still the old one's.
    std::fs::write(
        &file,
        "function f() { return 4; }\nthrow \"no\";\n// a longer file\n",
    )
    .expect("break");
    repl.send(".reload good", "[FAILED]");
    assert_eq!(source_changed_both_ways(&mut repl), yes, "failed reload");
    let after = modinfo_good(&mut repl);
    assert_eq!(fact(&after, "Memory Usage"), memory, "{after:?}");
    assert_eq!(fact(&after, "Status"), "loaded (last reload failed)");
    repl.send("good.f()", "=> 1");

    std::fs::remove_file(&file).expect("remove");
    repl.send(".refresh", "Rescanned");
    assert_eq!(source_changed_both_ways(&mut repl), yes, "removed file");
}

#[test]
fn python_errors_name_their_function_and_start_at_the_users_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("pyfail.py"),
        "from mlpy import ml_module\n\ndef helper(x):\n    raise ValueError(f\"bad {x}\")\n\n\
         @ml_module(\"pyfail\")\nclass PyFail:\n    def boom(self, x):\n        return helper(x)\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("pybad.py"),
        "from mlpy import ml_module\nx = 1 / 0\n\n@ml_module(\"pybad\")\nclass PyBad:\n    pass\n",
    )
    .expect("write");
    let dir_arg = dir.path().to_str().expect("utf-8 path");
    let script = "import pyfail\npyfail.boom(3)\nimport pybad\n.lasterror\n";
    let out = run_mlpy(dir.path(), &["repl", "-E", dir_arg], script, &[]).stdout;
    assert!(
        out.contains("Error: ValueError: bad 3\n  at <repl:2>:1:1\n    pyfail.boom(3)\n    ^^^^^^\n  in Python: pyfail.py, line 4, in helper\n"),
        "{out}"
    );
    let traceback = out.split("Python traceback:").nth(1).unwrap_or_default();
    assert!(
        traceback.starts_with("\nTraceback (most recent call last):\n  File \""),
        "{out}"
    );
    assert!(
        traceback.contains("pybad.py\", line 2, in <module>"),
        "{out}"
    );
    assert!(!out.contains("<frozen"), "{out}");
}
