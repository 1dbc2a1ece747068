//! Reloading modules of one VM: a single module, with a report of which of
//! its functions changed, or a set of changed modules together with every
//! loaded module that imports them, in the order of [`deps::plan`].
//!
//! Everything goes through [`Vm::reload`], so each kind of module reloads
//! the way its loader knows (ML source recompiles and re-runs; other kinds
//! as their loader implements it).

use super::changes::FunctionChanges;
use super::deps::{self, ReloadPlan};
use super::ModuleRegistry;
use crate::lang::error::RtError;
use crate::lang::value::ModuleKind;
use crate::lang::vm::{ReloadReport, Vm};

/// A successful reload of one module.
#[derive(Clone, Debug)]
pub struct Reloaded {
    pub report: ReloadReport,
    pub changes: FunctionChanges,
}

/// Reload `name` in `vm` (importing it if it was not imported yet). The
/// module's import links are recorded afresh by its new top level, so an
/// import the new version dropped no longer makes it a dependent; a failed
/// reload keeps the old links with the old version.
pub fn reload_module(
    vm: &mut Vm,
    registry: &ModuleRegistry,
    name: &str,
) -> Result<Reloaded, RtError> {
    let before = vm.loaded_module(name).map(|m| m.globals.current());
    let previous_imports = registry.forget_imports(name);
    match vm.reload(name) {
        Ok(report) => {
            // ML and bridge loaders count their own reloads; a built-in
            // module reloads inside the VM, so it is counted here.
            let entry = registry.get(name);
            if let Some(entry) = entry.filter(|e| e.kind == ModuleKind::Builtin) {
                if before.is_some() {
                    entry.record_reload();
                }
            }
            let after = vm.loaded_module(name).map(|m| m.globals.current());
            let changes = match (before, after) {
                (Some(old), Some(new)) => FunctionChanges::between(&old, &new),
                _ => FunctionChanges::default(),
            };
            Ok(Reloaded { report, changes })
        }
        Err(e) => {
            for imported in previous_imports {
                registry.record_import(name, &imported);
            }
            Err(e)
        }
    }
}

/// One module's part in a reload that follows dependencies.
#[derive(Debug)]
pub struct Step {
    pub name: String,
    /// Re-run because it imports a reloaded module (not itself asked for).
    pub dependent: bool,
    pub outcome: Result<Reloaded, RtError>,
}

/// What a reload with dependents did.
#[derive(Debug, Default)]
pub struct ChainReport {
    pub plan: ReloadPlan,
    /// The modules reloaded, in order; the last one may have failed.
    pub steps: Vec<Step>,
    /// Modules after a failure, left at their previous version.
    pub not_run: Vec<String>,
}

impl ChainReport {
    pub fn failed(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.outcome.is_err())
    }
}

/// Reload `roots` (in the order of their imports among themselves) and,
/// with `follow_dependents`, re-run the top level of every loaded module
/// that imports one of them, directly or not, each once and after its
/// imports. The first failure stops the chain: the failing module and every
/// module after it keep their previous version.
pub fn reload_chain(
    vm: &mut Vm,
    registry: &ModuleRegistry,
    roots: &[String],
    follow_dependents: bool,
) -> ChainReport {
    let plan = if follow_dependents {
        deps::plan(roots, |name| loaded_importers(vm, registry, name))
    } else {
        // Only edges among the roots themselves.
        deps::plan(roots, |name| {
            let mut users = loaded_importers(vm, registry, name);
            users.retain(|u| roots.contains(u));
            users
        })
    };
    let mut report = ChainReport::default();
    for (position, name) in plan.order.iter().enumerate() {
        let outcome = reload_module(vm, registry, name);
        let failed = outcome.is_err();
        report.steps.push(Step {
            name: name.clone(),
            dependent: !roots.contains(name),
            outcome,
        });
        if failed {
            report.not_run = plan.order[position + 1..].to_vec();
            break;
        }
    }
    report.plan = plan;
    report
}

/// Modules loaded in `vm` that import `name` (the prompt, `<main>`, is not
/// a module and is never re-run).
fn loaded_importers(vm: &Vm, registry: &ModuleRegistry, name: &str) -> Vec<String> {
    registry.get(name).map_or_else(Vec::new, |entry| {
        entry
            .links()
            .importers
            .into_iter()
            .filter(|n| vm.loaded_module(n).is_some())
            .collect()
    })
}
