//! Collecting the data behind the report commands from the registry, the
//! VM and the operating system, in the shapes [`super::tables`] renders.
//! Split from the rendering so that the tables stay pure functions.

use super::tables::{ListedModule, ModInfo, SystemMemory};
use crate::lang::value::ModuleKind;
use crate::lang::vm::Vm;
use crate::registry::loader::RegistryLoader;
use crate::registry::report::{rows, ModuleRow};
use crate::registry::ModuleRegistry;
use std::collections::HashMap;

/// Every discovered module (of `kind`, if given), with measurements for
/// those compiled or loaded.
pub fn listed_modules(
    registry: &ModuleRegistry,
    vm: &Vm,
    kind: Option<ModuleKind>,
) -> Vec<ListedModule> {
    let mut measured: HashMap<String, ModuleRow> = rows(registry, vm)
        .into_iter()
        .map(|r| (r.name.clone(), r))
        .collect();
    registry
        .list(kind)
        .iter()
        .map(|entry| {
            let name = entry.name.to_string();
            let row = measured.remove(&name);
            ListedModule {
                name,
                kind: entry.kind,
                failed: row.is_none() && entry.stats().failure.is_some(),
                row,
            }
        })
        .collect()
}

/// `.modinfo` data for `name`, or `None` when no such module exists.
pub fn modinfo(loader: &RegistryLoader, vm: &Vm, name: &str) -> Option<ModInfo> {
    crate::registry::info::gather(loader, vm, name)
}

/// This process's resident memory and the machine's available memory.
/// Asked only when `.memreport` runs, so starting the REPL pays nothing.
pub fn system_memory() -> SystemMemory {
    use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};
    let Ok(mut system) = System::new() else {
        return SystemMemory::default();
    };
    system.refresh_memory();
    let process_resident = sysinfo::get_current_pid().ok().and_then(|pid| {
        system.refresh_processes_specifics(
            ProcessesToUpdate::Some(&[pid]),
            false,
            ProcessRefreshKind::nothing().with_memory(),
        );
        system.process(pid).map(|p| p.memory())
    });
    let available = Some(system.available_memory()).filter(|m| *m > 0);
    SystemMemory {
        process_resident,
        available,
    }
}
