//! The Python side of the bridge, carried inside the binary and handed to
//! the worker on its command line: a short program that installs the
//! decorator packages as in-memory modules and then runs the worker's
//! code. Nothing is written to disk, so no grant can reach the code the
//! worker runs, and a new mlpy never runs an old worker.

/// Module name, whether it is a package, and source of every module the
/// worker provides, parents before children.
const MODULES: &[(&str, bool, &str)] = &[
    (
        "mlpy",
        true,
        include_str!("../../assets/bridge/mlpy/__init__.py"),
    ),
    (
        "src",
        true,
        include_str!("../../assets/bridge/src/__init__.py"),
    ),
    (
        "src.mlpy",
        true,
        include_str!("../../assets/bridge/src/mlpy/__init__.py"),
    ),
    (
        "src.mlpy.stdlib",
        true,
        include_str!("../../assets/bridge/src/mlpy/stdlib/__init__.py"),
    ),
    (
        "src.mlpy.stdlib.decorators",
        false,
        include_str!("../../assets/bridge/src/mlpy/stdlib/decorators.py"),
    ),
    (
        "src.mlpy.runtime",
        true,
        include_str!("../../assets/bridge/src/mlpy/runtime/__init__.py"),
    ),
    (
        "src.mlpy.runtime.capabilities",
        false,
        include_str!("../../assets/bridge/src/mlpy/runtime/capabilities.py"),
    ),
];

const WORKER: &str = include_str!("../../assets/bridge/mlpy_bridge_worker.py");

/// The name the worker's code runs under (its frames' file name).
pub const WORKER_FILE: &str = "<mlpy bridge worker>";

/// The program given to `python -c`: it installs the modules in
/// `sys.modules`, then runs the worker as `__main__`. The sources travel
/// as JSON texts inside Python string literals (a JSON string is also a
/// valid Python string literal).
pub fn bootstrap_program() -> String {
    let modules: Vec<serde_json::Value> = MODULES
        .iter()
        .map(|(name, package, source)| serde_json::json!([name, package, source]))
        .collect();
    let literal = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    let modules = literal(&serde_json::Value::Array(modules).to_string());
    let file = literal(WORKER_FILE);
    let worker = literal(WORKER);
    format!(
        r#"import json, sys, types
def _install(entries):
    for name, is_package, source in entries:
        module = types.ModuleType(name)
        module.__file__ = "<mlpy:" + name + ">"
        if is_package:
            module.__path__ = []
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)
        exec(compile(source, module.__file__, "exec"), module.__dict__)
_install(json.loads({modules}))
_worker = {{"__name__": "__main__", "__file__": {file}, "__builtins__": __builtins__}}
exec(compile({worker}, {file}, "exec"), _worker)
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_fits_one_command_line_argument() {
        // Linux refuses a single argument longer than 128 KiB.
        let program = bootstrap_program();
        assert!(program.len() < 120 * 1024, "{}", program.len());
        assert!(!program.contains('\0'));
    }
}
