//! What a change on disk means for a session that watches its module
//! folders: which saved file makes a loaded module reload, which changes
//! make the registry discover the folders again, and which are nothing to
//! do. The REPL's watch mode (`repl/watch.rs`) asks [`Watch::changes`]
//! before each input and only runs the reloads and writes the lines.
//!
//! * A loaded ML module reloads when its saved file compiles to new code; a
//!   file that does not compile is reported once and its module stays
//!   broken (the old version running) until the file changes again.
//! * A loaded Python bridge reloads when its file's state (size, time)
//!   differs from the one last seen.
//! * A new or deleted module file, a folder created or removed, and any
//!   Python file (its `@ml_module` name may have changed) make the registry
//!   discover the folders again.
//!
//! Besides the watcher's events, each loaded module's file is compared with
//! what was last loaded (one `stat` each), so a save whose event has not
//! reached the watcher thread yet is not missed.

mod files;

pub use files::{instant_of, is_module_file, FileWatcher, QUIET};

use super::stamp::FileStamp;
use super::ModuleRegistry;
use crate::lang::value::ModuleKind;
use crate::lang::vm::Vm;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A change to the set of importable modules.
#[derive(Clone, Debug, PartialEq)]
pub enum Discovered {
    /// A module file appeared (or came back): importable now.
    New(String),
    /// The file of a known module was deleted; the module is marked missing.
    Deleted(String),
}

/// What the session must do about the files saved since the last look.
#[derive(Debug, Default)]
pub struct Changes {
    /// Errors the watcher met.
    pub errors: Vec<String>,
    pub discovered: Vec<Discovered>,
    /// Saved loaded modules whose file does not compile, with the
    /// compiler's message; they stay as they were.
    pub broken: Vec<(String, String)>,
    /// Loaded modules to reload, with the time compiling each took.
    pub reload: BTreeMap<String, Duration>,
}

/// A module whose latest version failed, with its file's state then.
struct Broken {
    stamp: Option<FileStamp>,
    /// The first line of the error.
    summary: String,
}

/// The watcher of one session's module folders and what it remembers
/// between inputs.
pub struct Watch {
    files: FileWatcher,
    broken: BTreeMap<String, Broken>,
    /// The file state of each loaded Python bridge module's latest import
    /// (as first seen, then at each reload): bridges have no compiled code
    /// to compare the file against.
    bridge_stamps: BTreeMap<String, Option<FileStamp>>,
}

impl Watch {
    /// Start watching the registry's ML module and Python extension paths.
    pub fn start(registry: &ModuleRegistry) -> Result<Watch, String> {
        let folders: Vec<PathBuf> = registry
            .ml_paths()
            .iter()
            .chain(registry.python_paths())
            .cloned()
            .collect();
        if !folders.iter().any(|f| f.is_dir()) {
            return Err("there are no module folders to watch (add one with -M DIR)".into());
        }
        Ok(Watch {
            files: FileWatcher::start(&folders)?,
            broken: BTreeMap::new(),
            bridge_stamps: BTreeMap::new(),
        })
    }

    /// The folders being watched.
    pub fn folders(&self) -> &[PathBuf] {
        self.files.folders()
    }

    /// Module `name` was loaded again: an earlier failure of it is over.
    pub fn reloaded(&mut self, name: &str) {
        self.broken.remove(name);
    }

    /// Reloading module `name` failed with `message`: it counts as broken
    /// until its file changes.
    pub fn failed(&mut self, registry: &ModuleRegistry, name: &str, message: &str) {
        if let Some(path) = registry.get(name).and_then(|e| e.path.clone()) {
            self.mark_broken(name, &path, message);
        }
    }

    /// The modules that are broken now, with the first line of their error.
    pub fn failures(&self) -> impl Iterator<Item = (&str, &str)> {
        self.broken
            .iter()
            .map(|(name, b)| (name.as_str(), b.summary.as_str()))
    }

    /// What changed since the last call, waiting at most `max_wait` for a
    /// file that is still being written. Discovery runs here when needed;
    /// the reloads are the caller's.
    pub fn changes(&mut self, vm: &Vm, registry: &ModuleRegistry, max_wait: Duration) -> Changes {
        let mut changes = Changes {
            errors: self.files.take_errors(),
            ..Changes::default()
        };
        self.note_unseen_edits(vm, registry);
        let paths = self.files.settled(max_wait);
        if needs_rescan(registry, &paths) {
            changes.discovered = self.rescan(registry);
        }
        self.changed_modules(vm, registry, &paths, &mut changes);
        changes
    }

    /// Note loaded modules whose file changed although the watcher has not
    /// said so yet: ML modules whose file differs from their compiled code,
    /// bridge modules whose file differs from when it was last looked at
    /// (unless that is the version known to be broken).
    fn note_unseen_edits(&mut self, vm: &Vm, registry: &ModuleRegistry) {
        for name in vm.loaded_module_names() {
            let Some(entry) = registry.get(&name) else {
                continue;
            };
            let Some(path) = &entry.path else { continue };
            if entry.is_missing() {
                continue;
            }
            let current = FileStamp::of(path);
            let changed = match entry.kind {
                ModuleKind::MlSource => entry.needs_recompilation(),
                ModuleKind::PythonBridge => match self.bridge_stamps.get(&name) {
                    Some(loaded) => *loaded != current,
                    None => {
                        self.bridge_stamps.insert(name.clone(), current);
                        false
                    }
                },
                _ => false,
            };
            let known_broken = self.broken.get(&name).is_some_and(|b| b.stamp == current);
            if !known_broken && changed {
                let modified = current.and_then(|s| s.modified);
                let when = modified.map_or_else(Instant::now, instant_of);
                self.files.note(path, when);
            }
        }
    }

    /// Discover the folders again; the modules that came and went.
    fn rescan(&mut self, registry: &ModuleRegistry) -> Vec<Discovered> {
        let state = |r: &ModuleRegistry| -> BTreeMap<String, bool> {
            r.list(None)
                .iter()
                .map(|e| (e.name.to_string(), e.is_missing()))
                .collect()
        };
        let before = state(registry);
        registry.refresh();
        let after = state(registry);
        let mut found = Vec::new();
        for (name, &missing) in &after {
            match (before.get(name), missing) {
                (None, false) | (Some(true), false) => found.push(Discovered::New(name.clone())),
                (Some(false), true) => {
                    self.broken.remove(name);
                    found.push(Discovered::Deleted(name.clone()));
                }
                _ => {}
            }
        }
        found
    }

    /// The loaded modules to reload: saved ones that compile (a broken one
    /// goes to `changes.broken` instead) and Python bridges whose file
    /// changed.
    fn changed_modules(
        &mut self,
        vm: &Vm,
        registry: &ModuleRegistry,
        paths: &[PathBuf],
        changes: &mut Changes,
    ) {
        let paths: BTreeSet<&PathBuf> = paths.iter().collect();
        for name in vm.loaded_module_names() {
            let Some(entry) = registry.get(&name) else {
                continue;
            };
            let Some(path) = entry.path.as_ref().filter(|p| paths.contains(p)) else {
                continue;
            };
            if entry.is_missing() {
                continue;
            }
            if entry.kind == ModuleKind::PythonBridge {
                // An event that arrives after the edit was already picked up
                // by its changed file state is not a second change.
                let current = FileStamp::of(path);
                let seen = self.bridge_stamps.insert(name.clone(), current);
                if seen != Some(current) || self.broken.contains_key(&name) {
                    changes.reload.insert(name, Duration::ZERO);
                }
                continue;
            }
            if entry.kind != ModuleKind::MlSource {
                changes.reload.insert(name, Duration::ZERO);
                continue;
            }
            let compilations = entry.stats().compilations;
            let started = Instant::now();
            match registry.compile_after_write(&name) {
                Err(message) => {
                    self.mark_broken(&name, path, &message);
                    changes.broken.push((name, message));
                }
                // Saved without a change (and not recovering from an error).
                Ok(_)
                    if entry.stats().compilations == compilations
                        && !self.broken.contains_key(&name) => {}
                Ok(_) => {
                    changes.reload.insert(name, started.elapsed());
                }
            }
        }
    }

    fn mark_broken(&mut self, name: &str, path: &Path, message: &str) {
        let summary = message
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(message)
            .trim()
            .to_string();
        let broken = Broken {
            stamp: FileStamp::of(path),
            summary,
        };
        self.broken.insert(name.to_string(), broken);
    }
}

/// Whether the changed paths can add or remove modules: a module file that
/// the registry does not know or whose file is gone, a folder created or
/// removed, or a Python file (its `@ml_module` name may have changed).
fn needs_rescan(registry: &ModuleRegistry, paths: &[PathBuf]) -> bool {
    if paths.is_empty() {
        return false;
    }
    let known: BTreeSet<PathBuf> = registry
        .list(None)
        .iter()
        .filter(|e| !e.is_missing())
        .filter_map(|e| e.path.clone())
        .collect();
    paths.iter().any(|p| {
        let python = p.extension().is_some_and(|e| e == "py");
        if is_module_file(p) {
            python || known.contains(p) != p.is_file()
        } else {
            p.is_dir() || !p.exists()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changes_that_can_add_or_remove_modules_mean_discovery() {
        let dir = tempfile::tempdir().expect("tempdir");
        let known = dir.path().join("known.ml");
        std::fs::write(&known, "x = 1;").expect("write");
        let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
        assert!(registry.get("known").is_some());

        assert!(!needs_rescan(&registry, &[]));
        // A saved module the registry knows: a reload, not a discovery.
        assert!(!needs_rescan(&registry, std::slice::from_ref(&known)));
        // A known module file that is gone, a module file never seen.
        std::fs::remove_file(&known).expect("remove");
        assert!(needs_rescan(&registry, &[known]));
        let new = dir.path().join("new.ml");
        std::fs::write(&new, "y = 2;").expect("write");
        assert!(needs_rescan(&registry, &[new]));
        // Any Python file: its @ml_module name may have changed.
        let bridge = dir.path().join("b.py");
        std::fs::write(&bridge, "").expect("write");
        assert!(needs_rescan(&registry, &[bridge]));
        // A folder that came, or one that went.
        let sub = dir.path().join("pkg");
        std::fs::create_dir(&sub).expect("mkdir");
        assert!(needs_rescan(&registry, &[sub]));
        assert!(needs_rescan(&registry, &[dir.path().join("gone")]));
    }
}
