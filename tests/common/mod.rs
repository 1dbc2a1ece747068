//! What the integration tests that drive mlpy share: running the binary
//! once, talking to a live REPL line by line, and running code in an
//! in-process session with captured output. Each test file uses only some
//! of these, hence the `dead_code` allowance.
#![allow(dead_code)]

#[cfg(unix)]
pub mod pty;

use mlpy::driver::{run_in_globals, SharedBuffer};
use mlpy::lang::value::Globals;
use mlpy::Vm;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// What one run of `mlpy` printed and how it ended.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Run `mlpy ARGS` in `cwd` (also its HOME, so no user history or cache is
/// touched) with `stdin` piped in, plain output, and the extra variables
/// `env`; waits for it to end.
pub fn run_mlpy(cwd: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("HOME", cwd)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mlpy");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("wait");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// `mlpy repl -M DIR` run in `dir` (also its HOME) with plain output.
pub fn repl_command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlpy"));
    cmd.arg("repl")
        .arg("-M")
        .arg(dir)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir);
    cmd
}

/// A REPL process fed one line at a time, with its output read as it
/// comes (on a thread, so a missing answer fails the test instead of
/// hanging it). Killed when dropped.
pub struct LiveRepl {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    /// Every output line so far, for failure messages.
    pub seen: Vec<String>,
}

impl LiveRepl {
    /// Start `command` (an `mlpy repl ...` already given its arguments,
    /// folder and environment) with piped stdin and stdout.
    pub fn spawn(mut command: Command) -> LiveRepl {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mlpy");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        LiveRepl {
            child,
            stdin,
            lines,
            seen: Vec::new(),
        }
    }

    /// The process id of the REPL.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Send a line without waiting for an answer.
    pub fn write(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").expect("write line");
        self.stdin.flush().expect("flush");
    }

    /// Output lines up to the first one containing `until`.
    pub fn read_until(&mut self, until: &str) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    let done = l.contains(until);
                    got.push(l);
                    if done {
                        return got;
                    }
                }
                Err(_) => panic!(
                    "no line containing {until:?}; output so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Send one line and return the output lines up to the first one
    /// containing `until`.
    pub fn send(&mut self, line: &str, until: &str) -> Vec<String> {
        self.write(line);
        self.read_until(until)
    }
}

impl Drop for LiveRepl {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run `code` in `globals` on `vm`, whose output goes to `out`: what it
/// printed, followed by the error message if it failed.
pub fn run_captured(
    vm: &mut Vm,
    globals: &std::rc::Rc<Globals>,
    out: &SharedBuffer,
    code: &str,
) -> String {
    out.0.borrow_mut().clear();
    let result = run_in_globals(vm, globals, "<test>", code, false);
    let printed = String::from_utf8_lossy(&out.0.borrow()).into_owned();
    match result {
        Ok(_) => printed,
        Err(f) => format!("{printed}{}", f.message()),
    }
}

/// `1.2ms`, `9.4KB`, `512B`, `3.0GB` become `#`; in a table row, runs of
/// spaces and rules become one.
pub fn mask_line(line: &str, table: bool) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let rest: String = chars[j..chars.len().min(j + 2)].iter().collect();
            if let Some(unit) = ["ms", "KB", "MB", "GB", "B"]
                .iter()
                .find(|u| rest.starts_with(*u))
            {
                out.push('#');
                i = j + unit.len();
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        if table && matches!(chars[i], ' ' | '─' | '═') && out.ends_with(chars[i]) {
            i += 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}
