//! Display and nested forms of values (spec section 6). (stub)
use super::error::RtError;
use super::value::Value;

pub fn display(_v: &Value) -> String { String::new() }
pub fn repr(_v: &Value) -> String { String::new() }
pub fn float_repr(_f: f64) -> String { String::new() }
pub fn format_spec(_v: &Value, _spec: &str) -> Result<String, RtError> { Ok(String::new()) }
