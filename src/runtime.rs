//! A VM as mlpy runs it: the language (`lang`) plus the standard library as
//! its built-in modules and the session's grants as its host. Every
//! program, REPL session and test that wants the full runtime builds its VM
//! here; `Vm::bare` is the language alone.

use crate::capabilities::Grants;
use crate::lang::vm::{stdout_writer, Vm};
use crate::stdlib::Stdlib;
use std::io::Write;

impl Vm {
    /// A VM writing to the process's standard output.
    pub fn new() -> Vm {
        Vm::with_output(stdout_writer())
    }

    /// A VM writing to `out`, with the standard library and no grants yet.
    pub fn with_output(out: Box<dyn Write>) -> Vm {
        let mut vm = Vm::bare(out);
        vm.set_builtin_modules(&Stdlib);
        vm.set_host(Box::new(Grants::default()));
        vm
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}
