//! The unified module registry: every module a session can import — ML
//! source files, Python bridge modules and the built-in standard library —
//! discovered without loading anything, compiled lazily on first import, and
//! measured.
//!
//! The registry is `Send + Sync` and holds only thread-shareable data: names,
//! paths, statistics and compiled chunks (`Arc<Chunk>`). Running a module's
//! top level produces runtime values, which belong to one VM; that happens in
//! the registry's import chain (`resolve.rs`), which
//! [`loader::RegistryLoader`] installs into a VM. Each
//! entry's compiled code sits behind its own mutex, so a module is compiled
//! exactly once however many threads ask for it at the same time.

mod bridged;
pub mod changes;
pub mod deps;
pub mod discovery;
pub mod info;
pub mod loader;
pub mod name;
pub mod natives;
pub mod reload;
pub mod report;
mod resolve;
pub mod stamp;
pub mod watch;

/// Kept here for the callers that took it from the registry before it
/// moved to [`crate::lang::suggest`].
use crate::lang::chunk::Chunk;
use crate::lang::compiler::compile;
use crate::lang::diagnostics::SourceFile;
use crate::lang::parser::parse;
use crate::lang::value::ModuleKind;
use crate::util::edit_distance;
use discovery::{discover, Discovery};
use name::ModuleName;
use stamp::FileStamp;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

/// What the registry knows about one module.
pub struct ModuleEntry {
    pub name: ModuleName,
    pub kind: ModuleKind,
    /// `None` for built-in modules.
    pub path: Option<PathBuf>,
    /// Same-named files on lower-priority paths, hidden by this one.
    pub shadows: Vec<PathBuf>,
    compiled: Mutex<Option<Compiled>>,
    stats: Mutex<ModuleStats>,
    links: Mutex<Links>,
    /// The file was deleted since discovery (found by `refresh`).
    missing: std::sync::atomic::AtomicBool,
}

/// Who imports whom (module names; `<main>` for the program or prompt).
#[derive(Clone, Debug, Default)]
pub struct Links {
    pub imports: std::collections::BTreeSet<String>,
    pub importers: std::collections::BTreeSet<String>,
}

/// Compiled code with the fingerprint of the file it came from, so an
/// unchanged file is never recompiled and a changed one never served stale.
#[derive(Clone)]
struct Compiled {
    chunk: Arc<Chunk>,
    stamp: FileStamp,
    hash: u64,
}

/// Measurements of one module, all taken around the real work.
#[derive(Clone, Debug, Default)]
pub struct ModuleStats {
    /// Parse + compile time of the latest compilation.
    pub compile_time: Option<Duration>,
    /// Time to run the module's top level (latest load).
    pub load_time: Option<Duration>,
    pub compilations: u32,
    /// Bytes a Python bridge module's import allocated, as the worker
    /// measured them (tracemalloc).
    pub reported_memory: Option<u64>,
    pub loads: u32,
    pub reloads: u32,
    /// Why the latest import or reload failed; cleared by a load that works.
    pub failure: Option<String>,
}

/// An entry's compiled code and measurements at one moment, put back when
/// a load that compiled new code then fails: the figures must describe the
/// version that is running (or, after a failed first import, none).
pub struct EntrySnapshot {
    compiled: Option<Compiled>,
    stats: ModuleStats,
}

impl EntrySnapshot {
    pub fn compilations(&self) -> u32 {
        self.stats.compilations
    }
}

impl ModuleEntry {
    fn new(
        name: ModuleName,
        kind: ModuleKind,
        path: Option<PathBuf>,
        shadows: Vec<PathBuf>,
    ) -> Self {
        ModuleEntry {
            name,
            kind,
            path,
            shadows,
            compiled: Mutex::new(None),
            stats: Mutex::new(ModuleStats::default()),
            links: Mutex::new(Links::default()),
            missing: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Whether the module's file has been deleted (see [`ModuleRegistry::refresh`]).
    pub fn is_missing(&self) -> bool {
        self.missing.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn links(&self) -> Links {
        self.links.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Estimated bytes of this module's compiled code (0 if not compiled).
    pub fn compiled_bytes(&self) -> usize {
        match self.compiled.lock().as_deref() {
            Ok(Some(c)) => c.chunk.memory_bytes(),
            _ => 0,
        }
    }

    pub fn stats(&self) -> ModuleStats {
        self.stats.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn record_load(&self, took: Duration) {
        if let Ok(mut s) = self.stats.lock() {
            s.load_time = Some(took);
            s.loads += 1;
            s.failure = None;
        }
    }

    /// Remember why an import or reload of this module failed.
    pub fn record_failure(&self, message: &str) {
        if let Ok(mut s) = self.stats.lock() {
            s.failure = Some(message.to_string());
        }
    }

    pub fn snapshot(&self) -> EntrySnapshot {
        EntrySnapshot {
            compiled: self.compiled.lock().ok().and_then(|c| c.clone()),
            stats: self.stats(),
        }
    }

    pub fn restore(&self, snapshot: EntrySnapshot) {
        if let Ok(mut c) = self.compiled.lock() {
            *c = snapshot.compiled;
        }
        if let Ok(mut s) = self.stats.lock() {
            *s = snapshot.stats;
        }
    }

    /// Whether the running code is older than the file: the module was
    /// compiled and its file has changed (or gone) since. A module never
    /// compiled has no running code to be stale. `.modinfo` and
    /// `module_info()` both answer from here.
    pub fn source_changed(&self) -> bool {
        self.kind == ModuleKind::MlSource
            && self.stats().compilations > 0
            && self.needs_recompilation()
    }

    pub fn record_reported_memory(&self, bytes: u64) {
        if let Ok(mut s) = self.stats.lock() {
            s.reported_memory = Some(bytes);
        }
    }

    pub fn record_reload(&self) {
        if let Ok(mut s) = self.stats.lock() {
            s.reloads += 1;
        }
    }

    /// Whether the file changed since it was last compiled (or was never
    /// compiled).
    pub fn needs_recompilation(&self) -> bool {
        let Some(path) = &self.path else {
            return false;
        };
        let compiled = self.compiled.lock();
        match compiled.as_deref() {
            Ok(Some(c)) => FileStamp::of(path) != Some(c.stamp),
            _ => true,
        }
    }
}

struct State {
    entries: BTreeMap<String, Arc<ModuleEntry>>,
    problems: Vec<String>,
    discovery_time: Duration,
}

pub struct ModuleRegistry {
    ml_paths: Vec<PathBuf>,
    py_paths: Vec<PathBuf>,
    state: RwLock<State>,
    /// Discovery runs on the first question asked of the registry, not when
    /// it is made: `mlpy run` of a program that imports nothing (or only
    /// built-ins) never walks the module paths, which include the program's
    /// own folder.
    discovered: Once,
}

impl ModuleRegistry {
    /// A registry of the modules under the given paths (earlier paths win),
    /// discovered when first needed.
    pub fn new(ml_paths: Vec<PathBuf>, py_paths: Vec<PathBuf>) -> ModuleRegistry {
        ModuleRegistry {
            ml_paths,
            py_paths,
            // The built-in modules are known from the start.
            state: RwLock::new(build_state(Discovery::default())),
            discovered: Once::new(),
        }
    }

    /// Walk the module paths now, if that has not happened yet.
    pub fn discover_now(&self) {
        self.discovered.call_once(|| {
            let mut found = build_state(discover(&self.ml_paths, &self.py_paths));
            if let Ok(mut state) = self.state.write() {
                keep_known_entries(&state, &mut found);
                *state = found;
            }
        });
    }

    fn read_state(&self) -> Option<RwLockReadGuard<'_, State>> {
        self.discover_now();
        self.state.read().ok()
    }

    /// Rescan the paths: new files appear; entries whose file was deleted
    /// stay listed but are marked missing (a session may still hold the
    /// module). Entries whose file is unchanged keep their compiled code.
    pub fn refresh(&self) {
        self.discover_now();
        let fresh = build_state(discover(&self.ml_paths, &self.py_paths));
        if let Ok(mut state) = self.state.write() {
            let mut merged = fresh;
            keep_known_entries(&state, &mut merged);
            for (name, old) in state.entries.iter() {
                if !merged.entries.contains_key(name) {
                    old.missing
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                    merged.entries.insert(name.clone(), old.clone());
                }
            }
            *state = merged;
        }
    }

    pub fn ml_paths(&self) -> &[PathBuf] {
        &self.ml_paths
    }

    pub fn python_paths(&self) -> &[PathBuf] {
        &self.py_paths
    }

    pub fn get(&self, name: &str) -> Option<Arc<ModuleEntry>> {
        // A built-in name needs no walk unless a Python bridge module could
        // take it over (ML files never hide a built-in): importing `math`
        // keeps discovery waiting.
        // `<main>`, the importer of a program's own imports, is no module.
        if name.starts_with('<') {
            return None;
        }
        if self.py_paths.is_empty() && crate::stdlib::is_builtin(name) {
            return self.state.read().ok()?.entries.get(name).cloned();
        }
        self.read_state()?.entries.get(name).cloned()
    }

    /// Entries sorted by name, optionally of one kind.
    pub fn list(&self, kind: Option<ModuleKind>) -> Vec<Arc<ModuleEntry>> {
        let Some(state) = self.read_state() else {
            return Vec::new();
        };
        state
            .entries
            .values()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .cloned()
            .collect()
    }

    /// Discovery warnings (invalid file names, unreadable paths, ...).
    pub fn problems(&self) -> Vec<String> {
        self.read_state()
            .map(|s| s.problems.clone())
            .unwrap_or_default()
    }

    pub fn discovery_time(&self) -> Duration {
        self.read_state()
            .map(|s| s.discovery_time)
            .unwrap_or_default()
    }

    /// Remember that `importer` (a module name, or `<main>`) imports `name`.
    pub fn record_import(&self, importer: &str, name: &str) {
        if let Some(entry) = self.get(name) {
            if let Ok(mut links) = entry.links.lock() {
                links.importers.insert(importer.to_string());
            }
        }
        if let Some(entry) = self.get(importer) {
            if let Ok(mut links) = entry.links.lock() {
                links.imports.insert(name.to_string());
            }
        }
    }

    /// Forget what `name` imports, before its top level runs again and
    /// records its imports anew; returns the old list so that a failed run
    /// can put it back (with [`ModuleRegistry::record_import`]).
    pub fn forget_imports(&self, name: &str) -> std::collections::BTreeSet<String> {
        let Some(entry) = self.get(name) else {
            return Default::default();
        };
        let old = match entry.links.lock() {
            Ok(mut links) => std::mem::take(&mut links.imports),
            Err(_) => return Default::default(),
        };
        for imported in &old {
            if let Some(e) = self.get(imported) {
                if let Ok(mut links) = e.links.lock() {
                    links.importers.remove(name);
                }
            }
        }
        old
    }

    /// Known names closest to `name`, for "did you mean" messages.
    pub fn suggestions(&self, name: &str) -> Vec<String> {
        let Some(state) = self.read_state() else {
            return Vec::new();
        };
        let mut scored: Vec<(usize, &String)> = state
            .entries
            .keys()
            .map(|k| (edit_distance(name, k), k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3))
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, k)| k.clone()).collect()
    }

    /// The compiled code of ML module `name`, compiling it if the file is
    /// new or changed. Errors are rendered diagnostics (`file:line:col`).
    pub fn compile(&self, name: &str) -> Result<Arc<Chunk>, String> {
        self.compile_checking(name, true)
    }

    /// Like [`ModuleRegistry::compile`], but reads the file even when its
    /// size and modification time are unchanged: for a file known to have
    /// been written (a watcher event), since two saves of the same size
    /// within the file system's timestamp tick look identical to `stat`.
    pub fn compile_after_write(&self, name: &str) -> Result<Arc<Chunk>, String> {
        self.compile_checking(name, false)
    }

    fn compile_checking(&self, name: &str, trust_stamp: bool) -> Result<Arc<Chunk>, String> {
        let entry = self
            .get(name)
            .ok_or_else(|| format!("no module named '{name}'"))?;
        if entry.is_missing() {
            return Err(format!("the file of module '{name}' has been deleted"));
        }
        let path = entry
            .path
            .clone()
            .ok_or_else(|| format!("module '{name}' has no source file"))?;
        let mut compiled = entry
            .compiled
            .lock()
            .map_err(|_| "module cache is unavailable".to_string())?;
        let meta =
            std::fs::metadata(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let stamp = FileStamp::of_metadata(&meta);
        if let Some(c) = compiled.as_ref().filter(|_| trust_stamp) {
            if c.stamp == stamp {
                return Ok(c.chunk.clone());
            }
        }
        let text = discovery::read_regular_text(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let hash = content_hash(&text);
        if let Some(c) = compiled.as_mut() {
            if c.hash == hash {
                c.stamp = stamp;
                return Ok(c.chunk.clone());
            }
        }
        let started = Instant::now();
        let chunk = Arc::new(compile_text(&path, text)?);
        if let Ok(mut stats) = entry.stats.lock() {
            stats.compile_time = Some(started.elapsed());
            stats.compilations += 1;
        }
        *compiled = Some(Compiled {
            chunk: chunk.clone(),
            stamp,
            hash,
        });
        Ok(chunk)
    }
}

fn compile_text(path: &Path, text: String) -> Result<Chunk, String> {
    let file = SourceFile::new(path.display().to_string(), text);
    let program = parse(&file.text).map_err(|d| d.render(&file))?;
    compile(&program, file.clone(), &[], false).map_err(|d| d.render(&file))
}

fn content_hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(text.as_bytes());
    h.finish()
}

/// Carry over from `state` the entries `fresh` finds again (same kind and
/// file), so their statistics and compiled code survive a rescan; a file
/// deleted and written again is no longer missing.
fn keep_known_entries(state: &State, fresh: &mut State) {
    for (name, entry) in fresh.entries.iter_mut() {
        if let Some(old) = state.entries.get(name) {
            if old.kind == entry.kind && old.path == entry.path {
                old.missing
                    .store(false, std::sync::atomic::Ordering::Relaxed);
                *entry = old.clone();
            }
        }
    }
}

fn build_state(found: Discovery) -> State {
    let mut entries = BTreeMap::new();
    for name in crate::stdlib::names() {
        if let Ok(n) = ModuleName::parse(name) {
            let entry = ModuleEntry::new(n, ModuleKind::Builtin, None, Vec::new());
            entries.insert(name.to_string(), Arc::new(entry));
        }
    }
    let mut problems = found.problems;
    for (name, m) in found.modules {
        // Built-in modules win over same-named ML files (spec 3.13), but a
        // Python bridge module replaces the built-in: the user put it on an
        // extension path on purpose (the design document's own `crypto`
        // bridge example is named like the built-in `crypto`).
        if entries.contains_key(name.as_str()) && m.kind == ModuleKind::PythonBridge {
            problems.push(format!(
                "{}: the Python bridge module '{name}' replaces the built-in module '{name}'",
                m.path.display()
            ));
        } else if entries.contains_key(name.as_str()) {
            problems.push(format!(
                "{}: hidden by the built-in module '{name}'",
                m.path.display()
            ));
            continue;
        }
        let entry = ModuleEntry::new(name.clone(), m.kind, Some(m.path), m.shadows);
        entries.insert(name.as_str().to_string(), Arc::new(entry));
    }
    State {
        entries,
        problems,
        discovery_time: found.elapsed,
    }
}
