//! Methods of strings and arrays (spec 3.7). (stub)
use super::value::{NativeResult, Value};
use super::vm::Vm;
use super::error::RtError;
pub fn call_method(_vm: &mut Vm, _recv: &Value, name: &str, _args: &[Value]) -> NativeResult { Err(RtError::attribute_error(name.to_string())) }
pub fn has_method(_recv: &Value, _name: &str) -> bool { false }
pub fn method_names(_recv: &Value) -> Vec<&'static str> { Vec::new() }
