//! Watching the module folders for saved, new and deleted files: the
//! events, gathered per path until they settle (what they mean is decided
//! in `watch.rs`).
//!
//! A VM is single-threaded and its values are `Rc`, so the watcher thread
//! (run by the `notify` crate) never touches a module: it only notes which
//! paths had events and when. The thread that owns the VM asks for the
//! *settled* paths before it runs the next input and reloads them itself.
//!
//! Editors save in bursts — a temporary file renamed over the old one,
//! several writes, a metadata change — so a path is settled only when no
//! event for it arrived in the last [`QUIET`]. A save followed at once by an
//! input must still be seen, so [`FileWatcher::settled`] waits (at most
//! `max_wait`) for paths that are still busy.

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// How long a path must see no event before its change counts.
pub const QUIET: Duration = Duration::from_millis(50);

/// Paths with recent events, and when the latest one came.
type Pending = Arc<Mutex<HashMap<PathBuf, Instant>>>;

pub struct FileWatcher {
    /// Dropping the watcher stops its thread.
    _watcher: RecommendedWatcher,
    pending: Pending,
    errors: Arc<Mutex<Vec<String>>>,
    folders: Vec<PathBuf>,
}

impl FileWatcher {
    /// Watch `folders` and everything below them. Folders that do not exist
    /// are left out (they are reported by the configuration already); an
    /// error is returned only when nothing can be watched at all.
    pub fn start(folders: &[PathBuf]) -> Result<FileWatcher, String> {
        let pending: Pending = Arc::default();
        let errors: Arc<Mutex<Vec<String>>> = Arc::default();
        let (sink, error_sink) = (pending.clone(), errors.clone());
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<Event>| match event {
                Ok(event) => note_event(&sink, event),
                Err(e) => {
                    if let Ok(mut list) = error_sink.lock() {
                        list.push(e.to_string());
                    }
                }
            })
            .map_err(|e| format!("cannot watch files: {e}"))?;
        let mut watched = Vec::new();
        let mut failures = Vec::new();
        for folder in folders.iter().filter(|f| f.is_dir()) {
            match watcher.watch(folder, RecursiveMode::Recursive) {
                Ok(()) => watched.push(folder.clone()),
                Err(e) => failures.push(format!("cannot watch {}: {e}", folder.display())),
            }
        }
        if watched.is_empty() && !failures.is_empty() {
            return Err(failures.join("; "));
        }
        if let Ok(mut list) = errors.lock() {
            list.extend(failures);
        }
        Ok(FileWatcher {
            _watcher: watcher,
            pending,
            errors,
            folders: watched,
        })
    }

    /// The folders being watched.
    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    /// Treat `path` as changed at `when` (for a change found without an
    /// event, such as a file whose modification time moved on).
    pub fn note(&self, path: &Path, when: Instant) {
        if let Ok(mut pending) = self.pending.lock() {
            let latest = pending.entry(path.to_path_buf()).or_insert(when);
            *latest = (*latest).max(when);
        }
    }

    /// Take the paths whose last event is at least [`QUIET`] old. While some
    /// noted path is still busy, wait for it to settle, but no longer than
    /// `max_wait`; paths still busy then stay for the next call.
    pub fn settled(&self, max_wait: Duration) -> Vec<PathBuf> {
        let deadline = Instant::now() + max_wait;
        loop {
            let now = Instant::now();
            let busy_until = match self.pending.lock() {
                Ok(pending) => pending
                    .values()
                    .map(|t| *t + QUIET)
                    .filter(|t| *t > now)
                    .max(),
                Err(_) => None,
            };
            match busy_until {
                Some(until) if now < deadline => {
                    std::thread::sleep(until.min(deadline) - now);
                }
                _ => break,
            }
        }
        let now = Instant::now();
        let Ok(mut pending) = self.pending.lock() else {
            return Vec::new();
        };
        let mut ready: Vec<PathBuf> = pending
            .iter()
            .filter(|(_, t)| now.duration_since(**t) >= QUIET)
            .map(|(p, _)| p.clone())
            .collect();
        for path in &ready {
            pending.remove(path);
        }
        ready.sort();
        ready
    }

    /// Errors the watcher thread met since the last call.
    pub fn take_errors(&self) -> Vec<String> {
        self.errors
            .lock()
            .map(|mut e| std::mem::take(&mut *e))
            .unwrap_or_default()
    }
}

/// Remember the paths of an event that may change what is importable.
/// Reads and opens change nothing; files other than modules (an editor's
/// swap and backup files) are left out, but folders are kept because a new
/// or deleted folder adds or removes the modules inside it.
fn note_event(pending: &Pending, event: Event) {
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    let now = Instant::now();
    if let Ok(mut pending) = pending.lock() {
        for path in event.paths {
            if is_module_file(&path) || path.extension().is_none() {
                pending.insert(path, now);
            }
        }
    }
}

/// `.ml` and `.py` files: the two kinds of module source.
pub fn is_module_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("ml") | Some("py")
    )
}

/// The `Instant` that corresponds to a file's modification time, for
/// [`FileWatcher::note`] (a time in the future counts as now).
pub fn instant_of(modified: SystemTime) -> Instant {
    let age = SystemTime::now()
        .duration_since(modified)
        .unwrap_or_default();
    Instant::now().checked_sub(age).unwrap_or_else(Instant::now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_counts_once_its_path_is_quiet() {
        let dir = tempfile::tempdir().expect("tempdir");
        let watcher = FileWatcher::start(&[dir.path().to_path_buf()]).expect("watch");
        let old = dir.path().join("old.ml");
        watcher.note(&old, Instant::now() - Duration::from_secs(1));
        assert_eq!(watcher.settled(Duration::ZERO), vec![old]);
        assert!(watcher.settled(Duration::ZERO).is_empty(), "taken once");

        // A change noted just now is waited for, within the limit given.
        let fresh = dir.path().join("fresh.ml");
        watcher.note(&fresh, Instant::now());
        assert_eq!(watcher.settled(Duration::from_secs(5)), vec![fresh]);
    }

    #[test]
    fn missing_folders_are_left_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        let gone = dir.path().join("gone");
        let watcher = FileWatcher::start(&[gone, dir.path().to_path_buf()]).expect("watch");
        assert_eq!(watcher.folders(), [dir.path().to_path_buf()]);
    }

    #[test]
    fn only_module_files_and_folders_are_noted() {
        assert!(is_module_file(Path::new("a/b.ml")));
        assert!(is_module_file(Path::new("ext/bridge.py")));
        assert!(!is_module_file(Path::new("a/b.ml.swp")));
        assert!(!is_module_file(Path::new("a/b.ml~")));
    }
}
