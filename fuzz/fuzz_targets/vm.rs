//! The VM on small programs, bounded the way a user's Ctrl-C bounds a REPL
//! input: a watchdog sets the VM's interrupt flag once the time budget is
//! spent. Output goes nowhere, input is empty, and no capability is granted,
//! so file, environment and network functions are all denied.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlpy::driver::{on_interpreter_thread, run_source};
use mlpy::lang::diagnostics::SourceFile;
use mlpy::Vm;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

/// Time a program may run before it is interrupted.
const BUDGET: Duration = Duration::from_millis(100);
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
        let _watchdog = Watchdog::start(vm.interrupt_flag());
        let _ = run_source(&mut vm, &file);
    })
    .expect("the interpreter thread panicked");
});

/// Raises the interrupt flag after [`BUDGET`] and keeps raising it until
/// dropped, in case the program survives one interrupt.
struct Watchdog {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(flag: Arc<AtomicBool>) -> Watchdog {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let mut wait = BUDGET;
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                flag.store(true, Ordering::Relaxed);
                wait = Duration::from_millis(5);
            }
        });
        Watchdog {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
