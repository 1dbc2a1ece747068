//! What the integration tests that drive the real `mlpy` binary share.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

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
