//! Collecting the data behind the report commands from the registry, the
//! VM and the operating system, in the shapes [`super::tables`] renders.
//! Split from the rendering so that the tables stay pure functions.

use super::tables::{FunctionDetail, ListedModule, ModInfo, SystemMemory};
use crate::lang::value::{Key, ModuleKind, Value};
use crate::lang::vm::Vm;
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
pub fn modinfo(registry: &ModuleRegistry, vm: &Vm, name: &str) -> Option<ModInfo> {
    let entry = registry.get(name)?;
    let stats = entry.stats();
    let module = vm.loaded_module(name);
    let row = rows(registry, vm).into_iter().find(|r| r.name == name);
    let links = entry.links();
    let functions = module
        .as_ref()
        .map(|m| functions_of(&m.globals.entries()))
        .unwrap_or_default();
    let imports = links
        .imports
        .iter()
        .map(|n| (n.clone(), registry.get(n).map(|e| e.kind)))
        .collect();
    let mut info = ModInfo {
        name: name.to_string(),
        kind: Some(entry.kind),
        path: entry.path.as_ref().map(|p| p.display().to_string()),
        loaded: module.is_some(),
        compile_ms: stats.compile_time.map(|d| d.as_secs_f64() * 1000.0),
        load_ms: stats.load_time.map(|d| d.as_secs_f64() * 1000.0),
        memory: row.map(|r| r.memory),
        reloads: stats.reloads,
        needs_recompilation: entry.source_changed(),
        failure: stats.failure.clone(),
        functions,
        imports,
        importers: links.importers.into_iter().collect(),
        capabilities: required_capabilities(name),
        shadows: entry
            .shadows
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        ..ModInfo::default()
    };
    if entry.kind == ModuleKind::PythonBridge && module.is_some() {
        add_bridge_details(&mut info, vm);
    }
    Some(info)
}

/// What bridge modules cost together, from `performance_report()` (the
/// session's bridge is reachable only through the VM's loader).
pub fn bridge_shared_costs(vm: &Vm) -> Option<crate::bridge::SharedCosts> {
    let report = vm.performance_report()?.into_object().ok()?;
    let summary = report.borrow().get(&Key::str("summary")).cloned()?;
    let worker = summary
        .into_object()
        .ok()?
        .borrow()
        .get(&Key::str("python_worker"))
        .cloned()?;
    crate::bridge::SharedCosts::from_value(worker)
}

/// Parameters (with defaults), docstrings, capabilities, version and
/// description of a loaded bridge module, from its `module_info()` object
/// (the session's bridge is reachable only through the VM's loader).
fn add_bridge_details(info: &mut ModInfo, vm: &Vm) {
    let Some(Ok(fields)) = vm.module_info(&info.name).map(Value::into_object) else {
        return;
    };
    let fields = fields.borrow();
    let field = |name: &str| fields.get(&Key::str(name)).cloned().unwrap_or_default();
    let text = |v: &Value| v.as_str().map(str::to_string);
    let strings = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(items) => items.borrow().iter().filter_map(text).collect(),
            _ => Vec::new(),
        }
    };
    let per_function = |name: &str, function: &str| match &field(name) {
        Value::Object(map) => map
            .borrow()
            .get(&Key::str(function))
            .cloned()
            .unwrap_or_default(),
        _ => Value::Null,
    };
    let mut capabilities = strings(&field("capabilities"));
    for (function, params) in info.functions.iter_mut() {
        *params = Some(strings(&per_function("parameters", function)));
        let needs = strings(&per_function("function_capabilities", function));
        for c in &needs {
            if !capabilities.contains(c) {
                capabilities.push(c.clone());
            }
        }
        let detail = FunctionDetail {
            doc: text(&per_function("docs", function)),
            capabilities: needs,
        };
        info.function_details.insert(function.clone(), detail);
    }
    info.capabilities = capabilities;
    info.version = text(&field("version"));
    info.description = text(&field("description"));
}

/// Callable members with their parameter names; `None` for natives, whose
/// parameters are not recorded.
fn functions_of(entries: &[(std::rc::Rc<str>, Value)]) -> Vec<(String, Option<Vec<String>>)> {
    entries
        .iter()
        .filter(|(_, v)| v.is_callable())
        .map(|(name, v)| {
            let params = match v {
                Value::Func(c) => Some(c.proto.proto.params().map(str::to_string).collect()),
                _ => None,
            };
            (name.to_string(), params)
        })
        .collect()
}

/// Capabilities a built-in module's functions check (ML source modules
/// need none of their own; what they call checks for itself).
fn required_capabilities(name: &str) -> Vec<String> {
    let caps: &[&str] = match name {
        "log" => &["file.write"],
        "file" => &["file.read", "file.write"],
        "path" => &["path.write"],
        "http" => &["network.http"],
        "env" => &["env.read"],
        _ => &[],
    };
    caps.iter().map(|c| c.to_string()).collect()
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
