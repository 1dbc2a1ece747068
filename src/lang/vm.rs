//! The bytecode interpreter (stub, being written).

use super::error::RtError;
use super::value::{NativeResult, Value};
use std::io::Write;

pub struct Vm {
    out: Box<dyn Write>,
}

impl Vm {
    /// Call any callable value with arguments (used by natives such as
    /// `functional.map` to call back into ML).
    pub fn call_value(&mut self, _callee: &Value, _args: &[Value]) -> NativeResult {
        Err(RtError::runtime_error("not yet implemented"))
    }

    /// Standard output as the program sees it (buffered).
    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.out
    }
}
