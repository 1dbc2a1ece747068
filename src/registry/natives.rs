//! The builtins that report on the registry: `module_info(name)`,
//! `performance_report()` and `memory_report()`. The registry adds them to a
//! VM together with its loader (`RegistryLoader::install`), as natives over that loader, so
//! the language itself knows nothing of the registry's measurements.

use super::loader::RegistryLoader;
use crate::lang::builtins::{closure_value, expect_args, str_arg};
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use std::rc::Rc;
use std::sync::OnceLock;

type Report = fn(&RegistryLoader, &mut Vm, &[Value]) -> NativeResult;

/// One native: name, implementation, `help()` text.
struct Row {
    name: &'static str,
    func: Report,
    doc: &'static str,
}

/// Sorted by name.
const ROWS: &[Row] = &[
    Row {
        name: "memory_report",
        func: memory_report,
        doc: "memory_report(): memory use of loaded modules by type and top consumers",
    },
    Row {
        name: "module_info",
        func: module_info,
        doc: "module_info(name): details of a module (type, path, functions...), or null",
    },
    Row {
        name: "performance_report",
        func: performance_report,
        doc: "performance_report(): load and compile times of the loaded modules, with a summary",
    },
];

/// Add the report builtins, answering from `loader`, to `vm`.
pub fn install(loader: &Rc<RegistryLoader>, vm: &mut Vm) {
    for row in ROWS {
        let (loader, func) = (loader.clone(), row.func);
        let value = closure_value(row.name, row.doc, &[], move |vm, args| {
            func(&loader, vm, args)
        });
        vm.add_builtin(row.name, value);
    }
}

/// Every global a program of an mlpy session starts with: the language's
/// builtins and these, sorted (for `mlpy check` and REPL completion).
pub fn global_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let own = ROWS.iter().map(|row| row.name);
        let mut names: Vec<&'static str> = crate::lang::builtins::names()
            .iter()
            .copied()
            .chain(own)
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    })
}

fn module_info(loader: &RegistryLoader, vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("module_info", args, 1, 1)?;
    let name = str_arg("module_info", "1", &args[0])?;
    let info = super::info::gather(loader, vm, name);
    Ok(info.map_or(Value::Null, |info| info.to_value()))
}

fn performance_report(loader: &RegistryLoader, vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("performance_report", args, 0, 0)?;
    let shared = loader.bridge.shared_costs();
    Ok(super::report::performance_value(
        &loader.registry,
        vm,
        shared,
    ))
}

fn memory_report(loader: &RegistryLoader, vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("memory_report", args, 0, 0)?;
    Ok(super::report::memory_value(&loader.registry, vm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_documented_and_new() {
        assert!(ROWS.windows(2).all(|w| w[0].name < w[1].name));
        for row in ROWS {
            assert!(
                row.doc.starts_with(&format!("{}(", row.name)),
                "{}",
                row.name
            );
            // A language builtin of the same name would win over the row.
            assert!(
                crate::lang::builtins::lookup(row.name).is_none(),
                "{}",
                row.name
            );
        }
        let names = global_names();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert!(names.contains(&"len") && names.contains(&"module_info"));
    }
}
