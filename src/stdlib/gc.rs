//! The `gc` module: the cycle collector seen from ML (see `lang::gc`).
//! Reference counting frees most values at once; `gc.collect()` frees the
//! ones caught in cycles now instead of at the next automatic collection,
//! and `gc.stats()` shows what the collector has done.

use super::{functions, Row};
use crate::lang::builtins::expect_args;
use crate::lang::gc;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;

const ROWS: &[Row] = &[
    (
        "collect",
        collect,
        "collect(): free every unreachable cycle now; returns how many containers were freed",
    ),
    (
        "stats",
        stats,
        "stats(): object with collections, full_collections, freed, tracked, longest_pause_ms, longest_pause_cpu_ms, total_pause_ms",
    ),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("gc", ROWS, |_| &[])
}

fn collect(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("gc.collect", args, 0, 0)?;
    Ok(Value::Int(gc::collect_all() as i64))
}

fn stats(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("gc.stats", args, 0, 0)?;
    let s = gc::stats();
    let ms = |d: std::time::Duration| Value::Float(d.as_secs_f64() * 1000.0);
    Ok(Value::object_from([
        ("collections", Value::Int(s.collections as i64)),
        ("full_collections", Value::Int(s.full_collections as i64)),
        ("freed", Value::Int(s.freed as i64)),
        ("tracked", Value::Int(s.tracked as i64)),
        ("longest_pause_ms", ms(s.longest_pause)),
        ("longest_pause_cpu_ms", ms(s.longest_pause_cpu)),
        ("total_pause_ms", ms(s.total_pause)),
    ]))
}
