//! The text of `.reload NAME [--deps]`: one line per module reloaded,
//! with the functions that changed, then what was kept at its previous
//! version and why (a failure, an import cycle). Watch mode reuses the
//! last part for its own lines.

use super::tables;
use crate::lang::error::RtError;
use crate::lang::value::ModuleKind;
use crate::lang::vm::Vm;
use crate::registry::reload::{reload_chain, ChainReport, Reloaded, Step};
use crate::registry::ModuleRegistry;

/// Reload `name` (and, with `with_dependents`, every loaded module that
/// imports it); the lines to show, and the error of the step that failed
/// (kept for `.lasterror`).
pub fn reload(
    vm: &mut Vm,
    registry: &ModuleRegistry,
    name: &str,
    with_dependents: bool,
) -> (String, Option<RtError>) {
    let was_loaded = vm.loaded_module_names().iter().any(|n| n == name);
    let chain = reload_chain(vm, registry, &[name.to_string()], with_dependents);
    let error = chain
        .failed()
        .and_then(|s| s.outcome.as_ref().err().cloned());
    let mut lines: Vec<String> = chain
        .steps
        .iter()
        .map(|step| step_line(registry, step, was_loaded || step.name != name))
        .collect();
    lines.extend(chain_problems(&chain, "[CYCLE]", "[KEPT]"));
    (lines.join("\n"), error)
}

/// `was_loaded`: whether the module had a version before this reload (a
/// first import that failed leaves none to keep).
fn step_line(registry: &ModuleRegistry, step: &Step, was_loaded: bool) -> String {
    let name = &step.name;
    match &step.outcome {
        Ok(done) => {
            let kind = registry.get(name).map(|e| e.kind);
            let mut line = if step.dependent {
                format!(
                    "[OK] Dependent '{name}' re-run ({})",
                    facts(kind, done, false)
                )
            } else if !was_loaded {
                // Nothing was bound at the prompt: say so, not "reloaded".
                return format!(
                    "[OK] Module '{name}' was not imported yet; loaded it now ({}); \
                     `import {name}` to use it",
                    facts(kind, done, false)
                );
            } else {
                format!(
                    "[OK] Module '{name}' reloaded ({})",
                    facts(kind, done, true)
                )
            };
            if !done.changes.is_empty() {
                line.push_str(&format!(": {}", done.changes));
            }
            line
        }
        Err(e) => {
            let kept = if was_loaded {
                "the previous version stays in use"
            } else {
                "it is still not loaded"
            };
            format!(
                "[FAILED] Module '{name}' was not reloaded; {kept}\n{}",
                e.render()
            )
        }
    }
}

/// `ML source, 0.20ms, recompiled`: kind, time and (for a module asked
/// for) whether its source had changed. Built-in modules have no source.
fn facts(kind: Option<ModuleKind>, done: &Reloaded, say_source: bool) -> String {
    let kind_label = kind.map_or("module", tables::kind_label);
    let took = tables::format_ms(done.report.took.as_secs_f64() * 1000.0);
    let source = match (kind, done.report.recompiled) {
        (Some(ModuleKind::Builtin), _) => "",
        _ if !say_source => "",
        (Some(ModuleKind::PythonBridge), _) => ", imported again by the Python worker",
        (_, true) => ", recompiled",
        (_, false) => ", unchanged",
    };
    format!("{kind_label}, {took}{source}")
}

/// Lines for the modules a chain left at their previous version: after a
/// failure, and on or behind an import cycle (each cycle is named).
pub fn chain_problems(chain: &ChainReport, cycle_tag: &str, kept_tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(failed), false) = (chain.failed(), chain.not_run.is_empty()) {
        out.push(format!(
            "{kept_tag} not re-run after the failure of {}; the previous version stays in use: {}",
            failed.name,
            chain.not_run.join(", ")
        ));
    }
    for cycle in &chain.plan.cycles {
        out.push(format!("{cycle_tag} import cycle: {}", cycle.join(" -> ")));
    }
    if !chain.plan.skipped.is_empty() {
        out.push(format!(
            "{kept_tag} not re-run because no order fits an import cycle; \
             the previous version stays in use: {}",
            chain.plan.skipped.join(", ")
        ));
    }
    out
}
