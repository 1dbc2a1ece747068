//! How a VM finds, imports and reloads modules: a chain of resolvers the
//! layers above install (built-in modules, ML source files, Python bridges),
//! asked in order as rhai asks its module resolvers, and the session's table
//! of loaded modules. The language names no source of modules itself.

use super::*;
use std::time::Instant;

/// One source of modules. `import` asks the VM's resolvers in order; the
/// first that knows the name answers, the others say `None` to pass it on.
pub trait ModuleResolver {
    fn resolve(&self, vm: &mut Vm, name: &str) -> Option<Result<Rc<Module>, RtError>>;
    /// Re-run loaded module `name` from its current source and swap the
    /// result into `module`; on any error `module` is left as it was.
    /// `None` when `module` is not this resolver's.
    fn reload(
        &self,
        _vm: &mut Vm,
        _name: &str,
        _module: &Rc<Module>,
    ) -> Option<Result<ReloadReport, RtError>> {
        None
    }
    /// The names this resolver imports: of one kind (`"builtin"`,
    /// `"ml_source"`, `"python_bridge"`) or, for `None`, all.
    fn available(&self, _kind: Option<&str>) -> Vec<String> {
        Vec::new()
    }
    /// Names near `name` for the "did you mean" of an import no resolver
    /// answered.
    fn suggestions(&self, _name: &str) -> Vec<String> {
        Vec::new()
    }
}

/// The modules written in Rust ([`BuiltinModules`]) as a resolver: a fresh
/// instance per import; a reload swaps in fresh members.
pub struct BuiltinResolver(pub &'static dyn BuiltinModules);

impl ModuleResolver for BuiltinResolver {
    fn resolve(&self, _vm: &mut Vm, name: &str) -> Option<Result<Rc<Module>, RtError>> {
        self.0.load(name).map(Ok)
    }

    fn reload(
        &self,
        _vm: &mut Vm,
        name: &str,
        module: &Rc<Module>,
    ) -> Option<Result<ReloadReport, RtError>> {
        if module.kind != ModuleKind::Builtin {
            return None;
        }
        let started = Instant::now();
        let fresh = self.0.load(name)?;
        module.globals.replace(fresh.globals.current());
        Some(Ok(ReloadReport {
            recompiled: false,
            took: started.elapsed(),
        }))
    }

    fn available(&self, kind: Option<&str>) -> Vec<String> {
        if kind.is_some_and(|k| k != "builtin") {
            return Vec::new();
        }
        self.0.names().iter().map(|s| s.to_string()).collect()
    }
}

/// Told `(importer, name)` after each import that worked.
pub(super) type ImportListener = Box<dyn Fn(&str, &str)>;

/// What a reload did.
#[derive(Clone, Debug)]
pub struct ReloadReport {
    /// The source had changed and was compiled again.
    pub recompiled: bool,
    pub took: std::time::Duration,
}

impl Vm {
    /// The resolvers `import` asks, in order (replacing any before).
    pub fn set_resolvers(&mut self, resolvers: Vec<Rc<dyn ModuleResolver>>) {
        self.resolvers = resolvers.into();
    }

    /// Have `listener(importer, name)` called after every import that
    /// worked; `importer` is the module whose top level ran the import, or
    /// `<main>` for the program.
    pub fn on_import(&mut self, listener: impl Fn(&str, &str) + 'static) {
        self.import_listener = Some(Box::new(listener));
    }

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
        let mut names: Vec<String> = self
            .resolvers
            .iter()
            .flat_map(|r| r.available(kind))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Import a module by dotted name: the one loaded before, else the
    /// first resolver that knows the name.
    pub fn import(&mut self, name: &str) -> Result<Rc<Module>, RtError> {
        let module = self.import_unrecorded(name)?;
        // Only an import that worked makes its importer a user of the module.
        if let Some(listener) = &self.import_listener {
            let importer = self.importing.last().map_or("<main>", |s| s.as_str());
            listener(importer, name);
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
        if let Some(start) = self.importing.iter().position(|m| m == name) {
            let mut cycle = self.importing[start..].to_vec();
            cycle.push(name.to_string());
            return Err(RtError::new(
                ErrorKind::ImportError,
                format!("circular import: {}", cycle.join(" -> ")),
            ));
        }
        self.importing.push(name.to_string());
        let resolvers = self.resolvers.clone();
        let result = resolvers.iter().find_map(|r| r.resolve(self, name));
        self.importing.pop();
        let module = result.unwrap_or_else(|| Err(self.no_module(name)))?;
        self.modules.insert(name.to_string(), module.clone());
        Ok(module)
    }

    /// "No module named 'x'", with the names the resolvers find near it.
    fn no_module(&self, name: &str) -> RtError {
        let mut near: Vec<String> = Vec::new();
        for resolver in self.resolvers.iter() {
            for s in resolver.suggestions(name) {
                if !near.contains(&s) {
                    near.push(s);
                }
            }
        }
        let hint = if near.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = near.iter().map(|n| format!("'{n}'")).collect();
            format!(" (did you mean {}?)", quoted.join(", "))
        };
        RtError::new(
            ErrorKind::ImportError,
            format!("No module named '{name}'{hint}"),
        )
    }

    /// Reload module `name` in place (ARCHITECTURE.md decision 3): later
    /// `m.f()` calls run the new code; a failed reload keeps the old one.
    /// A module not imported yet is imported.
    pub fn reload(&mut self, name: &str) -> Result<ReloadReport, RtError> {
        let started = Instant::now();
        let Some(module) = self.modules.get(name).cloned() else {
            self.import(name)?;
            return Ok(ReloadReport {
                recompiled: true,
                took: started.elapsed(),
            });
        };
        if name == "builtin" {
            // Nothing to read again: it holds the builtins themselves.
            return Ok(ReloadReport {
                recompiled: false,
                took: started.elapsed(),
            });
        }
        // The new top level's imports are recorded as this module's own.
        self.importing.push(name.to_string());
        let resolvers = self.resolvers.clone();
        let result = resolvers.iter().find_map(|r| r.reload(self, name, &module));
        self.importing.pop();
        result.unwrap_or_else(|| {
            Err(RtError::new(
                ErrorKind::ImportError,
                format!("module '{name}' cannot be reloaded"),
            ))
        })
    }
}
