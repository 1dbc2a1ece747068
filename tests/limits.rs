//! Resource limits through the real binary: `--timeout` on `run` and on
//! each REPL input (loops and loop-free recursion alike), the call depth
//! from `mlpy.json` and `--max-depth`, and Ctrl-C on a piped REPL.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

mod common;
use common::{run_mlpy, Outcome};

fn mlpy(cwd: &Path, args: &[&str], stdin: &str) -> Outcome {
    run_mlpy(cwd, args, stdin, &[])
}

fn program(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write program");
}

const FOREVER_LOOP: &str = "print(\"start\");\nwhile (true) { }\n";
/// Runs for ages without a single loop: only calls can notice the limit.
const FOREVER_RECURSION: &str =
    "function f(n) { if (n == 0) { return 0; } return f(n - 1) + f(n - 1); }\n\
                                 print(f(60));\n";
/// Catching the timeout does not buy more time.
const CATCHES_TIMEOUTS: &str =
    "while (true) { try { while (true) { } } except (e) { print(e.type); } }\n";

#[test]
fn run_timeout_stops_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    program(dir.path(), "loop.ml", FOREVER_LOOP);
    let out = mlpy(dir.path(), &["run", "--timeout", "0.2", "loop.ml"], "");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "start\n");
    assert!(
        out.stderr
            .contains("TimeoutError: time limit of 0.2s exceeded"),
        "{}",
        out.stderr
    );
}

#[test]
fn run_timeout_stops_every_shape_of_loop() {
    // A while loop jumps back from its test at the bottom, which compiles
    // to different compare-and-branch instructions by the operands; each
    // must notice the time limit (for-in loops jump back plainly).
    let loops = [
        "function f() { i = 0; while (i < 100) { i = i - 1; } } f();",
        "function f() { i = 0; while (i < 10000000) { i = i - 1; } } f();",
        "function f() { i = 0; n = 5; while (i < n) { i = i - 1; } } f();",
        "i = 0; while (i < 10) { i = i - 1; }",
        "i = 0; while (i >= 0 && true) { i = i + 1; }",
        "xs = [1]; for (x in xs) { xs.append(x); }",
        // A counted loop over the builtin range, which builds no array.
        "for (i in range(1000000000000000)) { x = i; }",
        "function f() { for (i in range(0, -1000000000000000, -1)) { } } f();",
        "while (true) { }",
        "function f() { k = 0; while (k == 0) { } } f();",
    ];
    let dir = tempfile::tempdir().unwrap();
    for (n, text) in loops.iter().enumerate() {
        let name = format!("loop{n}.ml");
        program(dir.path(), &name, text);
        let out = mlpy(dir.path(), &["run", "--timeout", "0.2", &name], "");
        assert_eq!(out.code, 1, "{text}: {}", out.stderr);
        assert!(
            out.stderr.contains("TimeoutError"),
            "{text}: {}",
            out.stderr
        );
    }
}

#[test]
fn run_timeout_stops_recursion_without_loops() {
    let dir = tempfile::tempdir().unwrap();
    program(dir.path(), "rec.ml", FOREVER_RECURSION);
    let out = mlpy(dir.path(), &["run", "--timeout", "0.2", "rec.ml"], "");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("TimeoutError"), "{}", out.stderr);
}

#[test]
fn run_timeout_stops_native_callbacks_without_loops() {
    // No ML loop and no ML recursion: only the natives' calls back into ML
    // can notice the limit.
    let dir = tempfile::tempdir().unwrap();
    program(
        dir.path(),
        "cb.ml",
        "import functional;\nr = range(100000);\n\
         functional.map(fn(i) => functional.map(fn(j) => j + i, r), r);\n",
    );
    let out = mlpy(dir.path(), &["run", "--timeout", "0.2", "cb.ml"], "");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("TimeoutError"), "{}", out.stderr);
}

#[test]
fn max_depth_counts_frames_entered_by_native_callbacks() {
    let dir = tempfile::tempdir().unwrap();
    program(
        dir.path(),
        "deep.ml",
        "import functional;\n\
         function down(n) { return functional.map(fn(x) => down(x + 1), [n]); }\n\
         function safe(n) { if (n == 0) { return 0; } \
         return functional.reduce(fn(a, x) => a + safe(n - 1), [1], 1); }\n\
         print(safe(20));\ndown(0);\n",
    );
    let out = mlpy(dir.path(), &["run", "--max-depth", "50", "deep.ml"], "");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "20\n");
    assert!(
        out.stderr
            .contains("RecursionError: maximum recursion depth exceeded"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_caught_timeout_still_ends_the_program() {
    let dir = tempfile::tempdir().unwrap();
    program(dir.path(), "catch.ml", CATCHES_TIMEOUTS);
    let out = mlpy(dir.path(), &["run", "--timeout", "0.2", "catch.ml"], "");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "TimeoutError\n");
    assert!(out.stderr.contains("TimeoutError"), "{}", out.stderr);
}

#[test]
fn a_program_that_finishes_in_time_is_unaffected() {
    let dir = tempfile::tempdir().unwrap();
    program(
        dir.path(),
        "quick.ml",
        "x = 0; for (i in range(1000)) { x = x + i; } print(x);\n",
    );
    let out = mlpy(dir.path(), &["run", "--timeout", "60", "quick.ml"], "");
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "499500\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_timeouts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    program(dir.path(), "quick.ml", "print(1);\n");
    for bad in ["0", "-1", "soon"] {
        let flag = format!("--timeout={bad}");
        let out = mlpy(dir.path(), &["run", &flag, "quick.ml"], "");
        assert_eq!(out.code, 2, "{bad}");
        assert!(out.stderr.contains("--timeout"), "{}", out.stderr);
    }
}

#[test]
fn repl_timeout_applies_to_each_input_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "x = 1\nwhile (true) {{ }}\nx + 1\n{}\nx + 2\n",
        FOREVER_RECURSION.lines().next().unwrap()
    ) + "f(60)\nx + 3\n";
    let out = mlpy(dir.path(), &["repl", "--timeout", "0.2"], &script);
    assert_eq!(out.code, 0);
    let timeouts = out
        .stdout
        .matches("Error: TimeoutError: time limit of 0.2s exceeded")
        .count();
    assert_eq!(timeouts, 2, "{}", out.stdout);
    for echo in ["=> 2", "=> 3", "=> 4"] {
        assert!(out.stdout.contains(echo), "{echo} missing:\n{}", out.stdout);
    }
}

#[test]
fn after_a_timeout_in_recursion_calls_and_the_depth_limit_work_as_before() {
    // The timeout closes the fast call path (see `vm/interrupt.rs`); the
    // next input opens it again, with the same depth limit.
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "{}function d(n) {{ if (n == 0) {{ return 0; }} return 1 + d(n - 1); }}\n\
         d(9000)\nd(20000)\nd(5)\n",
        FOREVER_RECURSION
    );
    let out = mlpy(dir.path(), &["repl", "--timeout", "0.5"], &script);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("TimeoutError: time limit of 0.5s exceeded"),
        "{}",
        out.stdout
    );
    for echo in [
        "=> 9000",
        "RecursionError: maximum recursion depth exceeded",
        "=> 5",
    ] {
        assert!(out.stdout.contains(echo), "{echo} missing:\n{}", out.stdout);
    }
}

#[test]
fn call_depth_comes_from_mlpy_json_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    program(
        dir.path(),
        "deep.ml",
        "function d(n) { if (n == 0) { return 0; } return 1 + d(n - 1); }\nprint(d(100));\n",
    );
    let out = mlpy(dir.path(), &["run", "deep.ml"], "");
    assert_eq!(out.stdout, "100\n", "{}", out.stderr);
    program(dir.path(), "mlpy.json", "{ \"max_call_depth\": 50 }");
    let out = mlpy(dir.path(), &["run", "deep.ml"], "");
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("RecursionError: maximum recursion depth exceeded"),
        "{}",
        out.stderr
    );
    let out = mlpy(dir.path(), &["run", "--max-depth", "500", "deep.ml"], "");
    assert_eq!(out.stdout, "100\n", "{}", out.stderr);
    let out = mlpy(dir.path(), &["config"], "");
    assert!(
        out.stdout.contains("max_call_depth = 50  [file]"),
        "{}",
        out.stdout
    );
    let out = mlpy(
        dir.path(),
        &["repl", "--max-depth", "20"],
        "function d(n) { if (n == 0) { return 0; } return 1 + d(n - 1); }\nd(10)\nd(30)\n",
    );
    assert!(out.stdout.contains("=> 10"), "{}", out.stdout);
    assert!(out.stdout.contains("RecursionError"), "{}", out.stdout);
}

#[test]
fn bad_call_depths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    program(dir.path(), "p.ml", "print(1);\n");
    let out = mlpy(dir.path(), &["run", "--max-depth", "0", "p.ml"], "");
    assert_eq!(out.code, 2);
    program(
        dir.path(),
        "mlpy.json",
        "{\n  \"max_call_depth\": \"deep\"\n}",
    );
    let out = mlpy(dir.path(), &["run", "p.ml"], "");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("mlpy.json:2:3: 'max_call_depth' must be a whole number"),
        "{}",
        out.stderr
    );
}

/// SIGINT to a piped REPL stuck in a tight loop interrupts the loop, and
/// the next input runs.
#[cfg(unix)]
#[test]
fn ctrl_c_interrupts_a_tight_loop_in_a_piped_repl() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .arg("repl")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("HOME", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mlpy");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |want: &str| -> bool {
        rx.recv_timeout(Duration::from_secs(20))
            .is_ok_and(|line| line.contains(want))
    };
    // The echo proves the session (and its Ctrl-C handler) is up.
    writeln!(stdin, "1").unwrap();
    assert!(wait_for("=> 1"));
    writeln!(stdin, "while (true) {{ }}").unwrap();
    stdin.flush().unwrap();
    // A signal sent before the loop starts is forgotten when the input
    // begins, so keep sending until the loop reports the interruption.
    let mut interrupted = false;
    for _ in 0..100 {
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) if line.contains("KeyboardInterrupt") => {
                interrupted = true;
                break;
            }
            _ => {}
        }
    }
    assert!(interrupted, "no KeyboardInterrupt");
    writeln!(stdin, "40 + 2").unwrap();
    let mut answered = false;
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(20)) {
        if line.contains("=> 42") {
            answered = true;
            break;
        }
    }
    assert!(answered, "the session did not go on");
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}
