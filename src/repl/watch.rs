//! Watch mode (`mlpy repl --watch`, `.watch on`): before each input the
//! session catches up with the files saved since the last one.
//!
//! * A saved module that is loaded is recompiled and reloaded (with the
//!   modules that import it, unless `watch_reload_dependents` is false),
//!   one `[watch] reloaded ...` line each.
//! * New files become importable and deleted ones are marked missing.
//! * A file that no longer compiles (or whose top level fails) keeps the
//!   old version running, and a warning is repeated before every input
//!   until the file is fixed: a message shown once scrolls away unseen.
//!
//! Besides the watcher's events, the loaded ML modules' files are compared
//! with their compiled code before each input (one `stat` each), so a save
//! whose event has not reached the watcher thread yet is not missed.

use crate::lang::value::ModuleKind;
use crate::lang::vm::Vm;
use crate::registry::reload::{reload_chain, ChainReport};
use crate::registry::stamp::FileStamp;
use crate::registry::watch::{instant_of, is_module_file, FileWatcher};
use crate::registry::ModuleRegistry;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long an input may wait for a file that is still being written.
const MAX_WAIT: Duration = Duration::from_millis(250);

pub struct WatchMode {
    watcher: FileWatcher,
    follow_dependents: bool,
    /// Modules whose latest version failed, with the file's state then.
    broken: BTreeMap<String, Broken>,
    /// The file state of each loaded Python bridge module's latest import
    /// (as first seen, then at each reload): bridges have no compiled code
    /// to compare the file against.
    bridge_stamps: BTreeMap<String, Option<FileStamp>>,
}

struct Broken {
    stamp: Option<FileStamp>,
    /// The first line of the error, repeated before each input.
    summary: String,
}

impl WatchMode {
    /// Start watching the registry's ML module and Python extension paths.
    pub fn start(registry: &ModuleRegistry, follow_dependents: bool) -> Result<WatchMode, String> {
        let folders: Vec<PathBuf> = registry
            .ml_paths()
            .iter()
            .chain(registry.python_paths())
            .cloned()
            .collect();
        if !folders.iter().any(|f| f.is_dir()) {
            return Err("there are no module folders to watch (add one with -M DIR)".into());
        }
        Ok(WatchMode {
            watcher: FileWatcher::start(&folders)?,
            follow_dependents,
            broken: BTreeMap::new(),
            bridge_stamps: BTreeMap::new(),
        })
    }

    /// One line for `.watch`: what is watched and how.
    pub fn describe(&self) -> String {
        let folders: Vec<String> = self
            .watcher
            .folders()
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        let dependents = if self.follow_dependents {
            "saved modules are reloaded with the modules that import them"
        } else {
            "saved modules are reloaded alone (watch_reload_dependents is false)"
        };
        format!("Watching {}; {dependents}.", folders.join(", "))
    }

    /// A module was reloaded by hand: its earlier failure is over.
    pub fn forget_failure(&mut self, name: &str) {
        self.broken.remove(name);
    }

    /// Bring the session up to date with the files saved since the last
    /// input; returns the lines to show before the input runs.
    pub fn before_input(&mut self, vm: &mut Vm, registry: &ModuleRegistry) -> Vec<String> {
        let mut out: Vec<String> = self
            .watcher
            .take_errors()
            .into_iter()
            .map(|e| format!("[watch] warning: {e}"))
            .collect();
        self.note_unseen_edits(vm, registry);
        let paths = self.watcher.settled(MAX_WAIT);
        if needs_rescan(registry, &paths) {
            out.extend(self.rescan(registry));
        }
        let mut reported = BTreeSet::new();
        let compiled = self.changed_modules(vm, registry, &paths, &mut out, &mut reported);
        if !compiled.is_empty() {
            let roots: Vec<String> = compiled.keys().cloned().collect();
            let chain = reload_chain(vm, registry, &roots, self.follow_dependents);
            out.extend(self.describe_chain(registry, &chain, &compiled, &mut reported));
            vm.flush();
        }
        for (name, broken) in &self.broken {
            if !reported.contains(name) {
                out.push(format!(
                    "[watch] warning: {name} failed to reload; its previous version stays in use \
                     until this is fixed:\n  {}",
                    broken.summary
                ));
            }
        }
        out
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
                self.watcher.note(path, when);
            }
        }
    }

    /// Rescan the folders; report new modules and deleted files.
    fn rescan(&mut self, registry: &ModuleRegistry) -> Vec<String> {
        let state = |r: &ModuleRegistry| -> BTreeMap<String, bool> {
            r.list(None)
                .iter()
                .map(|e| (e.name.to_string(), e.is_missing()))
                .collect()
        };
        let before = state(registry);
        registry.refresh();
        let after = state(registry);
        let mut out = Vec::new();
        for (name, &missing) in &after {
            match (before.get(name), missing) {
                (None, false) | (Some(true), false) => {
                    out.push(format!("[watch] new module {name} (import it to use it)"));
                }
                (Some(false), true) => {
                    self.broken.remove(name);
                    out.push(format!(
                        "[watch] the file of module {name} was deleted; it is marked missing \
                         (a loaded version stays in use)"
                    ));
                }
                _ => {}
            }
        }
        out
    }

    /// The loaded modules to reload, with the time their compilation took:
    /// saved ones that compile (a broken one is reported here and left out)
    /// and Python bridges whose file changed.
    fn changed_modules(
        &mut self,
        vm: &Vm,
        registry: &ModuleRegistry,
        paths: &[PathBuf],
        out: &mut Vec<String>,
        reported: &mut BTreeSet<String>,
    ) -> BTreeMap<String, Duration> {
        let paths: BTreeSet<&PathBuf> = paths.iter().collect();
        let mut roots = BTreeMap::new();
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
                    roots.insert(name, Duration::ZERO);
                }
                continue;
            }
            if entry.kind != ModuleKind::MlSource {
                roots.insert(name, Duration::ZERO);
                continue;
            }
            let compilations = entry.stats().compilations;
            let started = Instant::now();
            match registry.compile_after_write(&name) {
                Err(message) => {
                    out.push(format!(
                        "[watch] {name} was not reloaded: its file has errors; \
                         the previous version stays in use\n{message}"
                    ));
                    self.mark_broken(&name, path, &message);
                    reported.insert(name);
                }
                // Saved without a change (and not recovering from an error).
                Ok(_)
                    if entry.stats().compilations == compilations
                        && !self.broken.contains_key(&name) => {}
                Ok(_) => {
                    roots.insert(name, started.elapsed());
                }
            }
        }
        roots
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

    /// The `[watch]` lines for a reload chain; failures become warnings
    /// that repeat until the file changes.
    fn describe_chain(
        &mut self,
        registry: &ModuleRegistry,
        chain: &ChainReport,
        compile_times: &BTreeMap<String, Duration>,
        reported: &mut BTreeSet<String>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut dependents = Vec::new();
        let mut dependents_time = Duration::ZERO;
        for step in &chain.steps {
            match &step.outcome {
                Ok(done) if step.dependent => {
                    self.broken.remove(&step.name);
                    dependents.push(step.name.clone());
                    dependents_time += done.report.took;
                }
                Ok(done) => {
                    self.broken.remove(&step.name);
                    let compiling = compile_times.get(&step.name).copied().unwrap_or_default();
                    let took = (compiling + done.report.took).as_secs_f64() * 1000.0;
                    let took = super::tables::format_ms(took);
                    let mut line = format!("[watch] reloaded {} ({took})", step.name);
                    if !done.changes.is_empty() {
                        line.push_str(&format!(": {}", done.changes));
                    }
                    out.push(line);
                }
                Err(e) => {
                    let message = e.render();
                    out.push(format!(
                        "[watch] {} was not reloaded; the previous version stays in use\n{message}",
                        step.name
                    ));
                    if let Some(path) = registry.get(&step.name).and_then(|e| e.path.clone()) {
                        self.mark_broken(&step.name, &path, &message);
                    }
                    reported.insert(step.name.clone());
                }
            }
        }
        if !dependents.is_empty() {
            let took = super::tables::format_ms(dependents_time.as_secs_f64() * 1000.0);
            out.push(format!(
                "[watch] re-ran dependent modules: {} ({took})",
                dependents.join(", ")
            ));
        }
        out.extend(super::reloads::chain_problems(chain, "[watch]", "[watch]"));
        out
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
