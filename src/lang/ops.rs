//! Operators on values: arithmetic, equality, ordering (spec 3.3, 3.4). (stub)
use super::error::RtError;
use super::value::Value;
use std::cmp::Ordering;

/// `==` (never fails).
pub fn equals(_a: &Value, _b: &Value) -> bool { false }
/// `<`-family ordering; `None` for nan; TypeError for unorderable kinds.
pub fn compare(_a: &Value, _b: &Value) -> Result<Option<Ordering>, RtError> { Ok(None) }
