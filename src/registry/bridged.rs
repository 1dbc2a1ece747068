//! Python bridge modules as the registry loader sees them: importing and
//! reloading go through the session's [`crate::bridge::Bridge`], and what
//! the worker measured (load time, memory) and described (functions,
//! parameters, docstrings, capabilities) lands in the registry entry and
//! in `module_info()`.

use super::loader::RegistryLoader;
use super::ModuleEntry;
use crate::lang::error::{ErrorKind, RtError};
use crate::lang::value::{Module, ModuleKind};
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
