//! Built-in standard modules. (stub)
use crate::lang::value::Module;
use std::rc::Rc;
/// Names of the built-in modules, sorted.
pub fn names() -> &'static [&'static str] { &[] }
/// Instantiate built-in module `name` for one VM.
pub fn load(_name: &str) -> Option<Rc<Module>> { None }
