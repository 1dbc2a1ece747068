//! How a VM finds, imports and reloads modules: first the built-in modules
//! the host installed ([`crate::lang::host::BuiltinModules`]), then the
//! loader the registry plugs in, and the session's table of loaded modules.

use super::*;

/// Where modules that are not built in come from (the registry implements
/// this). Returns `None` when it does not know the name.
pub trait ModuleLoader {
    fn load(&self, vm: &mut Vm, name: &str) -> Option<Result<Rc<Module>, RtError>>;
    /// Re-run module `name` from its current source and swap the result
    /// into `module`; on any error `module` is left as it was.
    fn reload(
        &self,
        _vm: &mut Vm,
        _name: &str,
        _module: &Rc<Module>,
    ) -> Option<Result<ReloadReport, RtError>> {
        None
    }
    fn available(&self, _kind: Option<&str>) -> Vec<String> {
        Vec::new()
    }
    /// Whether the loader's module `name` replaces the built-in module of
    /// that name (a Python bridge module the user put on an extension path).
    fn overrides_builtin(&self, _name: &str) -> bool {
        false
    }
    /// `importer` (`<main>` for the program) executed `import name`.
    fn record_import(&self, _importer: &str, _name: &str) {}
    /// Built-in module `name` was loaded (first import), taking `took`.
    fn record_builtin_load(&self, _name: &str, _took: std::time::Duration) {}
}

/// What a reload did.
#[derive(Clone, Debug)]
pub struct ReloadReport {
    /// The source had changed and was compiled again.
    pub recompiled: bool,
    pub took: std::time::Duration,
}

impl Vm {
    /// Names of modules imported so far in this session, sorted.
    pub fn loaded_module_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.modules.keys().cloned().collect();
        names.sort();
        names
    }

    /// The module object imported under `name` in this session, if any.
    pub fn loaded_module(&self, name: &str) -> Option<Rc<Module>> {
        self.modules.get(name).cloned()
    }

    /// Names of all importable modules, sorted; `kind` filters by
    /// `"builtin"`, `"ml_source"` or `"python_bridge"`.
    pub fn available_module_names(&self, kind: Option<&str>) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        if kind.is_none() || kind == Some("builtin") {
            names.extend(self.builtin_modules.names().iter().map(|s| s.to_string()));
        }
        if let Some(loader) = &self.loader {
            names.extend(loader.available(kind));
        }
        names.sort();
        names.dedup();
        names
    }

    /// Import a module by dotted name: built-in first, then the loader.
    pub fn import(&mut self, name: &str) -> Result<Rc<Module>, RtError> {
        let module = self.import_unrecorded(name)?;
        // Only an import that worked makes its importer a user of the module.
        if let Some(loader) = &self.loader {
            let importer = self.importing.last().map_or("<main>", |s| s.as_str());
            loader.record_import(importer, name);
        }
        Ok(module)
    }

    fn import_unrecorded(&mut self, name: &str) -> Result<Rc<Module>, RtError> {
        if let Some(m) = self.modules.get(name) {
            return Ok(m.clone());
        }
        if name == "builtin" {
            return Ok(self.builtin_module());
        }
        let started = std::time::Instant::now();
        let overridden = self
            .loader
            .as_ref()
            .is_some_and(|l| l.overrides_builtin(name));
        if let Some(m) = self.builtin_modules.load(name).filter(|_| !overridden) {
            if let Some(loader) = &self.loader {
                loader.record_builtin_load(name, started.elapsed());
            }
            self.modules.insert(name.to_string(), m.clone());
            return Ok(m);
        }
        if let Some(start) = self.importing.iter().position(|m| m == name) {
            let mut cycle = self.importing[start..].to_vec();
            cycle.push(name.to_string());
            return Err(RtError::new(
                ErrorKind::ImportError,
                format!("circular import: {}", cycle.join(" -> ")),
            ));
        }
        self.importing.push(name.to_string());
        let result = match self.loader.clone() {
            Some(loader) => loader.load(self, name),
            None => None,
        };
        self.importing.pop();
        match result {
            Some(Ok(m)) => {
                self.modules.insert(name.to_string(), m.clone());
                Ok(m)
            }
            Some(Err(e)) => Err(e),
            None => Err(RtError::new(
                ErrorKind::ImportError,
                format!("No module named '{name}'"),
            )),
        }
    }

    /// Reload module `name` in place (ARCHITECTURE.md decision 3): later
    /// `m.f()` calls run the new code; a failed reload keeps the old one.
    /// A module not imported yet is imported.
    pub fn reload(&mut self, name: &str) -> Result<ReloadReport, RtError> {
        let started = std::time::Instant::now();
        let Some(module) = self.modules.get(name).cloned() else {
            self.import(name)?;
            return Ok(ReloadReport {
                recompiled: true,
                took: started.elapsed(),
            });
        };
        if module.kind == ModuleKind::Builtin {
            let fresh = if name == "builtin" {
                None
            } else {
                self.builtin_modules.load(name)
            };
            if let Some(fresh) = fresh {
                module.globals.replace(fresh.globals.current());
            }
            return Ok(ReloadReport {
                recompiled: false,
                took: started.elapsed(),
            });
        }
        // The new top level's imports are recorded as this module's own.
        self.importing.push(name.to_string());
        let result = match self.loader.clone() {
            Some(loader) => loader.reload(self, name, &module),
            None => None,
        };
        self.importing.pop();
        match result {
            Some(result) => result,
            None => Err(RtError::new(
                ErrorKind::ImportError,
                format!("module '{name}' cannot be reloaded"),
            )),
        }
    }
}
