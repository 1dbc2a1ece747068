//! mlpy: a fast runtime and REPL for the ML scripting language.

pub mod alloc;
pub mod bridge;
pub mod capabilities;
pub mod check;
pub mod config;
pub mod driver;
pub mod lang;
pub mod registry;
pub mod repl;
mod runtime;
pub mod stdlib;
pub mod util;

pub use lang::error::RtError;
pub use lang::value::Value;
pub use lang::vm::Vm;
/// The runtime limits and memory checks live in the language layer; the
/// old paths stay for the layers above.
pub use lang::{limits, memory};

/// mimalloc instead of the system allocator: parsing, compiling and running
/// ML code allocate many small short-lived objects (AST nodes, strings,
/// arrays), and glibc's malloc/free took about a third of the instructions of
/// `mlpy check` on a large file. See `alloc.rs` for how it is entered.
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;
