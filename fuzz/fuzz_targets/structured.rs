//! Structure-aware VM inputs: the fuzzer's bytes choose a short sequence of
//! the constructs that once crashed or hung mlpy (format specs with huge
//! precisions, values nested millions deep, repeat counts in the terabytes,
//! long natives on large strings, deep recursion) and the program built from
//! them runs under the same bounds as the `vm` target plus a memory budget.
//! A random byte program almost never reaches these shapes; this target
//! reaches them on every run.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use mlpy::driver::{on_interpreter_thread, run_source};
use mlpy::lang::diagnostics::SourceFile;
use mlpy::Vm;
use std::time::Duration;

#[path = "common/watchdog.rs"]
mod watchdog;
use watchdog::Watchdog;

/// Time a program may run before it is interrupted.
const BUDGET: Duration = Duration::from_millis(200);
const MAX_DEPTH: usize = 64;
/// The memory budget, as `--max-memory 512`.
const MEMORY_MB: u64 = 512;

fuzz_target!(|data: &[u8]| {
    let Ok(program) = build_program(&mut Unstructured::new(data)) else {
        return;
    };
    if std::env::var_os("MLPY_FUZZ_PRINT").is_some() {
        eprintln!("{program}");
    }
    let file = SourceFile::new("<structured>", &program);
    on_interpreter_thread(move || {
        mlpy::memory::set_budget_mb(Some(MEMORY_MB));
        let mut vm = Vm::with_output(Box::new(std::io::sink()));
        vm.set_input(Box::new(std::io::empty()));
        vm.max_depth = MAX_DEPTH;
        mlpy::memory::watch_budget(&vm);
        let _watchdog = Watchdog::start(vm.interrupt_flag(), BUDGET);
        let _ = run_source(&mut vm, &file);
    })
    .expect("the interpreter thread panicked");
});

/// Up to eight statements, each from [`statement`], with imports first.
fn build_program(u: &mut Unstructured) -> Result<String> {
    let mut program = String::from("import string;\nimport json;\nimport regex;\n");
    let count = u.int_in_range(1..=8)?;
    for _ in 0..count {
        program.push_str("try {\n");
        program.push_str(&statement(u)?);
        program.push_str("\n} except (e) { }\n");
    }
    Ok(program)
}

/// A size that is small, near a limit, or huge, as the fuzzer likes.
fn size(u: &mut Unstructured) -> Result<u64> {
    Ok(match u.int_in_range(0..=5)? {
        0 => u.int_in_range(0..=16)?,
        1 => u.int_in_range(60_000..=70_000)?,
        2 => u.int_in_range(1_000..=2_000_000)?,
        3 => 1 << u.int_in_range(16..=62)?,
        4 => u64::MAX >> u.int_in_range(0..=40)?,
        _ => u.arbitrary()?,
    })
}

fn number(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=6)? {
        0 => "1.5".to_string(),
        1 => "-0.0".to_string(),
        2 => "1e308 * 10".to_string(),
        3 => "(0.0 / 0.0)".to_string(),
        4 => format!("{}", u.arbitrary::<i64>()?),
        5 => format!("{:e}", u.arbitrary::<f64>()?),
        _ => "123456789012345678".to_string(),
    })
}

fn format_spec(u: &mut Unstructured) -> Result<String> {
    let fill = *u.choose(&["", "*<", ">", "^", "0", "+", " ", "#"])?;
    let width = if u.arbitrary()? { size(u)?.to_string() } else { String::new() };
    let comma = *u.choose(&["", ","])?;
    let precision = if u.arbitrary()? { format!(".{}", size(u)?) } else { String::new() };
    let kind = *u.choose(&["", "f", "e", "g", "%", "d", "x", "b", "o", "s", "E", "G", "n"])?;
    Ok(format!("{fill}{width}{comma}{precision}{kind}"))
}

/// A value nested `depth` deep, built by a loop (so the compiler's own
/// limits do not stop it first).
fn nested(u: &mut Unstructured, name: &str) -> Result<String> {
    let depth = size(u)?.min(30_000_000);
    let wrap = *u.choose(&["[x]", "{k: x}", "[x, x]", "{a: 1, b: [x]}"])?;
    Ok(format!(
        "{name} = []; for (i in range({depth})) {{ x = {name}; {name} = {wrap}; }}"
    ))
}

fn statement(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=11)? {
        0 => format!("s = format({}, \"{}\");", number(u)?, format_spec(u)?),
        1 => format!(
            "s = string.format(\"{{0:{}}}\", {});",
            format_spec(u)?,
            number(u)?
        ),
        2 => {
            let op = *u.choose(&["x = null;", "s = str(x);", "b = x == y;", "s = json.stringify(x);", "b = x < y;", "c = [x, x]; c = null;"])?;
            format!("{} y = x; {op}", nested(u, "x")?)
        }
        3 => format!("s = \"ab\" * {} * {};", size(u)?, size(u)?),
        4 => format!("a = [0, 1] * {};", size(u)?),
        5 => {
            let method = *u.choose(&[
                "replace(\"a\", \"bb\")",
                "split(\"a\")",
                "upper()",
                "find(\"b\")",
                "count(\"a\")",
                "rjust(100000000)",
                "center(4000000000)",
                "ljust(1000)",
            ])?;
            format!("s = \"a\" * {}; t = s.{method};", size(u)?.min(300_000_000))
        }
        6 => format!(
            "function r(n) {{ return n <= 0 ? 0 : 1 + r(n - 1); }} v = r({});",
            size(u)?
        ),
        7 => format!(
            "v = json.parse(\"{}\" );",
            "[".repeat(u.int_in_range(0..=5000)?)
        ),
        8 => format!("v = range({}); w = str(v); v = [v];", size(u)?),
        9 => format!(
            "v = regex.test(\"(a*)*{}\", \"a\" * {});",
            "b".repeat(u.int_in_range(0..=3)?),
            size(u)?.min(100_000)
        ),
        10 => format!("import math; v = math.pow({}, {});", number(u)?, number(u)?),
        _ => format!("v = [3, 1, 2] * {}; v.sort();", size(u)?.min(50_000_000)),
    })
}
