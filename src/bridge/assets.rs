//! The Python side of the bridge, carried inside the binary and written to
//! a cache folder on first use (Python imports files, not strings). The
//! folder's name holds a hash of the contents, so a new mlpy never runs an
//! old worker and an unchanged one writes nothing.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

/// The worker script's file name inside the asset folder.
pub const WORKER_SCRIPT: &str = "mlpy_bridge_worker.py";

/// Relative path and contents of every file the worker needs.
const FILES: &[(&str, &str)] = &[
    (
        WORKER_SCRIPT,
        include_str!("../../assets/bridge/mlpy_bridge_worker.py"),
    ),
    (
        "mlpy/__init__.py",
        include_str!("../../assets/bridge/mlpy/__init__.py"),
    ),
    (
        "src/__init__.py",
        include_str!("../../assets/bridge/src/__init__.py"),
    ),
    (
        "src/mlpy/__init__.py",
        include_str!("../../assets/bridge/src/mlpy/__init__.py"),
    ),
    (
        "src/mlpy/stdlib/__init__.py",
        include_str!("../../assets/bridge/src/mlpy/stdlib/__init__.py"),
    ),
    (
        "src/mlpy/stdlib/decorators.py",
        include_str!("../../assets/bridge/src/mlpy/stdlib/decorators.py"),
    ),
    (
        "src/mlpy/runtime/__init__.py",
        include_str!("../../assets/bridge/src/mlpy/runtime/__init__.py"),
    ),
    (
        "src/mlpy/runtime/capabilities.py",
        include_str!("../../assets/bridge/src/mlpy/runtime/capabilities.py"),
    ),
];

fn contents_hash() -> u64 {
    let mut h = DefaultHasher::new();
    for (path, text) in FILES {
        h.write(path.as_bytes());
        h.write(text.as_bytes());
    }
    h.finish()
}

/// `$XDG_CACHE_HOME/mlpy`, `~/.cache/mlpy`, or the temporary folder.
fn cache_root() -> PathBuf {
    let from_env = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = from_env("XDG_CACHE_HOME") {
        return dir.join("mlpy");
    }
    if let Some(home) = from_env("HOME") {
        return home.join(".cache").join("mlpy");
    }
    std::env::temp_dir().join("mlpy-cache")
}

/// The folder holding the worker script and the decorator packages,
/// written if it is not there yet.
pub fn install() -> Result<PathBuf, String> {
    let name = format!(
        "bridge-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        contents_hash()
    );
    let mut last_error = String::new();
    for root in [cache_root(), std::env::temp_dir().join("mlpy-cache")] {
        let target = root.join(&name);
        if target.join(WORKER_SCRIPT).is_file() {
            return Ok(target);
        }
        match write_atomically(&root, &target) {
            Ok(()) => return Ok(target),
            Err(e) => last_error = format!("{}: {e}", root.display()),
        }
    }
    Err(format!(
        "cannot write the Python worker files ({last_error})"
    ))
}

/// Write into a private folder and rename it into place, so two sessions
/// starting at once never see half-written files.
fn write_atomically(root: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    let staging = root.join(format!(
        ".staging-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&staging);
    for (rel, text) in FILES {
        let path = staging.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    match std::fs::rename(&staging, target) {
        Ok(()) => Ok(()),
        // Another session won the race; its files are the same.
        Err(_) if target.join(WORKER_SCRIPT).is_file() => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}
