//! Odd file trees under module discovery, imports and `path.glob`: the
//! fuzzer's bytes build a small tree in a fresh temporary folder (folders,
//! modules, links to `.`, `..`, `/`, `/proc/self/root`, siblings and nowhere,
//! FIFOs named like modules), then mlpy discovers it, imports every module
//! it found and globs it. Any of these may fail with an error; none may
//! hang, crash or follow a link into a loop.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use mlpy::driver::{on_interpreter_thread, run_source};
use mlpy::lang::diagnostics::SourceFile;
use mlpy::registry::loader::RegistryLoader;
use mlpy::lang::value::ModuleKind;
use mlpy::registry::ModuleRegistry;
use mlpy::Vm;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

#[path = "common/watchdog.rs"]
mod watchdog;
use watchdog::Watchdog;

/// Time the imports and the glob may take before they are interrupted.
const BUDGET: Duration = Duration::from_millis(500);

const NAMES: &[&str] = &[
    "a", "b", "sub", "m.ml", "n.ml", "x.py", ".hidden", "we ird.ml", "1bad.ml", "a.b.ml",
];
const LINK_TARGETS: &[&str] = &[
    ".", "..", "../..", "/", "/proc/self/root", "/proc/self/cwd", "nowhere", "a", "m.ml", "sub/..",
];
const ML_SOURCES: &[&str] = &[
    "x = 1;",
    "import m; y = 2;",
    "import sub.n; function f() { return 1; }",
    "this is not ML (",
    "while (true) { }",
];
const PY_SOURCES: &[&str] = &[
    "from mlpy_bridge import ml_module\n@ml_module(\"x\")\nclass X: pass\n",
    "@ml_module(\"m\")\n",
    "raise SystemExit\n",
];

fuzz_target!(|data: &[u8]| {
    let root = fresh_root();
    if build_tree(&mut Unstructured::new(data), &root).is_err() {
        let _ = std::fs::remove_dir_all(&root);
        return;
    }
    if std::env::var_os("MLPY_FUZZ_PRINT").is_some() {
        let _ = std::process::Command::new("ls").arg("-lR").arg(&root).status();
    }
    let dir = root.clone();
    on_interpreter_thread(move || exercise(&dir)).expect("the interpreter thread panicked");
    let _ = std::fs::remove_dir_all(&root);
});

fn fresh_root() -> PathBuf {
    let root = std::env::temp_dir().join(format!("mlpy-fuzz-tree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("a temporary folder");
    root
}

/// Up to 16 entries, each placed in the root or in a folder made earlier.
fn build_tree(u: &mut Unstructured, root: &Path) -> Result<()> {
    let mut folders = vec![root.to_path_buf()];
    for _ in 0..u.int_in_range(1..=16)? {
        let parent = u.choose(&folders)?.clone();
        let path = parent.join(u.choose(NAMES)?);
        match u.int_in_range(0..=4)? {
            0 => {
                if std::fs::create_dir(&path).is_ok() {
                    folders.push(path);
                }
            }
            1 => {
                let text = if path.extension().is_some_and(|e| e == "py") {
                    u.choose(PY_SOURCES)?
                } else {
                    u.choose(ML_SOURCES)?
                };
                let _ = std::fs::write(&path, text);
            }
            2 | 3 => {
                let _ = symlink(u.choose(LINK_TARGETS)?, &path);
            }
            _ => {
                let _ = make_fifo(&path);
            }
        }
    }
    Ok(())
}

fn make_fifo(path: &Path) -> std::io::Result<()> {
    let status = std::process::Command::new("mkfifo").arg(path).status()?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| std::io::Error::other("mkfifo failed"))
}

/// Discover the tree as both module kinds, import every ML module found,
/// and glob the whole tree with file:read granted.
fn exercise(root: &Path) {
    let registry = Arc::new(ModuleRegistry::new(
        vec![root.to_path_buf()],
        vec![root.to_path_buf()],
    ));
    registry.discover_now();
    let mut imports = String::from("import path;\n");
    for entry in registry.list(None) {
        if entry.kind == ModuleKind::MlSource {
            imports.push_str(&format!("try {{ import {}; }} except (e) {{ }}\n", entry.name));
        }
    }
    let root_text = root.display().to_string().replace('\\', "\\\\").replace('"', "\\\"");
    imports.push_str(&format!(
        "try {{ g = path.glob(\"{root_text}/**/*\"); }} except (e) {{ }}\n"
    ));
    let mut vm = Vm::with_output(Box::new(std::io::sink()));
    vm.set_input(Box::new(std::io::empty()));
    vm.set_loader(Rc::new(RegistryLoader::new(registry)));
    vm.grant("file:read");
    vm.max_depth = 64;
    let _watchdog = Watchdog::start(vm.interrupt_flag(), BUDGET);
    let _ = run_source(&mut vm, &SourceFile::new("<tree>", &imports));
}
