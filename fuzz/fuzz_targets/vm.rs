//! The VM on small programs, bounded the way a user's Ctrl-C bounds a REPL
//! input: a watchdog sets the VM's interrupt flag once the time budget is
//! spent. Output goes nowhere, input is empty, and no capability is granted,
//! so file, environment and network functions are all denied.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlpy::driver::{on_interpreter_thread, run_source};
use mlpy::lang::diagnostics::SourceFile;
use mlpy::Vm;
use std::time::Duration;

#[path = "common/watchdog.rs"]
mod watchdog;
use watchdog::Watchdog;

/// Time a program may run before it is interrupted.
const BUDGET: Duration = Duration::from_millis(100);
/// The memory budget, as `--max-memory 1024`: huge values become
/// `MemoryError` well before libFuzzer's own memory limit ends the run.
const MEMORY_MB: u64 = 1024;
/// Low, so that deep recursion fails fast instead of eating the budget.
const MAX_DEPTH: usize = 64;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("<fuzz>", text);
    // The CLI runs programs on a thread with a large stack; so does this.
    on_interpreter_thread(move || {
        let mut vm = Vm::with_output(Box::new(std::io::sink()));
        vm.set_input(Box::new(std::io::empty()));
        vm.max_depth = MAX_DEPTH;
        mlpy::memory::set_budget_mb(Some(MEMORY_MB));
        mlpy::memory::watch_budget(&vm);
        let _watchdog = Watchdog::start(vm.interrupt_flag(), BUDGET);
        let _ = run_source(&mut vm, &file);
    })
    .expect("the interpreter thread panicked");
});
