//! Iteration over ML values (for-in, iter/next, builtins taking iterables). (stub)
use super::error::RtError;
use super::value::{IterState, Value};

/// Start iterating `v` (arrays, strings, objects' keys, iterators); TypeError otherwise.
pub fn make_iter(v: &Value) -> Result<IterState, RtError> { Err(RtError::type_error(format!("'{}' object is not iterable", v.type_name()))) }
/// The next item, `None` when exhausted.
pub fn iter_next(_state: &mut IterState) -> Result<Option<Value>, RtError> { Ok(None) }
/// All remaining items of an iterable as a vector.
pub fn collect(v: &Value) -> Result<Vec<Value>, RtError> { let mut s = make_iter(v)?; let mut out = Vec::new(); while let Some(x) = iter_next(&mut s)? { out.push(x); } Ok(out) }
