//! `mlpy repl` driven through piped stdin, as a user's script would: lines
//! go in one at a time, and the live tests wait for each answer before
//! changing module files, so they exercise reading input as it arrives.

mod common;
use common::LiveRepl;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn mlpy(dir: &Path) -> Command {
    common::repl_command(dir)
}

/// Run a whole script through the REPL; returns (stdout, exit code).
fn transcript(dir: &Path, script: &str) -> (String, i32) {
    let mut child = mlpy(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mlpy");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(script.as_bytes()).expect("write script");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (stdout, out.status.code().unwrap_or(-1))
}

fn run(script: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, code) = transcript(dir.path(), script);
    assert_eq!(code, 0, "exit code; output:\n{out}");
    out
}

#[test]
fn echoes_values_by_the_rules_of_spec_6_4() {
    let out = run("1 + 2\n\"a\"\nnull\nx = 5\nx\nprint(\"hi\")\n[1, \"b\", true]\n");
    assert_eq!(out, "=> 3\n=> 'a'\n=> 5\nhi\n=> [1, 'b', true]\n");
}

#[test]
fn multi_line_input_continues_until_the_parser_is_satisfied() {
    let out =
        run("function twice(a) {\n  return a * 2;\n}\ntwice(21)\nxs = [1,\n  2,\n  3]\nlen(xs)\n");
    assert_eq!(out, "=> 42\n=> 3\n");
}

#[test]
fn errors_are_printed_and_the_session_goes_on() {
    let out = run("nope + 1\nx = = 1;\nthrow \"boom\";\n1 / 0\ny = 7\ny\n");
    assert!(
        out.contains("Error: NameError: undefined variable 'nope'\n  at <repl:1>:1:1"),
        "{out}"
    );
    assert!(out.contains("<repl:2>:1:5: SyntaxError"), "{out}");
    assert!(out.contains("Error: Error: boom"), "{out}");
    assert!(out.contains("ZeroDivisionError"), "{out}");
    assert!(out.ends_with("=> 7\n"), "{out}");
}

#[test]
fn unfinished_input_at_end_is_reported_and_exit_is_zero() {
    let out = run("x = [1,\n");
    assert!(out.contains("SyntaxError"), "{out}");
}

#[test]
fn exit_stops_reading() {
    let out = run("1\n.exit\n2\n");
    assert_eq!(out, "=> 1\n");
    let out = run(".quit\n2\n");
    assert_eq!(out, "");
}

#[test]
fn dot_command_mistakes_give_usage_and_suggestions() {
    let out = run(".modlues\n.reload\n.modules --type ml_sorce\n.vars extra\n");
    assert!(out.contains("did you mean .modules?"), "{out}");
    assert!(out.contains("usage: .reload NAME"), "{out}");
    assert!(out.contains("did you mean ml_source?"), "{out}");
    assert!(out.contains("usage: .vars"), "{out}");
}

#[test]
fn help_vars_history_clear_and_config() {
    let out = run(".help\nx = 1\n.vars\n.history\n.clear\nx\n.config\n");
    assert!(out.contains(".modinfo NAME"), "{out}");
    assert!(out.contains("│ x    ┆ number ┆ 1     │"), "{out}");
    assert!(out.contains("   2  x = 1\n"), "{out}");
    assert!(out.contains("Cleared all variables"), "{out}");
    assert!(out.contains("NameError: undefined variable 'x'"), "{out}");
    assert!(out.contains("ml_module_paths = "), "{out}");
}

#[test]
fn module_reports_show_imported_modules() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("algorithms")).expect("mkdir");
    std::fs::write(
        dir.path().join("algorithms/sorting.ml"),
        "import math;\nfunction smallest(xs) { return math.min(xs); }\n",
    )
    .expect("write");
    let script = "import algorithms.sorting\n.modules\n.modules --type builtin\n\
                  .modinfo algorithms.sorting\n.modinfo algorithms.sortin\n.perfmon\n.memreport\n";
    let (out, code) = transcript(dir.path(), script);
    assert_eq!(code, 0);
    assert!(out.contains("ML Source Modules (1):"), "{out}");
    assert!(
        out.contains("│ algorithms.sorting [user] ┆ loaded"),
        "{out}"
    );
    assert!(out.contains("Built-in Modules ("), "{out}");
    assert!(out.contains("- smallest(xs)"), "{out}");
    assert!(out.contains("- math (built-in)"), "{out}");
    assert!(out.contains("did you mean algorithms.sorting?"), "{out}");
    assert!(out.contains("Module Performance Report"), "{out}");
    assert!(
        out.contains("- Slowest module: algorithms.sorting"),
        "{out}"
    );
    assert!(out.contains("Memory Usage Report"), "{out}");
    assert!(out.contains("Process resident memory: "), "{out}");
}

/// A REPL on module folder `dir`, fed one line at a time.
fn live(dir: &Path) -> LiveRepl {
    LiveRepl::spawn(mlpy(dir))
}

#[test]
fn editing_a_module_between_lines_and_reloading_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let module = dir.path().join("greeter.ml");
    std::fs::write(&module, "function greet(n) { return \"hello \" + n; }\n").expect("write");
    let mut repl = live(dir.path());
    // `import` echoes nothing; the next line's answer shows it is done.
    repl.write("import greeter");
    repl.send("greeter.greet(\"ann\")", "=> 'hello ann'");

    std::fs::write(
        &module,
        "function greet(n) { return \"good morning, \" + n; }\n",
    )
    .expect("rewrite");
    let ok = repl.send(".reload greeter", "[OK]");
    assert!(
        ok.last().is_some_and(
            |l| l.starts_with("[OK] Module 'greeter' reloaded (ML source, ")
                && l.ends_with(", recompiled): ~greet")
        ),
        "{ok:?}"
    );
    repl.send("greeter.greet(\"ann\")", "=> 'good morning, ann'");

    // A broken edit: the reload fails and the previous version stays.
    std::fs::write(&module, "function greet(n) { return ; ;; }}\n").expect("break");
    let failed = repl.send(".reload greeter", "SyntaxError");
    assert!(
        failed
            .iter()
            .any(|l| l.starts_with("[FAILED] Module 'greeter'")),
        "{failed:?}"
    );
    repl.send("greeter.greet(\"bob\")", "=> 'good morning, bob'");
    let info = repl.send(".modinfo greeter", "Reload Count");
    assert!(info.last().is_some_and(|l| l.contains("┆ 1")), "{info:?}");

    // A new file appears: .refresh finds it and it can be imported.
    std::fs::write(dir.path().join("extra.ml"), "answer = 42;\n").expect("new file");
    repl.send(".refresh", "+ extra");
    repl.write("import extra");
    repl.send("extra.answer", "=> 42");
}

#[test]
fn reload_unchanged_and_reloadall() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.ml"), "v = 1;\n").expect("write");
    let out = run_in(
        dir.path(),
        "import a\n.reload a\n.reloadall\n.reload nosuch\n",
    );
    assert!(
        out.contains("[OK] Module 'a' reloaded (ML source, "),
        "{out}"
    );
    assert!(out.contains(", unchanged)"), "{out}");
    assert_eq!(out.matches("[OK] Module 'a'").count(), 2, "{out}");
    assert!(out.contains("Error: no module named 'nosuch'"), "{out}");
}

fn run_in(dir: &Path, script: &str) -> String {
    let (out, code) = transcript(dir, script);
    assert_eq!(code, 0, "{out}");
    out
}

#[test]
fn the_bundled_examples_work_at_the_repl() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ml_libs");
    let script = "import user_utils\nuser_utils.greet(\"Ada\")\n\
                  user_utils.word_count(\"the cat and the hat\")\n\
                  import algorithms.graph.bfs\n\
                  g = {a: [\"c\", \"b\"], b: [\"d\"], c: [\"d\"], d: []}\n\
                  algorithms.graph.bfs.shortest_path(g, \"a\", \"d\")\n\
                  algorithms.graph.bfs.reachable(g, \"b\")\n\
                  import data_processing\ndata_processing.median([3, 1, 4, 1, 5])\n\
                  .modinfo algorithms.graph.bfs\n";
    let out = run_in(&examples, script);
    let expected = "=> 'Hello, Ada!'\n=> {'the': 2, 'cat': 1, 'and': 1, 'hat': 1}\n\
                    => ['a', 'c', 'd']\n=> ['b', 'd']\n=> 3\n";
    assert!(out.starts_with(expected), "{out}");
    assert!(out.contains("- algorithms.sorting (ML source)"), "{out}");
}

#[test]
fn reloading_a_builtin_module_says_nothing_of_compiling() {
    let out = run("import math\n.reload math\nmath.sqrt(16)\n");
    assert!(
        out.starts_with("[OK] Module 'math' reloaded (built-in, "),
        "{out}"
    );
    assert!(out.contains("ms)\n=> 4.0\n"), "{out}");
}

#[test]
fn built_in_modules_show_their_load_time() {
    let out = run("import math\n.modules --type builtin\n");
    let math = out.lines().find(|l| l.starts_with("│ math ")).unwrap_or("");
    assert!(math.contains("┆ loaded    ┆ load "), "{out}");
}

#[test]
fn discovery_warnings_are_shown_when_the_session_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("data-tools.ml"), "x = 1;\n").unwrap();
    let out = mlpy(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("run mlpy");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: ") && stderr.contains("data-tools.ml"),
        "{stderr}"
    );
}

#[test]
fn underscore_holds_the_last_value_shown() {
    let out = run("6 * 7\n_ + 1\nnull\n_\nx = 3\n_ * 2\n");
    // `null` shows nothing and so leaves `_` alone, as an assignment does.
    assert_eq!(out, "=> 42\n=> 43\n=> 43\n=> 86\n");
}

#[test]
fn mlpy_alone_starts_the_repl_and_mlpy_file_runs_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("hello.ml");
    std::fs::write(&file, "print(\"hello\", 6 * 7);\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .arg(&file)
        .arg("there")
        .output()
        .expect("run mlpy FILE");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello 42\n");
    assert!(out.status.success());

    let mut child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start mlpy");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"20 + 22\n").expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "=> 42\n");
    assert!(out.status.success());
}

/// The README's first session, pasted line by line as shown, gives the
/// values the README shows and no error.
#[test]
fn the_readme_first_session_runs_as_shown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let session = readme
        .split("A first session")
        .nth(1)
        .and_then(|rest| rest.split("```\n").nth(1))
        .expect("the first session's block");
    let inputs: String = session
        .lines()
        .filter_map(|l| l.strip_prefix("ml> "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .args([
            "repl",
            "-M",
            "examples/ml_libs",
            "-E",
            "examples/extensions",
        ])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mlpy");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(inputs.as_bytes()).expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(!out.contains("Error"), "{out}");
    let shown: Vec<&str> = session.lines().filter(|l| l.starts_with("=> ")).collect();
    let got: Vec<&str> = out.lines().filter(|l| l.starts_with("=> ")).collect();
    assert_eq!(got, shown, "{out}");
}
