//! Registry speed: discovery of generated module trees, compiling a
//! 227-line module and a 50,167-line file, importing one module, reloading
//! after an edit, and the bytes a typical module holds. A plain harness
//! (`cargo bench --bench registry`): each measurement is repeated and the
//! median printed.
//!
//! The 50,167-line file (221 typical modules one after another) is also
//! left at `$TMPDIR/mlpy-check-50k.ml` for timing the whole `mlpy check`
//! process, e.g. `hyperfine -N 'target/release/mlpy check /tmp/mlpy-check-50k.ml'`.

mod common;

use common::time;
use mlpy::driver::{run_in_globals, SharedBuffer};
use mlpy::lang::value::Globals;
use mlpy::lang::vm::Vm;
use mlpy::registry::loader::RegistryLoader;
use mlpy::registry::ModuleRegistry;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

/// A module of 227 lines: functions with loops, objects and calls.
fn typical_module(index: usize) -> String {
    let mut out = format!("// generated module {index}\nimport math;\n\n");
    for f in 0..16 {
        out.push_str(&format!(
            "function f{f}(items, limit) {{\n    total = 0;\n    for (x in items) {{\n        if (x > limit) {{\n            total = total + x * {f};\n        }} elif (x == limit) {{\n            total = total - 1;\n        }} else {{\n            total = total + math.floor(x / 2);\n        }}\n    }}\n    return {{name: \"f{f}\", total: total}};\n}}\n\n"
        ));
    }
    out
}

/// The file `mlpy check` is timed on: 221 typical modules, 50,167 lines.
fn check_file() -> String {
    (0..221).map(typical_module).collect()
}

fn generate_tree(root: &Path, modules: usize) {
    for i in 0..modules {
        let dir = root
            .join(format!("pkg{}", i / 100))
            .join(format!("sub{}", (i / 10) % 10));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(format!("m{i}.ml")), "x = 1;\n").expect("write");
    }
}

fn main() {
    for count in [100, 1_000, 10_000] {
        let dir = tempfile::tempdir().expect("tempdir");
        generate_tree(dir.path(), count);
        let paths = vec![dir.path().to_path_buf()];
        let t = time(9, || {
            let registry = ModuleRegistry::new(paths.clone(), vec![]);
            registry.discover_now();
            registry
        });
        println!(
            "discovery of {count:>6} modules: {:>9.3} ms",
            t.as_secs_f64() * 1e3
        );
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let source = typical_module(0);
    let lines = source.lines().count();
    let file = dir.path().join("typical.ml");
    std::fs::write(&file, &source).expect("write");
    let compile = time(51, || {
        let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
        registry.compile("typical").expect("compile")
    });
    let discover_only = time(51, || {
        ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![])
    });
    let compile_only = compile.saturating_sub(discover_only);
    println!(
        "compile of a {lines}-line module: {:>9.3} ms ({:.0} lines/s)",
        compile_only.as_secs_f64() * 1e3,
        lines as f64 / compile_only.as_secs_f64().max(1e-9)
    );

    let big = check_file();
    let big_lines = big.lines().count();
    std::fs::write(dir.path().join("big.ml"), &big).expect("write");
    let big_compile = time(21, || {
        let registry = ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]);
        registry.compile("big").expect("compile")
    })
    .saturating_sub(discover_only);
    println!(
        "compile of a {big_lines}-line file: {:>9.3} ms ({:.0} lines/s)",
        big_compile.as_secs_f64() * 1e3,
        big_lines as f64 / big_compile.as_secs_f64().max(1e-9)
    );
    let check_path = std::env::temp_dir().join("mlpy-check-50k.ml");
    std::fs::write(&check_path, &big).expect("write");
    println!(
        "the {big_lines}-line file for timing `mlpy check`: {}",
        check_path.display()
    );

    let registry = Arc::new(ModuleRegistry::new(vec![dir.path().to_path_buf()], vec![]));
    let import = time(51, || {
        let mut vm = Vm::with_output(Box::new(SharedBuffer::default()));
        RegistryLoader::new(registry.clone()).install(&mut vm);
        let globals = Rc::new(Globals::default());
        run_in_globals(&mut vm, &globals, "<bench>", "import typical;", false).expect("import");
    });
    println!(
        "import of one module (cached code, new VM): {:>9.3} ms",
        import.as_secs_f64() * 1e3
    );

    let mut vm = Vm::with_output(Box::new(SharedBuffer::default()));
    RegistryLoader::new(registry.clone()).install(&mut vm);
    let globals = Rc::new(Globals::default());
    run_in_globals(&mut vm, &globals, "<bench>", "import typical;", false).expect("import");
    let mut edits = 0;
    let reload = time(31, || {
        edits += 1;
        std::fs::write(&file, format!("{source}\nedit = {edits};\n")).expect("write");
        vm.reload("typical").expect("reload")
    });
    println!(
        "reload after an edit: {:>9.3} ms",
        reload.as_secs_f64() * 1e3
    );

    let bytes = registry.get("typical").expect("entry").compiled_bytes();
    println!(
        "compiled bytes of the {lines}-line module: {bytes} ({:.1} KB)",
        bytes as f64 / 1024.0
    );
}
