//! The registry's import chain: three resolvers a VM asks in order —
//! built-in modules, ML source files, Python bridge modules. Each answers
//! only for the names whose registry entry is of its kind, so the order
//! decides nothing but who is asked first; the one exception is a Python
//! bridge module named like a built-in one, which the built-in resolver
//! leaves to the bridges (the user put it on an extension path on purpose).

use super::loader::RegistryLoader;
use super::ModuleEntry;
use crate::lang::error::{ErrorKind, RtError};
use crate::lang::value::{Globals, Module, ModuleKind};
use crate::lang::vm::{BuiltinResolver, ModuleResolver, ReloadReport, Vm};
use crate::stdlib::Stdlib;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

/// The resolvers for `vm.set_resolvers`, in the order they are asked.
pub fn chain(loader: &Rc<RegistryLoader>) -> Vec<Rc<dyn ModuleResolver>> {
    vec![
        Rc::new(Builtins {
            loader: loader.clone(),
            modules: BuiltinResolver(&Stdlib),
        }),
        Rc::new(MlSources(loader.clone())),
        Rc::new(Bridges(loader.clone())),
    ]
}

/// The registry's entry for `name` when it is of `kind`.
fn entry_of(loader: &RegistryLoader, name: &str, kind: ModuleKind) -> Option<Arc<ModuleEntry>> {
    loader.registry.get(name).filter(|e| e.kind == kind)
}

/// The names of the registry's entries of `kind`, when `wanted` asks for it.
fn names_of(loader: &RegistryLoader, kind: ModuleKind, wanted: Option<&str>) -> Vec<String> {
    if wanted.is_some_and(|w| w != super::loader::kind_name(kind)) {
        return Vec::new();
    }
    let entries = loader.registry.list(Some(kind));
    entries.iter().map(|e| e.name.to_string()).collect()
}

/// A failed import or reload is remembered on the entry (for `.modinfo`).
fn noted<T>(entry: &ModuleEntry, result: Result<T, RtError>) -> Result<T, RtError> {
    result.inspect_err(|e| entry.record_failure(&e.to_string()))
}

/// The standard library, with each first load timed into its entry.
struct Builtins {
    loader: Rc<RegistryLoader>,
    modules: BuiltinResolver,
}

impl ModuleResolver for Builtins {
    fn resolve(&self, vm: &mut Vm, name: &str) -> Option<Result<Rc<Module>, RtError>> {
        let started = Instant::now();
        if entry_of(&self.loader, name, ModuleKind::PythonBridge).is_some() {
            return None;
        }
        let module = self.modules.resolve(vm, name)?;
        if let Some(entry) = self.loader.registry.get(name) {
            entry.record_load(started.elapsed());
        }
        Some(module)
    }

    fn reload(
        &self,
        vm: &mut Vm,
        name: &str,
        module: &Rc<Module>,
    ) -> Option<Result<ReloadReport, RtError>> {
        self.modules.reload(vm, name, module)
    }

    fn available(&self, kind: Option<&str>) -> Vec<String> {
        self.modules.available(kind)
    }
}

/// ML source files: compiled by the registry (once, shared), run in fresh
/// globals of the importing VM.
struct MlSources(Rc<RegistryLoader>);

impl MlSources {
    /// Compile (or reuse) module `name` and run its top level in fresh
    /// globals; returns them and whether the source was compiled anew.
    fn run(
        &self,
        vm: &mut Vm,
        name: &str,
        entry: &ModuleEntry,
    ) -> Result<(Rc<Globals>, bool), RtError> {
        let before = entry.snapshot();
        let chunk = self.0.registry.compile(name).map_err(|message| {
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
}

impl ModuleResolver for MlSources {
    fn resolve(&self, vm: &mut Vm, name: &str) -> Option<Result<Rc<Module>, RtError>> {
        let entry = entry_of(&self.0, name, ModuleKind::MlSource)?;
        let module = self.run(vm, name, &entry).map(|(globals, _)| {
            Rc::new(Module {
                name: name.into(),
                kind: ModuleKind::MlSource,
                globals: globals.into(),
            })
        });
        Some(noted(&entry, module))
    }

    fn reload(
        &self,
        vm: &mut Vm,
        name: &str,
        module: &Rc<Module>,
    ) -> Option<Result<ReloadReport, RtError>> {
        let entry = entry_of(&self.0, name, ModuleKind::MlSource)?;
        let started = Instant::now();
        let report = self.run(vm, name, &entry).map(|(globals, recompiled)| {
            module.globals.replace(globals);
            let took = started.elapsed();
            entry.record_reload();
            ReloadReport { recompiled, took }
        });
        Some(noted(&entry, report))
    }

    fn available(&self, kind: Option<&str>) -> Vec<String> {
        names_of(&self.0, ModuleKind::MlSource, kind)
    }

    /// The registry's near names, for a name it does not know at all.
    fn suggestions(&self, name: &str) -> Vec<String> {
        if self.0.registry.get(name).is_some() {
            return Vec::new();
        }
        self.0.registry.suggestions(name)
    }
}

/// Python bridge modules, run in the session's worker process.
struct Bridges(Rc<RegistryLoader>);

impl ModuleResolver for Bridges {
    fn resolve(&self, _vm: &mut Vm, name: &str) -> Option<Result<Rc<Module>, RtError>> {
        let entry = entry_of(&self.0, name, ModuleKind::PythonBridge)?;
        Some(noted(&entry, super::bridged::load(&self.0, &entry)))
    }

    fn reload(
        &self,
        _vm: &mut Vm,
        name: &str,
        module: &Rc<Module>,
    ) -> Option<Result<ReloadReport, RtError>> {
        let entry = entry_of(&self.0, name, ModuleKind::PythonBridge)?;
        Some(noted(
            &entry,
            super::bridged::reload(&self.0, &entry, module),
        ))
    }

    fn available(&self, kind: Option<&str>) -> Vec<String> {
        names_of(&self.0, ModuleKind::PythonBridge, kind)
    }
}
