//! Performance and memory reports (the design document's `.perfmon` and
//! `.memreport` data, and the ML builtins `performance_report()` /
//! `memory_report()`), built from the registry's measurements and, for
//! namespace memory, from the modules loaded in one VM.
//!
//! Memory of a module = estimated bytes of its compiled code
//! ([`crate::lang::chunk::Chunk::memory_bytes`]) + estimated bytes of the
//! values its namespace holds ([`crate::lang::value::estimate_bytes`]).

use super::loader::kind_name;
use super::{ModuleEntry, ModuleRegistry};
use crate::lang::value::{estimate_bytes, ModuleKind, Value};
use crate::lang::vm::Vm;
use std::sync::Arc;

/// A Python bridge load over this is marked slow.
pub const SLOW_PYTHON_LOAD_MS: f64 = 5.0;
/// An ML compile + load over this is marked slow.
pub const SLOW_ML_MS: f64 = 20.0;
/// Values walked per namespace when estimating memory.
const MEMORY_BUDGET: usize = 100_000;

/// One module's row in the reports.
#[derive(Clone, Debug)]
pub struct ModuleRow {
    pub name: String,
    pub kind: ModuleKind,
    pub loaded: bool,
    pub compile_ms: Option<f64>,
    pub load_ms: Option<f64>,
    pub reloads: u32,
    pub memory: usize,
    pub slow: bool,
}

impl ModuleRow {
    /// Compile plus load time: what the module cost to make importable.
    pub fn total_ms(&self) -> f64 {
        self.compile_ms.unwrap_or(0.0) + self.load_ms.unwrap_or(0.0)
    }
}

fn ms(d: Option<std::time::Duration>) -> Option<f64> {
    d.map(|d| d.as_secs_f64() * 1000.0)
}

/// Rows for every module that is loaded in `vm` or has been compiled.
pub fn rows(registry: &ModuleRegistry, vm: &Vm) -> Vec<ModuleRow> {
    registry
        .list(None)
        .iter()
        .filter_map(|entry| row(entry, vm))
        .collect()
}

/// The row of one module, if it is loaded in `vm` or has been compiled.
pub(super) fn row(entry: &Arc<ModuleEntry>, vm: &Vm) -> Option<ModuleRow> {
    let name = entry.name.to_string();
    let module = vm.loaded_module(&name);
    let stats = entry.stats();
    if module.is_none() && stats.compilations == 0 {
        return None;
    }
    let namespace: Vec<Value> = module
        .as_ref()
        .map(|m| m.globals.entries().into_iter().map(|(_, v)| v).collect())
        .unwrap_or_default();
    let memory = entry.compiled_bytes()
        + estimate_bytes(&namespace, MEMORY_BUDGET)
        + stats.reported_memory.unwrap_or(0) as usize;
    let mut row = ModuleRow {
        name,
        kind: entry.kind,
        loaded: module.is_some(),
        compile_ms: ms(stats.compile_time),
        load_ms: ms(stats.load_time),
        reloads: stats.reloads,
        memory,
        slow: false,
    };
    row.slow = match row.kind {
        ModuleKind::PythonBridge => row.load_ms.unwrap_or(0.0) > SLOW_PYTHON_LOAD_MS,
        ModuleKind::MlSource => row.total_ms() > SLOW_ML_MS,
        _ => false,
    };
    Some(row)
}

fn average(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn opt_float(v: Option<f64>) -> Value {
    v.map_or(Value::Null, Value::Float)
}

fn row_value(r: &ModuleRow) -> Value {
    Value::object_from([
        ("name", Value::str(&r.name)),
        ("type", Value::str(kind_name(r.kind))),
        ("loaded", Value::Bool(r.loaded)),
        ("transpilation_time", opt_float(r.compile_ms)),
        ("load_time", opt_float(r.load_ms)),
        ("reload_count", Value::Int(r.reloads as i64)),
        ("memory", Value::Int(r.memory as i64)),
        ("slow", Value::Bool(r.slow)),
    ])
}

/// `performance_report()`: rows per kind and a summary.
/// `shared` is what bridge modules cost together (`summary.python_worker`).
pub fn performance_value(
    registry: &ModuleRegistry,
    vm: &Vm,
    shared: crate::bridge::SharedCosts,
) -> Value {
    let rows = rows(registry, vm);
    let of = |k: ModuleKind| -> Vec<&ModuleRow> { rows.iter().filter(|r| r.kind == k).collect() };
    let (python, ml) = (of(ModuleKind::PythonBridge), of(ModuleKind::MlSource));
    let python_loads: Vec<f64> = python.iter().filter_map(|r| r.load_ms).collect();
    let ml_compiles: Vec<f64> = ml.iter().filter_map(|r| r.compile_ms).collect();
    let slowest = rows
        .iter()
        .filter(|r| r.kind != ModuleKind::Builtin)
        .max_by(|a, b| a.total_ms().total_cmp(&b.total_ms()));
    let summary = Value::object_from([
        ("total_modules", Value::Int(rows.len() as i64)),
        ("avg_python_load", Value::Float(average(&python_loads))),
        ("avg_ml_transpile", Value::Float(average(&ml_compiles))),
        (
            "total_memory",
            Value::Int(rows.iter().map(|r| r.memory as i64).sum()),
        ),
        (
            "discovery_ms",
            Value::Float(registry.discovery_time().as_secs_f64() * 1000.0),
        ),
        (
            "slowest",
            slowest.map_or(Value::Null, |r| Value::str(&r.name)),
        ),
        ("python_worker", shared.to_value()),
    ]);
    Value::object_from([
        (
            "python_bridges",
            Value::array(python.into_iter().map(row_value).collect()),
        ),
        (
            "ml_sources",
            Value::array(ml.into_iter().map(row_value).collect()),
        ),
        (
            "builtins",
            Value::array(of(ModuleKind::Builtin).into_iter().map(row_value).collect()),
        ),
        ("summary", summary),
    ])
}

/// `memory_report()`: memory by kind and the top consumers.
pub fn memory_value(registry: &ModuleRegistry, vm: &Vm) -> Value {
    let mut rows = rows(registry, vm);
    let by = |k: ModuleKind| {
        let of_kind: Vec<&ModuleRow> = rows.iter().filter(|r| r.kind == k).collect();
        Value::object_from([
            ("modules", Value::Int(of_kind.len() as i64)),
            (
                "memory",
                Value::Int(of_kind.iter().map(|r| r.memory as i64).sum()),
            ),
        ])
    };
    let by_type = Value::object_from([
        ("python_bridges", by(ModuleKind::PythonBridge)),
        ("ml_sources", by(ModuleKind::MlSource)),
        ("builtins", by(ModuleKind::Builtin)),
    ]);
    let total: i64 = rows.iter().map(|r| r.memory as i64).sum();
    rows.sort_by(|a, b| b.memory.cmp(&a.memory).then(a.name.cmp(&b.name)));
    let top: Vec<Value> = rows
        .iter()
        .take(10)
        .map(|r| {
            Value::object_from([
                ("name", Value::str(&r.name)),
                ("type", Value::str(kind_name(r.kind))),
                ("memory", Value::Int(r.memory as i64)),
            ])
        })
        .collect();
    Value::object_from([
        ("by_type", by_type),
        ("top_consumers", Value::array(top)),
        ("total_memory", Value::Int(total)),
    ])
}
