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
mod object_methods;
mod path;
mod random;
mod regex;
mod string;

use crate::lang::builtins::{self, native_value};
use crate::lang::host::BuiltinModules;
use crate::lang::value::{Globals, Module, ModuleKind, NativeFnPtr, Value};
use std::rc::Rc;

/// One built-in module: its name, what builds its members, the grants its
/// functions check before they touch the outside world, and a one-line
/// description. Adding a module is one row here plus its file.
pub struct ModuleRow {
    pub name: &'static str,
    members: fn() -> Vec<(String, Value)>,
    pub grants: &'static [&'static str],
    pub doc: &'static str,
}

/// Every built-in module, sorted by name: the one list `import`, `.modules`,
/// `available_modules()` and `module_info()` all read.
pub const MODULES: &[ModuleRow] = &[
    ModuleRow {
        name: "args",
        members: args::members,
        grants: &[],
        doc: "program arguments and a small parser",
    },
    ModuleRow {
        name: "builtin",
        members: builtin_members,
        grants: &[],
        doc: "every builtin function under its plain name",
    },
    ModuleRow {
        name: "collections",
        members: collections::members,
        grants: &[],
        doc: "array-first helpers that never change their input",
    },
    ModuleRow {
        name: "console",
        members: console::members,
        grants: &[],
        doc: "print with a level prefix, to stdout or stderr",
    },
    ModuleRow {
        name: "crypto",
        members: crypto::members,
        grants: &["file.read"],
        doc: "hashes, HMAC, UUIDs and secure random values",
    },
    ModuleRow {
        name: "csv",
        members: self::csv::members,
        grants: &["file.read", "file.write"],
        doc: "RFC 4180 text to ML values and back",
    },
    ModuleRow {
        name: "datetime",
        members: datetime::members,
        grants: &[],
        doc: "naive local date-times",
    },
    ModuleRow {
        name: "env",
        members: env::members,
        grants: &["env.read", "env.write"],
        doc: "the process environment",
    },
    ModuleRow {
        name: "file",
        members: file::members,
        grants: &["file.read", "file.write", "file.append", "file.delete"],
        doc: "whole-file reads and writes",
    },
    ModuleRow {
        name: "functional",
        members: functional::members,
        grants: &[],
        doc: "higher-order helpers over arrays and functions",
    },
    ModuleRow {
        name: "gc",
        members: gc::members,
        grants: &[],
        doc: "the cycle collector seen from ML",
    },
    ModuleRow {
        name: "http",
        members: http::members,
        grants: &["network.http", "network.https"],
        doc: "HTTP/1.1 requests and URL helpers",
    },
    ModuleRow {
        name: "json",
        members: json::members,
        grants: &[],
        doc: "JSON parsing and writing",
    },
    ModuleRow {
        name: "log",
        members: log::members,
        grants: &["file.write"],
        doc: "levelled log lines, as text or JSON",
    },
    ModuleRow {
        name: "math",
        members: math::members,
        grants: &[],
        doc: "numeric functions and constants",
    },
    ModuleRow {
        name: "path",
        members: path::members,
        grants: &["path.write"],
        doc: "path arithmetic and directory operations",
    },
    ModuleRow {
        name: "random",
        members: random::members,
        grants: &[],
        doc: "one seedable generator per VM",
    },
    ModuleRow {
        name: "regex",
        members: regex::members,
        grants: &[],
        doc: "Python re semantics on regular expressions",
    },
    ModuleRow {
        name: "string",
        members: string::members,
        grants: &[],
        doc: "text helpers",
    },
];

/// Names of the built-in modules, sorted.
pub fn names() -> Vec<&'static str> {
    MODULES.iter().map(|m| m.name).collect()
}

/// Whether `name` is a built-in module.
pub fn is_builtin(name: &str) -> bool {
    MODULES.iter().any(|m| m.name == name)
}

/// Instantiate built-in module `name` for one VM.
pub fn load(name: &str) -> Option<Rc<Module>> {
    let row = MODULES.iter().find(|m| m.name == name)?;
    Some(make_module(name, (row.members)()))
}

/// The standard library as the VM's built-in modules.
pub struct Stdlib;

impl BuiltinModules for Stdlib {
    fn names(&self) -> Vec<&'static str> {
        names()
    }

    fn load(&self, name: &str) -> Option<Rc<Module>> {
        load(name)
    }
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
        assert!(MODULES.windows(2).all(|w| w[0].name < w[1].name));
        for row in MODULES {
            let module = load(row.name).expect("module loads");
            assert_eq!(&*module.name, row.name);
            assert_eq!(module.kind, ModuleKind::Builtin);
            assert!(!row.doc.is_empty(), "{} has no description", row.name);
            assert!(is_builtin(row.name));
        }
        assert!(load("nope").is_none());
        assert!(!is_builtin("nope"));
    }

    #[test]
    fn module_grants_are_capability_names() {
        for row in MODULES {
            for grant in row.grants {
                let problem = crate::capabilities::name_problem(grant);
                assert!(problem.is_none(), "{}: {grant}: {problem:?}", row.name);
            }
        }
    }

    #[test]
    fn builtin_module_holds_every_builtin() {
        let module = load("builtin").unwrap();
        for name in builtins::names() {
            assert!(module.globals.get(name).is_some(), "{name}");
        }
    }

    /// The one test over every module's function rows: in each module
    /// the functions come in name order (so `help` lists and the tables
    /// stay easy to scan), each named `module.function`, each with help
    /// text that starts with its own name.
    #[test]
    fn module_functions_are_sorted_qualified_and_documented() {
        for row in MODULES.iter().filter(|m| m.name != "builtin") {
            let module = load(row.name).unwrap();
            let mut functions = Vec::new();
            for (member, value) in module.globals.entries() {
                if let Value::Native(f) = &value {
                    let name = format!("{}.{member}", row.name);
                    assert_eq!(&*f.name, name);
                    assert!(!f.doc.is_empty(), "{name} has no help text");
                    assert!(f.doc.starts_with(&*member), "{name}: {}", f.doc);
                    // The one member added after its module's rows: the
                    // constructor of loggers like the module's own.
                    if name != "log.create_logger" {
                        functions.push(member);
                    }
                }
            }
            assert!(!functions.is_empty(), "{} has no functions", row.name);
            let sorted = functions.windows(2).all(|w| w[0] < w[1]);
            assert!(sorted, "{} functions out of order: {functions:?}", row.name);
        }
    }
}
