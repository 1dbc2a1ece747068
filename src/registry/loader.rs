//! One VM's link to the shared registry: the registry and the session's
//! Python worker client. [`RegistryLoader::install`] gives the VM the
//! registry's import chain (`resolve.rs`), tells the registry of every import
//! (its import graph) and adds the report builtins (`natives.rs`).

use super::ModuleRegistry;
use crate::bridge::{Bridge, BridgeSettings};
use crate::lang::value::ModuleKind;
use crate::lang::vm::Vm;
use std::rc::Rc;
use std::sync::Arc;

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

    /// Make this the loader of `vm`: its imports go through the registry,
    /// which records who imports what, and the builtins that report on the
    /// registry (`module_info()`, ...) answer from it. Returns the shared
    /// loader.
    pub fn install(self, vm: &mut Vm) -> Rc<RegistryLoader> {
        let loader = Rc::new(self);
        vm.set_resolvers(super::resolve::chain(&loader));
        let registry = loader.registry.clone();
        vm.on_import(move |importer, name| registry.record_import(importer, name));
        super::natives::install(&loader, vm);
        loader
    }
}

pub fn kind_name(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::Builtin => "builtin",
        ModuleKind::MlSource => "ml_source",
        ModuleKind::PythonBridge => "python_bridge",
        ModuleKind::Namespace => "namespace",
    }
}
