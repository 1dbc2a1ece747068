//! Watch mode (`mlpy repl --watch`, `.watch on`), the terminal side: before
//! each input the session asks the registry what the files saved since the
//! last one mean (`registry::watch`), runs the reloads and shows one
//! `[watch]` line per event.
//!
//! * A saved module that is loaded is recompiled and reloaded (with the
//!   modules that import it, unless `watch_reload_dependents` is false),
//!   one `[watch] reloaded ...` line each.
//! * New files become importable and deleted ones are marked missing.
//! * A file that no longer compiles (or whose top level fails) keeps the
//!   old version running, and a warning is repeated before every input
//!   until the file is fixed: a message shown once scrolls away unseen.

use crate::lang::vm::Vm;
use crate::registry::reload::{reload_chain, ChainReport};
use crate::registry::watch::{Discovered, Watch};
use crate::registry::ModuleRegistry;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// How long an input may wait for a file that is still being written.
const MAX_WAIT: Duration = Duration::from_millis(250);

pub struct WatchMode {
    watch: Watch,
    follow_dependents: bool,
}

impl WatchMode {
    /// Start watching the registry's ML module and Python extension paths.
    pub fn start(registry: &ModuleRegistry, follow_dependents: bool) -> Result<WatchMode, String> {
        Ok(WatchMode {
            watch: Watch::start(registry)?,
            follow_dependents,
        })
    }

    /// One line for `.watch`: what is watched and how.
    pub fn describe(&self) -> String {
        let folders: Vec<String> = self
            .watch
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
        self.watch.reloaded(name);
    }

    /// Bring the session up to date with the files saved since the last
    /// input; returns the lines to show before the input runs.
    pub fn before_input(&mut self, vm: &mut Vm, registry: &ModuleRegistry) -> Vec<String> {
        let changes = self.watch.changes(vm, registry, MAX_WAIT);
        let mut out: Vec<String> = changes
            .errors
            .iter()
            .map(|e| format!("[watch] warning: {e}"))
            .collect();
        out.extend(changes.discovered.iter().map(discovered_line));
        let mut reported = BTreeSet::new();
        for (name, message) in changes.broken {
            out.push(format!(
                "[watch] {name} was not reloaded: its file has errors; \
                 the previous version stays in use\n{message}"
            ));
            reported.insert(name);
        }
        if !changes.reload.is_empty() {
            let roots: Vec<String> = changes.reload.keys().cloned().collect();
            let chain = reload_chain(vm, registry, &roots, self.follow_dependents);
            out.extend(self.describe_chain(registry, &chain, &changes.reload, &mut reported));
            vm.flush();
        }
        for (name, summary) in self.watch.failures() {
            if !reported.contains(name) {
                out.push(format!(
                    "[watch] warning: {name} failed to reload; its previous version stays in use \
                     until this is fixed:\n  {summary}"
                ));
            }
        }
        out
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
                    self.watch.reloaded(&step.name);
                    dependents.push(step.name.clone());
                    dependents_time += done.report.took;
                }
                Ok(done) => {
                    self.watch.reloaded(&step.name);
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
                    self.watch.failed(registry, &step.name, &message);
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

/// The line for a module that came or went.
fn discovered_line(found: &Discovered) -> String {
    match found {
        Discovered::New(name) => format!("[watch] new module {name} (import it to use it)"),
        Discovered::Deleted(name) => format!(
            "[watch] the file of module {name} was deleted; it is marked missing \
             (a loaded version stays in use)"
        ),
    }
}
