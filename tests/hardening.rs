//! Hostile input for `mlpy run` and a piped `mlpy repl`: random bytes and
//! pathological programs. Each must end in an error or a result, never a
//! panic or a death by signal, and the REPL must answer the next line.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// What a run left behind, with the checks every hostile input must pass.
struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
}

impl Outcome {
    fn from(out: Output, what: &str) -> Outcome {
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // `code()` is `None` when a signal (stack overflow, abort) killed it.
        let Some(code) = out.status.code() else {
            panic!(
                "{what}: killed by {:?}; stderr:\n{}",
                out.status,
                tail(&stderr)
            );
        };
        for text in [&stdout, &stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("internal error"),
                "{what}: the interpreter failed:\n{}",
                tail(text)
            );
        }
        Outcome {
            stdout,
            stderr,
            code,
        }
    }
}

/// The end of a possibly huge output, for failure messages.
fn tail(text: &str) -> &str {
    let mut from = text.len().saturating_sub(2000);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

fn mlpy(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlpy"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Pipe `input` into `mlpy repl` in `dir`.
fn repl_in(dir: &Path, input: &[u8]) -> Outcome {
    let mut child = mlpy(dir)
        .args(["repl", "-M"])
        .arg(dir)
        .spawn()
        .expect("start mlpy");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // A separate writer: the REPL answers while it reads, and a full output
    // pipe must not block it while this side is still writing.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for mlpy");
    writer.join().expect("writer");
    Outcome::from(out, "mlpy repl")
}

/// Pipe `input` and then a line proving the session still works.
fn repl_survives(input: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut all = input.to_vec();
    all.extend_from_slice(b"\nprint(\"alive\");\n");
    let outcome = repl_in(dir.path(), &all);
    assert_eq!(
        outcome.code,
        0,
        "repl exit code; stdout:\n{}",
        tail(&outcome.stdout)
    );
    assert!(
        outcome.stdout.ends_with("alive\n"),
        "the session did not go on; stdout ends:\n{}",
        tail(&outcome.stdout)
    );
    outcome
}

/// Write `program` to a file and `mlpy run` it.
fn run_program(program: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("hostile.ml");
    std::fs::write(&file, program).expect("write program");
    let out = mlpy(dir.path())
        .arg("run")
        .arg(&file)
        .stdin(Stdio::null())
        .output()
        .expect("run mlpy");
    Outcome::from(out, "mlpy run")
}

/// A fixed-seed xorshift generator: the same bytes on every run.
struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u8
    }

    fn take(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next()).collect()
    }
}

#[test]
fn random_bytes_into_the_repl() {
    // Every byte value, so invalid UTF-8, NUL and other control characters.
    let bytes = Bytes(0x9E37_79B9_7F4A_7C15).take(300_000);
    assert!(std::str::from_utf8(&bytes).is_err());
    let outcome = repl_survives(&bytes);
    assert!(
        outcome.stdout.contains("SyntaxError"),
        "{}",
        tail(&outcome.stdout)
    );
}

#[test]
fn random_text_into_the_repl_and_run() {
    // Valid UTF-8 this time (so it reaches the parser as a whole file), in
    // short lines from an alphabet dense in ML's own punctuation.
    let alphabet = b"{}[]()\"'`\\/*+-=<>!&|;:,.?0123456789abcxyz \t\r\x00\x07\x1b\x7f";
    let mut random = Bytes(42);
    let text: Vec<u8> = (0..200_000)
        .map(|i| match i % 61 {
            60 => b'\n',
            _ => alphabet[random.next() as usize % alphabet.len()],
        })
        .collect();
    repl_survives(&text);
    let run = run_program(&text);
    assert_eq!(
        run.code,
        2,
        "a syntax error; stderr:\n{}",
        tail(&run.stderr)
    );
}

#[test]
fn invalid_utf8_program_file_is_an_error() {
    let run = run_program(b"print(\"\xff\xfe\");\n");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
}

/// A program too deep to parse: an error for `run`, and the REPL goes on.
fn too_deep(program: String) {
    let run = run_program(program.as_bytes());
    assert_eq!(run.code, 2, "{}", tail(&run.stderr));
    assert!(
        run.stderr.contains("nested too deeply"),
        "{}",
        tail(&run.stderr)
    );
    let repl = repl_survives(program.as_bytes());
    assert!(
        repl.stdout.contains("nested too deeply"),
        "{}",
        tail(&repl.stdout)
    );
}

#[test]
fn a_hundred_thousand_nested_brackets() {
    let n = 100_000;
    too_deep(format!("x = {}{};", "[".repeat(n), "]".repeat(n)));
    too_deep(format!("x = {}1{};", "(".repeat(n), ")".repeat(n)));
    too_deep(format!("x = {}1{};", "{a: ".repeat(n), "}".repeat(n)));
    too_deep(format!("{}{}", "if (true) {".repeat(n), "}".repeat(n)));
}

#[test]
fn unclosed_brackets_are_an_error_at_the_end_of_input() {
    let program = "[".repeat(100_000);
    let run = run_program(program.as_bytes());
    assert_eq!(run.code, 2, "{}", tail(&run.stderr));
    // In the REPL an unclosed bracket waits for more lines; at the end of
    // input the unfinished text is reported, and the exit is normal.
    let dir = tempfile::tempdir().expect("tempdir");
    let repl = repl_in(dir.path(), program.as_bytes());
    assert_eq!(repl.code, 0);
    assert!(
        repl.stdout.contains("SyntaxError"),
        "{}",
        tail(&repl.stdout)
    );
}

#[test]
fn a_ten_megabyte_string_literal() {
    let program = format!("s = \"{}\";\nprint(len(s));\n", "x".repeat(10_000_000));
    let run = run_program(program.as_bytes());
    assert_eq!((run.code, run.stdout.as_str()), (0, "10000000\n"));
    let repl = repl_survives(program.as_bytes());
    assert!(
        repl.stdout.starts_with("10000000\n"),
        "{}",
        tail(&repl.stdout)
    );
}

#[test]
fn a_million_element_array_literal() {
    let items = vec!["7"; 1_000_000].join(",");
    let program = format!("a = [{items}];\nprint(len(a), a[999999]);\n");
    let run = run_program(program.as_bytes());
    assert_eq!((run.code, run.stdout.as_str()), (0, "1000000 7\n"));
    let repl = repl_survives(program.as_bytes());
    assert!(
        repl.stdout.starts_with("1000000 7\n"),
        "{}",
        tail(&repl.stdout)
    );
}

#[test]
fn a_very_long_line() {
    // A hundred thousand statements on one line, then an error at its end.
    let line = "x = 1; ".repeat(100_000);
    let program = format!("{line}print(x);\n");
    assert_eq!(run_program(program.as_bytes()).stdout, "1\n");
    let broken = format!("{line}x = = 2;\n");
    let run = run_program(broken.as_bytes());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(":1:700005: SyntaxError"),
        "{}",
        tail(&run.stderr)
    );
    repl_survives(broken.as_bytes());
}

/// A long-lived piped session, for tests that change files between lines.
struct Live {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    lines: Receiver<String>,
}

impl Live {
    fn start(dir: &Path) -> Live {
        let mut child = mlpy(dir)
            .args(["repl", "-M"])
            .arg(dir)
            .stderr(Stdio::null())
            .spawn()
            .expect("start mlpy");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Live {
            child,
            stdin,
            lines,
        }
    }

    /// Send `line`; return the output up to the first line holding `until`.
    fn send(&mut self, line: &str, until: &str) -> String {
        writeln!(self.stdin, "{line}").expect("write line");
        self.stdin.flush().expect("flush");
        let mut got = String::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(l) => {
                    got.push_str(&l);
                    got.push('\n');
                    if l.contains(until) {
                        return got;
                    }
                }
                Err(_) => panic!("no {until:?} after {line:?}; got:\n{got}"),
            }
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_module_whose_top_level_throws_can_be_fixed_and_imported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let module = dir.path().join("shaky.ml");
    std::fs::write(&module, "ready = 1;\nthrow \"top level fails\";\n").expect("write");
    let mut repl = Live::start(dir.path());
    let failed = repl.send("import shaky", "shaky.ml:2:1");
    assert!(failed.contains("top level fails"), "{failed}");
    repl.send("print(\"alive\");", "alive");
    // The failed import bound nothing.
    repl.send("typeof(shaky)", "NameError");
    let reload = repl.send(".reload shaky", "shaky.ml:2:1");
    assert!(
        reload.contains("[FAILED] Module 'shaky' was not reloaded; it is still not loaded"),
        "{reload}"
    );

    std::fs::write(&module, "ready = 2;\n").expect("fix");
    repl.send("import shaky\nshaky.ready", "=> 2");
}

/// Output shared with the thread that raises the interrupt, so that it can
/// wait for the program to say it is ready instead of guessing with a sleep.
#[derive(Clone, Default)]
struct WatchedOutput(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for WatchedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Run `src` in-process and raise the interrupt flag (as Ctrl-C does) once
/// it has printed `ready` (the line is removed from the returned output);
/// returns what it printed and its error.
fn interrupted(src: &str) -> (String, String) {
    use mlpy::driver::{on_interpreter_thread, run_source};
    use mlpy::lang::diagnostics::SourceFile;
    use std::sync::atomic::Ordering;
    let file = SourceFile::new("t.ml", src);
    on_interpreter_thread(move || {
        let output = WatchedOutput::default();
        let mut vm = mlpy::Vm::with_output(Box::new(output.clone()));
        let flag = vm.interrupt_flag();
        let watched = output.clone();
        // Raising the flag before the program reaches the code under test
        // would stop it somewhere else: wait for its own signal.
        std::thread::spawn(move || loop {
            if watched.0.lock().unwrap().starts_with(b"ready\n") {
                flag.store(true, Ordering::Relaxed);
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        });
        let failure = run_source(&mut vm, &file).expect_err("interrupted");
        drop(vm);
        let out = String::from_utf8_lossy(&output.0.lock().unwrap()).into_owned();
        let out = out.strip_prefix("ready\n").unwrap_or(&out).to_string();
        (out, failure.message().to_string())
    })
    .expect("interpreter thread")
}

#[test]
fn an_interrupt_stops_recursion_that_never_loops() {
    // A call tree with no backward jump: only calls can notice the flag.
    let (_, error) = interrupted(
        "print(\"ready\");\nfunction grow(n) { if (n > 60) { return 0; } return grow(n + 1) + grow(n + 1); }\ngrow(0);",
    );
    assert!(
        error.starts_with("Error: KeyboardInterrupt: interrupted"),
        "{error}"
    );
}

#[test]
fn an_interrupt_stops_recursion_through_method_fields() {
    // The same without loops, through `o.f(...)`, whose fast call entry
    // tests the flag as `f(...)`'s does.
    let (_, error) = interrupted(
        "print(\"ready\");\no = {};\no.grow = function(n) { if (n > 60) { return 0; } return o.grow(n + 1) + o.grow(n + 1); };\no.grow(0);",
    );
    assert!(
        error.starts_with("Error: KeyboardInterrupt: interrupted"),
        "{error}"
    );
}

#[test]
fn an_interrupt_can_be_seen_by_except_but_not_swallowed() {
    // The flag stays raised until the program ends: the handler runs once,
    // then the next backward jump raises the interrupt again, outside it.
    let (out, error) = interrupted(
        r#"
        print("ready");
        while (true) {
            try {
                try { while (true) {} } finally { print("cleanup"); }
            } except (e) {
                print("caught", e);
            }
        }
        "#,
    );
    assert!(
        error.starts_with("Error: KeyboardInterrupt: interrupted"),
        "{error}"
    );
    assert!(out.starts_with("cleanup\ncaught "), "{out}");
    assert_eq!(out.matches("caught").count(), 1, "{out}");
}
