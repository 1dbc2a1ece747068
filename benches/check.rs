//! `mlpy check` speed: parse + compile alone against parse + compile +
//! analysis (what `check` does per file) over a folder of generated typical
//! modules, each importing `math` and a sibling module. A plain harness
//! (`cargo bench --bench check`); medians of repeated runs. The folder is
//! left at `$TMPDIR/mlpy-check-tree` for timing the whole command, e.g.
//! `hyperfine -N 'target/release/mlpy check /tmp/mlpy-check-tree'`.

mod common;

use common::time;
use mlpy::check::project::{check_text, ExportsCache, RegistryLookup};
use mlpy::lang::compiler::compile;
use mlpy::lang::diagnostics::SourceFile;
use mlpy::lang::parser::parse;
use mlpy::registry::ModuleRegistry;
use std::path::PathBuf;

/// A module of about 230 lines: functions with loops, objects and calls,
/// one of them into module `m{sibling}`.
fn typical_module(index: usize, sibling: usize) -> String {
    let mut out = format!("// generated module {index}\nimport math;\nimport m{sibling};\n\n");
    for f in 0..16 {
        out.push_str(&format!(
            "function f{f}(items, limit) {{\n    total = 0;\n    for (x in items) {{\n        if (x > limit) {{\n            total = total + x * {f};\n        }} elif (x == limit) {{\n            total = total - m{sibling}.f{f}([x], 0).total;\n        }} else {{\n            total = total + math.floor(x / 2);\n        }}\n    }}\n    return {{name: \"f{f}\", total: total}};\n}}\n\n"
        ));
    }
    out
}

fn main() {
    let count: usize = std::env::var("MLPY_CHECK_MODULES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = std::env::temp_dir().join("mlpy-check-tree");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("mkdir");
    let mut files = Vec::new();
    for i in 0..count {
        let path = root.join(format!("m{i}.ml"));
        let text = typical_module(i, (i + 1) % count);
        std::fs::write(&path, &text).expect("write");
        files.push((path, SourceFile::new(format!("m{i}.ml"), text)));
    }
    let lines: usize = files.iter().map(|(_, f)| f.text.lines().count()).sum();

    let compile_all = || {
        for (_, file) in &files {
            let program = parse(&file.text).expect("parse");
            compile(&program, file.clone(), &[], false).expect("compile");
        }
    };
    let paths: Vec<PathBuf> = vec![root.clone()];
    let check_all = || {
        let registry = ModuleRegistry::new(paths.clone(), vec![]);
        let cache = ExportsCache::default();
        let lookup = RegistryLookup {
            registry: &registry,
            cache: &cache,
        };
        let mut findings = 0;
        for (_, file) in &files {
            findings += check_text(file, &lookup).len();
        }
        assert_eq!(findings, 0, "generated modules check clean");
    };
    let runs = 5;
    let base = time(runs, compile_all);
    let check = time(runs, check_all);
    let rate = |d: std::time::Duration| lines as f64 / d.as_secs_f64().max(1e-9);
    println!("{count} modules, {lines} lines");
    println!(
        "parse + compile:            {:>9.1} ms ({:.0} lines/s)",
        base.as_secs_f64() * 1e3,
        rate(base)
    );
    println!(
        "check (+ analysis, lookups): {:>8.1} ms ({:.0} lines/s), {:.2}x the time",
        check.as_secs_f64() * 1e3,
        rate(check),
        check.as_secs_f64() / base.as_secs_f64().max(1e-9)
    );
    println!("the folder for timing `mlpy check`: {}", root.display());
}
