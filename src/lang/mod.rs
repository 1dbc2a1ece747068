//! The ML language: source text to values. Knows nothing of the REPL, the
//! module registry, the standard library or the file system: the layers
//! above supply modules through [`vm::ModuleResolver`] (and
//! [`host::BuiltinModules`]), and grants through [`host::Host`]
//! (`tests/layers.rs` keeps it so).

pub mod access;
pub mod ast;
mod bigtext;
pub mod builtins;
pub mod chunk;
pub mod compiler;
pub mod debug_info;
pub mod diagnostics;
pub mod error;
pub mod format;
pub mod gc;
pub mod host;
pub mod iter;
pub mod lexer;
pub mod limits;
pub mod memory;
pub mod methods;
pub mod mlstr;
pub mod object;
pub mod op;
pub mod ops;
pub mod parser;
pub mod profile;
pub mod scope;
pub(crate) mod strpos;
pub mod structural;
pub mod suggest;
#[cfg(test)]
pub(crate) mod test_support;
pub mod token;
pub mod traceback;
pub mod value;
pub mod vm;
