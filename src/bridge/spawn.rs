//! How the Python worker is started, so that nothing an ML program can set
//! steers it: the environment is the one mlpy was started with (taken
//! before any `env.set`/`env.delete`) without `PYTHON*` variables, Python
//! runs in isolated mode (`-I`: no `PYTHON*` variables, no user site folder,
//! neither the working folder nor a script folder on `sys.path`) and
//! without writing bytecode (`-B`), and the worker's own code is passed on
//! the command line rather than read from a file a grant could reach.
//! Bridge modules' folders are then the only import roots the worker adds.

use std::ffi::OsString;
use std::process::Command;
use std::sync::OnceLock;

static LAUNCH_ENVIRONMENT: OnceLock<Vec<(OsString, OsString)>> = OnceLock::new();

/// Record the process environment as it is now, once: called when a
/// session starts and before ML code first changes a variable.
pub fn remember_launch_environment() {
    LAUNCH_ENVIRONMENT.get_or_init(|| std::env::vars_os().collect());
}

/// The environment the worker gets: mlpy's own at start, `PYTHON*` removed.
pub fn worker_environment() -> Vec<(OsString, OsString)> {
    remember_launch_environment();
    LAUNCH_ENVIRONMENT
        .get()
        .map(|vars| {
            vars.iter()
                .filter(|(k, _)| !k.to_string_lossy().starts_with("PYTHON"))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
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
