//! mlpy: a fast runtime and REPL for the ML scripting language.

pub mod bridge;
pub mod config;
pub mod driver;
pub mod lang;
pub mod registry;
pub mod repl;
pub mod stdlib;

pub use lang::error::RtError;
pub use lang::value::Value;
pub use lang::vm::Vm;
