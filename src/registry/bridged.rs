//! Python bridge modules as the registry loader sees them: importing and
//! reloading go through the session's [`crate::bridge::Bridge`], and what
//! the worker measured (load time, memory) and described (functions,
//! parameters, docstrings, capabilities) lands in the registry entry and
//! in `module_info()`.

use super::loader::RegistryLoader;
use super::ModuleEntry;
use crate::lang::error::{ErrorKind, RtError};
use crate::lang::value::{Module, ModuleKind, Value};
use crate::lang::vm::ReloadReport;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

fn source_path(entry: &ModuleEntry) -> Result<PathBuf, RtError> {
    if entry.is_missing() {
        return Err(RtError::new(
            ErrorKind::ImportError,
            format!("the file of module '{}' has been deleted", entry.name),
        ));
    }
    entry.path.clone().ok_or_else(|| {
        RtError::new(
            ErrorKind::ImportError,
            format!("module '{}' has no source file", entry.name),
        )
    })
}

pub fn load(loader: &RegistryLoader, entry: &Arc<ModuleEntry>) -> Result<Rc<Module>, RtError> {
    let name = entry.name.to_string();
    let loaded = loader.bridge.load(&name, &source_path(entry)?)?;
    entry.record_load(loaded.took);
    entry.record_reported_memory(loaded.description.memory);
    Ok(Rc::new(Module {
        name: name.as_str().into(),
        kind: ModuleKind::PythonBridge,
        globals: loaded.globals.into(),
    }))
}

/// Re-import in the worker and swap the namespace; on failure the module
/// (here and in the worker) stays as it was.
pub fn reload(
    loader: &RegistryLoader,
    entry: &Arc<ModuleEntry>,
    module: &Rc<Module>,
) -> Result<ReloadReport, RtError> {
    let name = entry.name.to_string();
    let loaded = loader.bridge.reload(&name, &source_path(entry)?)?;
    module.globals.replace(loaded.globals);
    entry.record_load(loaded.took);
    entry.record_reported_memory(loaded.description.memory);
    entry.record_reload();
    Ok(ReloadReport {
        recompiled: true,
        took: loaded.took,
    })
}

/// `module_info()` fields of a loaded bridge module: version, description,
/// the class, each function's parameters (with defaults), docstring and
/// required capabilities, and the module-wide capabilities.
pub fn info_fields(loader: &RegistryLoader, name: &str, fields: &mut Vec<(&str, Value)>) {
    let Some(d) = loader.bridge.description(name) else {
        return;
    };
    let text = |s: &Option<String>| s.as_deref().map_or(Value::Null, Value::str);
    let strings = |xs: &[String]| Value::array(xs.iter().map(|x| Value::str(x)).collect());
    let per_function = |value: &dyn Fn(&crate::bridge::protocol::FunctionDescription) -> Value| {
        Value::object_from(d.functions.iter().map(|f| (f.name.as_str(), value(f))))
    };
    fields.retain(|(key, _)| *key != "parameters");
    fields.push(("parameters", per_function(&|f| strings(&f.params))));
    fields.push(("docs", per_function(&|f| text(&f.doc))));
    fields.push((
        "function_capabilities",
        per_function(&|f| strings(&f.capabilities)),
    ));
    fields.push(("capabilities", strings(&d.capabilities)));
    fields.push(("class", Value::str(&d.class_name)));
    fields.push(("version", text(&d.version)));
    fields.push(("description", text(&d.description)));
    fields.push(("memory_bytes", Value::Int(d.memory as i64)));
    fields.push(("python_load_ms", Value::Float(d.load_ms)));
}
