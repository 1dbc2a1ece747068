//! The bridge between one VM and the shared registry: the VM asks for a
//! module by name, the registry supplies compiled code, and the loader runs
//! the module's top level in a fresh global scope of that VM.

use super::ModuleRegistry;
use crate::bridge::{Bridge, BridgeSettings};
use crate::lang::error::{ErrorKind, RtError};
use crate::lang::value::{Globals, Module, ModuleKind};
use crate::lang::vm::{ModuleLoader, ReloadReport, Vm};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

pub struct RegistryLoader {
    pub registry: Arc<ModuleRegistry>,
    /// This session's Python worker client (no process until a bridge
    /// module is imported).
    pub bridge: Rc<Bridge>,
}

impl RegistryLoader {
    pub fn new(registry: Arc<ModuleRegistry>) -> RegistryLoader {
        RegistryLoader::with_bridge(registry, BridgeSettings::default())
    }

    pub fn with_bridge(registry: Arc<ModuleRegistry>, settings: BridgeSettings) -> RegistryLoader {
        RegistryLoader {
            registry,
            bridge: Rc::new(Bridge::new(settings)),
        }
    }

    /// Make this the loader of `vm`, with the builtins that report on the
    /// registry (`module_info()`, ...); returns the shared loader.
    pub fn install(self, vm: &mut Vm) -> Rc<RegistryLoader> {
        let loader = Rc::new(self);
        super::natives::install(&loader, vm);
        loader
    }

    fn not_found(&self, name: &str) -> RtError {
        let suggestions = self.registry.suggestions(name);
        let hint = if suggestions.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", quoted_list(&suggestions))
        };
        RtError::new(
            ErrorKind::ImportError,
            format!("No module named '{name}'{hint}"),
        )
    }

    /// Compile (or reuse) module `name` and run its top level in fresh
    /// globals; returns them and whether the source was compiled anew.
    fn run_ml(&self, vm: &mut Vm, name: &str) -> Result<(Rc<Globals>, bool), RtError> {
        let entry = self
            .registry
            .get(name)
            .ok_or_else(|| self.not_found(name))?;
        let before = entry.snapshot();
        let chunk = self.registry.compile(name).map_err(|message| {
            RtError::new(
                ErrorKind::ImportError,
                format!("module '{name}' failed to compile:\n{message}"),
            )
        })?;
        let recompiled = entry.stats().compilations != before.compilations();
        let globals = Rc::new(Globals::default());
        let started = Instant::now();
        if let Err(e) = vm.run_chunk(&chunk, &globals) {
            // The new code never ran to the end: the running version (if
            // any) is still the one to describe.
            entry.restore(before);
            return Err(e);
        }
        entry.record_load(started.elapsed());
        Ok((globals, recompiled))
    }

    fn load_ml(&self, vm: &mut Vm, name: &str) -> Result<Rc<Module>, RtError> {
        let (globals, _) = self.run_ml(vm, name)?;
        Ok(Rc::new(Module {
            name: name.into(),
            kind: ModuleKind::MlSource,
            globals: globals.into(),
        }))
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn kind_name(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::Builtin => "builtin",
        ModuleKind::MlSource => "ml_source",
        ModuleKind::PythonBridge => "python_bridge",
        ModuleKind::Namespace => "namespace",
    }
}

impl ModuleLoader for RegistryLoader {
    fn load(&self, vm: &mut Vm, name: &str) -> Option<Result<Rc<Module>, RtError>> {
        let Some(entry) = self.registry.get(name) else {
            return Some(Err(self.not_found(name)));
        };
        let result = match entry.kind {
            ModuleKind::MlSource => self.load_ml(vm, name),
            ModuleKind::PythonBridge => super::bridged::load(self, &entry),
            _ => return None,
        };
        Some(result.inspect_err(|e| entry.record_failure(&e.to_string())))
    }

    fn reload(
        &self,
        vm: &mut Vm,
        name: &str,
        module: &Rc<Module>,
    ) -> Option<Result<ReloadReport, RtError>> {
        let entry = self.registry.get(name)?;
        let result = match entry.kind {
            ModuleKind::PythonBridge => super::bridged::reload(self, &entry, module),
            ModuleKind::MlSource => {
                let started = Instant::now();
                self.run_ml(vm, name).map(|(globals, recompiled)| {
                    module.globals.replace(globals);
                    let took = started.elapsed();
                    entry.record_reload();
                    ReloadReport { recompiled, took }
                })
            }
            _ => return None,
        };
        Some(result.inspect_err(|e| entry.record_failure(&e.to_string())))
    }

    fn overrides_builtin(&self, name: &str) -> bool {
        self.registry
            .get(name)
            .is_some_and(|e| e.kind == ModuleKind::PythonBridge)
    }

    fn record_import(&self, importer: &str, name: &str) {
        self.registry.record_import(importer, name);
    }

    fn record_builtin_load(&self, name: &str, took: std::time::Duration) {
        if let Some(entry) = self.registry.get(name) {
            entry.record_load(took);
        }
    }

    fn available(&self, kind: Option<&str>) -> Vec<String> {
        self.registry
            .list(None)
            .into_iter()
            .filter(|e| kind.is_none_or(|k| k == kind_name(e.kind)))
            .map(|e| e.name.to_string())
            .collect()
    }
}
