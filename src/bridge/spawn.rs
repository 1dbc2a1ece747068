//! How the Python worker is started, so that nothing an ML program can set
//! steers it: the environment is the one mlpy was started with (taken
//! before any `env.set`/`env.delete`) without `PYTHON*` variables, Python
//! runs in isolated mode (`-I`: no `PYTHON*` variables, no user site folder,
//! neither the working folder nor a script folder on `sys.path`) and
//! without writing bytecode (`-B`), and the worker's own code is passed on
//! the command line rather than read from a file a grant could reach.
//! Bridge modules' folders are then the only import roots the worker adds.

use crate::util::launch_environment;
use std::ffi::OsString;
use std::process::Command;

/// The environment the worker gets: mlpy's own at start, `PYTHON*` removed.
pub fn worker_environment() -> Vec<(OsString, OsString)> {
    launch_environment()
        .iter()
        .filter(|(k, _)| !k.to_string_lossy().starts_with("PYTHON"))
        .cloned()
        .collect()
}

/// The command that starts the worker with `python`. `PATH` for finding
/// `python` is the launch environment's too, so a program that changes
/// `PATH` cannot substitute another executable.
pub fn worker_command(python: &str) -> Command {
    let mut command = Command::new(python);
    command
        .env_clear()
        .envs(worker_environment())
        .args(["-I", "-B", "-c"])
        .arg(super::assets::bootstrap_program());
    command
}
