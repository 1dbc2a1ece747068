//! Built-in standard modules, written in Rust (spec section 5).
//!
//! Each module is a function table: [`load`] builds a fresh `Module` whose
//! globals hold one native function value per row (named `math.sqrt` and so
//! on, with its `help()` text and its reference capability names) plus any
//! constants. Nothing is shared between loads, so every VM (and every
//! `.reload`) gets its own module object.
//!
//! The capability names attached to module functions are informational
//! (spec 3.14: shown by `help`/`requiredCapabilities`, not enforced);
//! functions that touch the outside world (`file`, `csv`, `env`, `path`
//! writes, `http` requests, `log.add_file`) check their grants themselves
//! through the VM, with the helpers they share in `host.rs`.

mod args;
mod collections;
mod console;
mod crypto;
mod csv;
mod datetime;
mod env;
mod file;
mod functional;
mod gc;
mod host;
mod http;
pub(crate) mod json;
mod log;
mod math;
mod path;
mod random;
mod regex;
mod string;

use crate::lang::builtins::{self, native_value};
use crate::lang::host::BuiltinModules;
use crate::lang::value::{Globals, Module, ModuleKind, NativeFnPtr, Value};
use std::rc::Rc;

/// Names of the built-in modules, sorted.
pub fn names() -> &'static [&'static str] {
    &[
        "args",
        "builtin",
        "collections",
        "console",
        "crypto",
        "csv",
        "datetime",
        "env",
        "file",
        "functional",
        "gc",
        "http",
        "json",
        "log",
        "math",
        "path",
        "random",
        "regex",
        "string",
    ]
}

/// The standard library as the VM's built-in modules.
pub struct Stdlib;

impl BuiltinModules for Stdlib {
    fn names(&self) -> Vec<&'static str> {
        names().to_vec()
    }

    fn load(&self, name: &str) -> Option<Rc<Module>> {
        load(name)
    }
}

/// Instantiate built-in module `name` for one VM.
pub fn load(name: &str) -> Option<Rc<Module>> {
    let members = match name {
        "args" => args::members(),
        "builtin" => builtin_members(),
        "collections" => collections::members(),
        "console" => console::members(),
        "crypto" => crypto::members(),
        "csv" => self::csv::members(),
        "datetime" => datetime::members(),
        "env" => env::members(),
        "file" => file::members(),
        "functional" => functional::members(),
        "gc" => gc::members(),
        "http" => http::members(),
        "json" => json::members(),
        "log" => log::members(),
        "math" => math::members(),
        "path" => path::members(),
        "random" => random::members(),
        "regex" => regex::members(),
        "string" => string::members(),
        _ => return None,
    };
    Some(make_module(name, members))
}

fn make_module(name: &str, members: Vec<(String, Value)>) -> Rc<Module> {
    let globals = Globals::default();
    for (member, value) in members {
        globals.set(&member, value);
    }
    Rc::new(Module {
        name: name.into(),
        kind: ModuleKind::Builtin,
        globals: Rc::new(globals).into(),
    })
}

/// The module `builtin`: every builtin under its plain name.
fn builtin_members() -> Vec<(String, Value)> {
    builtins::names()
        .iter()
        .filter_map(|name| Some((name.to_string(), builtins::lookup(name)?)))
        .collect()
}

/// One function of a module table: name, implementation, `help()` text.
type Row = (&'static str, NativeFnPtr, &'static str);

/// The function values of a module table, each named `module.function`.
fn functions(
    module: &str,
    rows: &[Row],
    capabilities: impl Fn(&str) -> &'static [&'static str],
) -> Vec<(String, Value)> {
    rows.iter()
        .map(|(name, func, doc)| {
            let value = native_value(&format!("{module}.{name}"), *func, doc, capabilities(name));
            (name.to_string(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_module_loads() {
        assert!(names().windows(2).all(|w| w[0] < w[1]));
        for name in names() {
            let module = load(name).expect("module loads");
            assert_eq!(&*module.name, *name);
            assert_eq!(module.kind, ModuleKind::Builtin);
        }
        assert!(load("nope").is_none());
    }

    #[test]
    fn builtin_module_holds_every_builtin() {
        let module = load("builtin").unwrap();
        for name in builtins::names() {
            assert!(module.globals.get(name).is_some(), "{name}");
        }
    }

    #[test]
    fn module_functions_are_qualified_and_documented() {
        for module in names().iter().filter(|m| **m != "builtin") {
            let m = load(module).unwrap();
            for (member, value) in m.globals.entries() {
                if let Value::Native(f) = &value {
                    assert_eq!(&*f.name, format!("{module}.{member}"));
                    assert!(!f.doc.is_empty(), "{module}.{member} has no help text");
                }
            }
        }
    }
}
