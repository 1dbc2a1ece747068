//! Hostile and unlucky inputs through the real binary (issue 14): format
//! precisions, huge allocations, an address-space limit, a config file of
//! many unknown keys, Python values ML cannot hold, interrupted bridge
//! calls, symlink loops and FIFOs in module folders, a broken history file.
//! Each case must end with a clear ML error (or succeed) and exit 0, 1 or 2.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;
use common::{run_mlpy, LiveRepl, Outcome};

/// These tests start heavy processes (huge strings, a Python worker, a
/// pseudo-terminal) and some race a time limit, so they run one at a time:
/// in parallel on a small machine a setup could eat the limit it tests.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn mlpy(cwd: &Path, args: &[&str]) -> Outcome {
    run_mlpy(cwd, args, "", &[])
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write file");
}

/// A folder holding `main.ml` with `program`.
fn program(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.ml", text);
    dir
}

fn python3() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `mlpy repl -E ext` in `dir` (also its HOME), plain output.
fn bridge_repl(dir: &Path) -> LiveRepl {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mlpy"));
    command
        .args(["repl", "-E", "ext"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir);
    LiveRepl::spawn(command)
}

/// A folder with the hostile bridge module in `ext/` and `main.ml`.
fn bridge_program(text: &str) -> tempfile::TempDir {
    let dir = program(text);
    std::fs::create_dir(dir.path().join("ext")).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/robust/hostile.py");
    std::fs::copy(fixture, dir.path().join("ext/hostile.py")).unwrap();
    dir
}

#[test]
fn format_precisions_past_rusts_limit_are_exact() {
    let _one_at_a_time = serial();
    let dir = program(
        "print(len(format(1.5, \".65536f\")));\n\
         print(len(format(1.5, \".70000e\")), len(format(1.5, \"#.70000g\")));\n\
         print(len(format(0.5, \".70000%\")));\n\
         import string;\n\
         s = string.format(\"{0:.70000f}\", 1.5);\n\
         print(len(s), s[0:6], s[-3:]);\n\
         print(format(2.5, \".1200f\")[-4:], format(1e-320, \".2000e\")[0:8]);\n",
    );
    let out = mlpy(dir.path(), &["run", "main.ml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "65538\n70006 70001\n70004\n70002 1.5000 000\n0000 9.999888\n"
    );
}

#[test]
fn huge_repeats_are_memory_errors() {
    let _one_at_a_time = serial();
    let dir = program(
        "try { s = \"a\" * 100000 * 100000000; } except (e) { print(e.type); }\n\
         try { a = [1, 2] * 100000000; b = a * 100000000; } except (e) { print(e.type); }\n\
         print(\"a\" * 100000 * 100000000);\n",
    );
    let out = mlpy(dir.path(), &["run", "main.ml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "MemoryError\nMemoryError\n");
    assert!(
        out.stderr
            .contains("MemoryError: the repeated string needs 9.1 TB of memory"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_memory_budget_refuses_what_would_pass_it() {
    let _one_at_a_time = serial();
    let text = "try { s = \"ab\" * 50000000; print(len(s)); } except (e) { print(e.message); }\n\
                try { r = range(100000000); } except (e) { print(e.type); }\n\
                print(len(\"x\".ljust(1000)));\n";
    let dir = program(text);
    let out = mlpy(dir.path(), &["run", "--max-memory", "64", "main.ml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "the repeated string needs 95.4 MB of memory, which is not available (memory budget 64 MB)\nMemoryError\n1000\n"
    );
    write(dir.path(), "mlpy.json", "{\"max_memory_mb\": 64}");
    let out = mlpy(dir.path(), &["run", "main.ml"]);
    assert!(
        out.stdout.contains("(memory budget 64 MB)"),
        "{}",
        out.stdout
    );
    let out = mlpy(dir.path(), &["run", "--max-memory", "lots", "main.ml"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    write(dir.path(), "mlpy.json", "{\"max_memory_mb\": 0}");
    let out = mlpy(dir.path(), &["run", "main.ml"]);
    assert_eq!(out.code, 2);
    assert!(out
        .stderr
        .contains("'max_memory_mb' must be a whole number of megabytes"));
}

/// A link in a module folder to `/` (or any huge tree) must not make every
/// start walk the whole disk: the walk skips folders that cannot be part of
/// a module name, stops after a bounded number of entries, and says so in a
/// screenful of warnings at most.
#[cfg(unix)]
#[test]
fn a_link_to_the_root_folder_in_a_module_folder_is_walked_boundedly() {
    let _one_at_a_time = serial();
    let dir = program("import m;\nprint(m.x);\n");
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    write(&lib, "m.ml", "x = 42;\n");
    std::os::unix::fs::symlink("/", lib.join("everything")).unwrap();
    let out = mlpy(dir.path(), &["run", "-M", "lib", "main.ml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "42\n");
    let warnings = out.stderr.lines().filter(|l| l.contains("warning")).count();
    assert!(warnings <= 21, "{warnings} warnings:\n{}", out.stderr);
}

/// No single allocation here is large enough to be checked on its own; the
/// budget watch must see the total grow and stop the program, and in the
/// REPL the session must go on once the memory is let go.
#[test]
fn a_memory_budget_stops_many_small_allocations() {
    let _one_at_a_time = serial();
    let grow = "a = [];\nfor (i in range(100000000)) { a.append({n: i}); }\n";
    let dir = stopped_by_the_budget(grow);
    let session = format!("{grow}a = null;\nb = 0;\nfor (i in range(1000)) {{ b = b + i; }}\nb\n");
    let out = run_mlpy(dir.path(), &["repl", "--max-memory", "100"], &session, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("MemoryError: the memory budget"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("=> 499500"), "{}", out.stdout);
}

/// An array of plain numbers grows by appends into a buffer of its own
/// (a memory mapping past a megabyte, grown in place); the budget watch
/// must still see it grow and stop the program.
#[test]
fn a_memory_budget_stops_an_array_growing_by_appends() {
    let _one_at_a_time = serial();
    stopped_by_the_budget("a = [];\nfor (i in range(1000000000)) { a.append(i); }\n");
}

/// Runs `grow` between two prints under a 100 MB budget and checks that
/// the budget stopped it with a MemoryError; the program's folder is kept
/// for more runs.
fn stopped_by_the_budget(grow: &str) -> tempfile::TempDir {
    let dir = program(&format!("print(\"start\");\n{grow}print(\"end\");\n"));
    let out = mlpy(dir.path(), &["run", "--max-memory", "100", "main.ml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "start\n");
    assert!(
        out.stderr.contains("MemoryError: the memory budget"),
        "{}",
        out.stderr
    );
    dir
}

#[cfg(unix)]
#[test]
fn mlpy_runs_under_a_two_gigabyte_address_space_limit() {
    let _one_at_a_time = serial();
    let dir = program(
        "print(\"hi\");\nimport functional;\n\
         function f(n) { if (n == 0) { return 0; } return functional.map(function(x) { return f(n - 1); }, [1])[0] + 1; }\n\
         print(f(2000));\n\
         try { f(100000); } except (e) { print(e.type); }\n",
    );
    let script = format!(
        "ulimit -v 2000000 && exec '{}' run --max-depth 100000 main.ml",
        env!("CARGO_BIN_EXE_mlpy")
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .expect("sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout, "hi\n2000\nRecursionError\n");
}

#[test]
fn a_config_of_many_unknown_keys_is_read_in_linear_time() {
    let _one_at_a_time = serial();
    let dir = program("print(\"ok\");\n");
    let keys: Vec<String> = (0..200_000)
        .map(|i| format!("\"unknown_{i}\": {i}"))
        .collect();
    write(
        dir.path(),
        "mlpy.json",
        &format!("{{{}, \"max_call_dept\": 5}}", keys.join(",\n")),
    );
    let out = mlpy(dir.path(), &["run", "main.ml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "ok\n");
    assert_eq!(
        out.stderr.matches("unknown key '").count(),
        20,
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("199981 more unknown keys ignored"),
        "{}",
        out.stderr
    );
}

#[test]
fn python_values_ml_cannot_hold_fail_that_call_only() {
    let _one_at_a_time = serial();
    if !python3() {
        return;
    }
    let dir = bridge_program(
        "import hostile;\nprint(hostile.bump());\n\
         for (f in [hostile.huge, hostile.big, hostile.deep, hostile.base, hostile.exit, hostile.ask]) {\n\
           try { print(f()); } except (e) { print(e.type, e.message); }\n\
         }\nprint(hostile.bump());\n",
    );
    let out = mlpy(dir.path(), &["run", "-E", "ext", "main.ml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "1\n\
         OverflowError a Python int beyond 64 bits cannot be returned to ML (1329 bits)\n\
         OverflowError a Python int beyond 64 bits cannot be returned to ML (65 bits)\n\
         ValueError the result is nested deeper than 100 levels, which cannot be returned to ML\n\
         BaseException boom\n\
         SystemExit 3\n\
         EOFError EOF when reading a line\n\
         2\n"
    );
}

#[test]
fn the_run_timeout_bounds_a_bridge_call() {
    let _one_at_a_time = serial();
    if !python3() {
        return;
    }
    // The call would sleep past the 30 s bridge limit; the program's own
    // 8 s limit (room for a slow worker start) interrupts it first.
    let dir = bridge_program("import hostile;\nprint(hostile.bump());\nhostile.sleep(120);\n");
    let out = mlpy(
        dir.path(),
        &["run", "-E", "ext", "--timeout", "8", "main.ml"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "1\n");
    assert!(
        out.stderr
            .contains("TimeoutError: time limit of 8s exceeded")
            && out.stderr.contains("main.ml:3"),
        "{}",
        out.stderr
    );
}

/// Waits until `path` exists (the bridge call has started).
fn wait_for_file(path: &Path) {
    for _ in 0..2000 {
        if path.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{} never appeared", path.display());
}

#[cfg(unix)]
#[test]
fn sigint_interrupts_a_bridge_call_and_the_worker_keeps_its_state() {
    let _one_at_a_time = serial();
    if !python3() {
        return;
    }
    let dir = bridge_program("");
    let mut repl = bridge_repl(dir.path());
    repl.send("import hostile; hostile.bump()", "=> 1");
    repl.write("hostile.sleep_marked(\"started\", 60)");
    wait_for_file(&dir.path().join("started"));
    let pid = repl.pid().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    repl.read_until("KeyboardInterrupt");
    repl.send("hostile.bump()", "=> 2");
}

#[cfg(target_os = "linux")]
#[test]
fn the_worker_dies_with_mlpy() {
    let _one_at_a_time = serial();
    if !python3() {
        return;
    }
    let dir = bridge_program(
        "import hostile;\nprint(hostile.pid());\nhostile.sleep_marked(\"started\", 60);\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .args(["run", "-E", "ext", "main.ml"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_file(&dir.path().join("started"));
    // Every thread's children: the worker is started by the interpreter thread.
    let workers: Vec<String> = std::fs::read_dir(format!("/proc/{}/task", child.id()))
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("children")).ok())
        .flat_map(|s| s.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(!workers.is_empty(), "no worker process found");
    child.kill().unwrap();
    child.wait().unwrap();
    for pid in workers {
        // Dead once it is gone or a zombie waiting for its new parent.
        let mut gone = false;
        for _ in 0..2000 {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let state = state.rsplit(')').next().unwrap_or("").trim_start();
            if state.is_empty() || state.starts_with('Z') || state.starts_with('X') {
                gone = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(gone, "worker {pid} outlived mlpy");
    }
}

#[test]
fn a_restarted_worker_loads_the_last_version_that_loaded() {
    let _one_at_a_time = serial();
    if !python3() {
        return;
    }
    let dir = bridge_program("");
    let mut repl = bridge_repl(dir.path());
    repl.send("import hostile; hostile.bump()", "=> 1");
    write(dir.path(), "ext/hostile.py", "this is not python(\n");
    repl.send(".reload hostile", "hostile");
    repl.send("hostile.bump()", "=> 2");
    repl.send(
        "try { hostile.die(); } except (e) { print(e.type); }",
        "RuntimeError",
    );
    // The new worker imports the version that loaded, not the broken file.
    repl.send("hostile.bump()", "=> 1");
}

#[cfg(unix)]
#[test]
fn a_history_file_cut_mid_character_is_replaced_and_saving_goes_on() {
    let _one_at_a_time = serial();
    use rexpect::reader::Options;
    use rexpect::session::spawn_with_options;
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    std::fs::write(&history, b"#V2\nprint(1);\nx = \"\xc3").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlpy"));
    cmd.arg("repl")
        .arg("--history")
        .arg(&history)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("HOME", dir.path());
    let options = Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut p = spawn_with_options(cmd, options).expect("spawn mlpy repl on a pty");
    p.exp_string("was not valid text").expect("the warning");
    p.exp_string("ml> ").expect("first prompt");
    p.send_line("40 + 2").expect("send");
    p.exp_string("=> 42").expect("echo");
    p.send_control('d').expect("ctrl-d");
    p.exp_eof().expect("Ctrl-D leaves");
    let saved = std::fs::read_to_string(&history).expect("history is text again");
    assert!(
        saved.contains("print(1);") && saved.contains("40 + 2"),
        "{saved}"
    );
    let backup = std::fs::read(dir.path().join("history.bak")).expect("backup");
    assert!(backup.ends_with(b"\xc3"));
}

#[test]
fn symlink_loops_and_fifos_in_module_folders_neither_hang_nor_explode() {
    let _one_at_a_time = serial();
    let dir = program(
        "import m;\nprint(m.hi());\nimport path;\nprint(len(path.glob(\"lib/**/*.ml\")));\n",
    );
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("sub")).unwrap();
    std::fs::create_dir_all(dir.path().join("ext")).unwrap();
    write(&lib, "m.ml", "function hi() { return \"hi\"; }\n");
    write(&lib, "sub/n.ml", "x = 1;\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(".", lib.join("a")).unwrap();
        symlink(".", lib.join("b")).unwrap();
        symlink("..", lib.join("sub/up")).unwrap();
        symlink(".", dir.path().join("ext/a")).unwrap();
        symlink(".", dir.path().join("ext/b")).unwrap();
        for fifo in ["lib/x.ml", "ext/x.py"] {
            let status = Command::new("mkfifo")
                .arg(dir.path().join(fifo))
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
    let out = mlpy(
        dir.path(),
        &[
            "run",
            "-M",
            "lib",
            "-E",
            "ext",
            "--grant",
            "file.read",
            "main.ml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // m.ml, sub/n.ml and the FIFO x.ml, each once.
    assert_eq!(out.stdout, "hi\n3\n");
    let out = run_mlpy(
        dir.path(),
        &["repl", "-M", "lib", "-E", "ext", "--watch"],
        "import m;\nm.hi()\nimport x;\n",
        &[],
    );
    assert!(out.stdout.contains("=> 'hi'"), "{}", out.stdout);
    assert!(
        out.stdout.contains("No module named 'x'"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    assert!(
        out.stderr
            .contains("x.ml: not registered: not a regular file"),
        "{}",
        out.stderr
    );
}

/// Straight-line code of long natives: no loop or ML call ever looks at
/// the limit, so the natives themselves must.
#[test]
fn the_timeout_stops_long_natives_in_straight_line_code() {
    let _one_at_a_time = serial();
    let cases = [
        (
            "s = \"ab\" * 20000000;\n",
            "t = s.replace(\"a\", \"xyz\");\n",
        ),
        ("s = \"ab\" * 20000000;\n", "t = s.split(\"a\");\n"),
        (
            "import regex;\ns = \"ab\" * 5000000;\n",
            "t = regex.findall(\"a\", s);\n",
        ),
        (
            "import json;\ns = \"[\" + (\"1,\" * 5000000) + \"1]\";\n",
            "t = json.parse(s);\n",
        ),
        ("import file;\n", "t = file.read(\"/dev/zero\");\n"),
        ("xs = range(2000000);\n", "t = sorted(xs, true);\n"),
        ("xs = range(2000000);\n", "xs.sort(true);\n"),
        ("xs = [1] * 100000;\n", "t = xs * 200;\n"),
        (
            "import json;\nxs = [[1.5, \"a\"]] * 500000;\n",
            "t = json.stringify(xs);\n",
        ),
        (
            "import csv;\nxs = [[1, \"a\"]] * 500000;\n",
            "t = csv.write_string(xs);\n",
        ),
        (
            "import csv;\ns = \"a,b\\r\\n\" * 500000;\n",
            "t = csv.read_string(s);\n",
        ),
        ("xs = [[1.5, \"a\"]] * 500000;\n", "t = str(xs);\n"),
        ("xs = [[1.5, \"a\"]] * 500000;\n", "t = repr(xs);\n"),
    ];
    for (setup, call) in cases {
        // Enough calls that, unchecked, they would run for minutes.
        let text = format!(
            "{setup}print(\"start\");\n{}print(\"end\");\n",
            call.repeat(2000)
        );
        let dir = program(&text);
        // The limit leaves the setup room on a loaded machine (it must
        // print "start" first), and is far below what 2,000 unchecked
        // calls take.
        let out = mlpy(
            dir.path(),
            &["run", "--grant", "file.read", "--timeout", "2", "main.ml"],
        );
        assert_eq!(out.code, 1, "{call}: {}", out.stderr);
        assert_eq!(out.stdout, "start\n", "{call}");
        assert!(
            out.stderr
                .contains("TimeoutError: time limit of 2s exceeded"),
            "{call}: {}",
            out.stderr
        );
    }
}
