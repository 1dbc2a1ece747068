//! The bytecode interpreter (stub, being written). The public methods below
//! are the API natives may use; their signatures are fixed.

use super::error::RtError;
use super::value::{NativeResult, Value};
use std::io::Write;

pub struct Vm {
    out: Box<dyn Write>,
}

impl Vm {
    /// Call any callable value with arguments (used by natives such as
    /// `functional.map` to call back into ML). Errors propagate as `Err`.
    pub fn call_value(&mut self, _callee: &Value, _args: &[Value]) -> NativeResult {
        Err(RtError::runtime_error("not yet implemented"))
    }

    /// Standard output as the program sees it (buffered; flushed by the VM).
    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// Standard error; flushes stdout first so output interleaves correctly.
    pub fn err_out(&mut self) -> &mut dyn Write {
        let _ = self.out.flush();
        Box::leak(Box::new(std::io::stderr()))
    }

    /// One line of standard input without its newline; `None` at end of input.
    pub fn read_line(&mut self) -> Option<String> {
        None
    }

    /// Names of modules imported so far in this session, sorted.
    pub fn loaded_module_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// Names of all importable modules, sorted; `kind` filters by
    /// `"builtin"`, `"ml_source"` or `"python_bridge"`.
    pub fn available_module_names(&self, _kind: Option<&str>) -> Vec<String> {
        Vec::new()
    }

    /// The `module_info(name)` object, or `None` if unknown.
    pub fn module_info(&self, _name: &str) -> Option<Value> {
        None
    }

    /// Whether the session grants capability `name` (`file:read` = `file.read`).
    pub fn has_capability(&self, _name: &str) -> bool {
        false
    }

    /// Sorted names of granted capabilities.
    pub fn granted_capabilities(&self) -> Vec<String> {
        Vec::new()
    }
}
