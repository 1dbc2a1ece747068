//! Builtin functions (spec section 4). (stub)
use super::value::Value;
/// The builtin bound to `name`, if any.
pub fn lookup(_name: &str) -> Option<Value> { None }
