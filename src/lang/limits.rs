//! The limits that need a clock or a signal: `--timeout` and Ctrl-C.
//!
//! Both work through the VM's interrupt flag, which the VM checks on every
//! backward jump and every ML call, so a loop and a loop-free recursion both
//! stop. Once set, the flag stays set until the host clears it before the
//! next input: ML code may see the error in `except` or `finally`, but it
//! cannot catch it and carry on looping. Built-in operations that can run
//! long on large inputs look at the flag as they go ([`Vm::check_interrupt`],
//! or [`check_running`] where no VM is at hand); sorting finishes first.

use crate::lang::error::{ErrorKind, RtError};
use crate::lang::vm::{Interrupt, Vm};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A thread that interrupts the VM when an armed deadline passes.
pub struct Watchdog {
    limit: Duration,
    shared: Arc<(Mutex<Deadline>, Condvar)>,
}

#[derive(Default)]
struct Deadline {
    at: Option<Instant>,
    shut_down: bool,
}

impl Watchdog {
    /// A watchdog that gives each armed evaluation of `vm` `limit` time.
    pub fn new(vm: &Vm, limit: Duration) -> Watchdog {
        let shared = Arc::new((Mutex::new(Deadline::default()), Condvar::new()));
        let interrupt = vm.interrupt_flag();
        let timed_out = vm.timeout_flag();
        let limit_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX).max(1);
        let watched = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("mlpy-watchdog".into())
            .spawn(move || watch(&watched, &interrupt, &timed_out, limit_ms));
        if let Err(e) = spawned {
            eprintln!("mlpy: warning: the time limit cannot be enforced ({e})");
        }
        Watchdog { limit, shared }
    }

    /// Start the clock for one evaluation.
    pub fn arm(&self) {
        self.set(Some(Instant::now() + self.limit));
    }

    /// The evaluation ended in time.
    pub fn disarm(&self) {
        self.set(None);
    }

    fn set(&self, at: Option<Instant>) {
        let (lock, wake) = &*self.shared;
        if let Ok(mut deadline) = lock.lock() {
            deadline.at = at;
            wake.notify_one();
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let (lock, wake) = &*self.shared;
        if let Ok(mut deadline) = lock.lock() {
            deadline.shut_down = true;
            wake.notify_one();
        }
    }
}

fn watch(
    shared: &(Mutex<Deadline>, Condvar),
    interrupt: &Interrupt,
    timed_out: &AtomicU64,
    limit_ms: u64,
) {
    let (lock, wake) = shared;
    let Ok(mut deadline) = lock.lock() else {
        return;
    };
    loop {
        if deadline.shut_down {
            return;
        }
        let waited = match deadline.at {
            None => wake.wait(deadline).map_err(|_| ()),
            Some(at) => {
                let now = Instant::now();
                if now >= at {
                    timed_out.store(limit_ms, Ordering::SeqCst);
                    interrupt.store(true, Ordering::SeqCst);
                    deadline.at = None;
                    continue;
                }
                wake.wait_timeout(deadline, at - now)
                    .map(|(guard, _)| guard)
                    .map_err(|_| ())
            }
        };
        match waited {
            Ok(guard) => deadline = guard,
            Err(_) => return,
        }
    }
}

/// Extra Ctrl-C presses, while an interruption is already pending, after
/// which mlpy gives up on the evaluation and exits.
const PRESSES_BEFORE_EXIT: usize = 2;

/// Route Ctrl-C (SIGINT) to the VM's interrupt flag. An evaluation that
/// does not come back (stuck in a long built-in operation or waiting for
/// input) is ended by pressing Ctrl-C twice more: mlpy then exits with
/// status 130.
pub fn route_ctrl_c(interrupt: Arc<Interrupt>) {
    let extra_presses = AtomicUsize::new(0);
    let installed = ctrlc::set_handler(move || {
        if !interrupt.swap(true, Ordering::SeqCst) {
            extra_presses.store(0, Ordering::SeqCst);
            return;
        }
        if extra_presses.fetch_add(1, Ordering::SeqCst) + 1 >= PRESSES_BEFORE_EXIT {
            eprintln!("\nmlpy: the evaluation does not respond to Ctrl-C; exiting");
            std::process::exit(130);
        }
    });
    // Without a handler Ctrl-C ends the process as usual; mlpy still works.
    let _ = installed;
}

/// Stack kept free below the deepest native re-entry: room for one more
/// level of the VM loop and whatever a native does before calling back.
const NATIVE_STACK_RESERVE: usize = 4 << 20;

thread_local! {
    /// The lowest stack address a native may re-enter ML at (0: unknown).
    static STACK_FLOOR: Cell<usize> = const { Cell::new(0) };
}

/// Record that the current thread's stack is `size` bytes, so that
/// [`check_native_stack`] can tell how much of it is left. Called first
/// thing on the interpreter thread.
pub fn mark_native_stack(size: usize) {
    let here = stack_address();
    let floor = here.saturating_sub(size.saturating_sub(NATIVE_STACK_RESERVE));
    STACK_FLOOR.with(|f| f.set(floor));
}

/// A `RecursionError` when a native calling back into ML would leave too
/// little of the thread's stack (the ML depth limit counts ML frames only).
pub fn check_native_stack() -> Result<(), RtError> {
    let floor = STACK_FLOOR.with(Cell::get);
    if floor != 0 && stack_address() < floor {
        return Err(RtError::new(
            ErrorKind::RecursionError,
            "maximum recursion depth exceeded (natives calling back into ML nest too deeply \
             for the interpreter's stack)",
        ));
    }
    Ok(())
}

#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

thread_local! {
    /// The interrupt and time-limit flags of the VM running on this thread,
    /// for natives deep in helpers that have no VM at hand.
    static RUNNING: std::cell::RefCell<Option<(Arc<Interrupt>, Arc<AtomicU64>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Record the flags of the VM that starts running on this thread.
pub fn set_running(interrupt: &Arc<Interrupt>, timed_out: &Arc<AtomicU64>) {
    RUNNING.with(|r| {
        let mut running = r.borrow_mut();
        let same = running
            .as_ref()
            .is_some_and(|(i, _)| Arc::ptr_eq(i, interrupt));
        if !same {
            *running = Some((interrupt.clone(), timed_out.clone()));
        }
    });
}

/// `Err` with the pending interruption of the VM running on this thread
/// (Ctrl-C or `--timeout`): for long loops inside natives (regex matching,
/// JSON) that are not given the VM.
pub fn check_running() -> Result<(), RtError> {
    RUNNING.with(|r| match &*r.borrow() {
        Some((interrupt, timed_out)) if interrupt.load(Ordering::Relaxed) => Err(
            crate::lang::vm::interruption_error(timed_out.load(Ordering::SeqCst)),
        ),
        _ => Ok(()),
    })
}

/// Parse `--timeout SECONDS` (a positive number, fractions allowed).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= 1e9) {
        return Err(format!("'{text}' must be a positive number of seconds"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_positive_seconds() {
        assert_eq!(parse_timeout("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_timeout("0.25"), Ok(Duration::from_millis(250)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("-1").is_err());
        assert!(parse_timeout("nan").is_err());
        assert!(parse_timeout("soon").is_err());
    }

    #[test]
    fn an_armed_watchdog_interrupts_and_a_disarmed_one_does_not() {
        let vm = Vm::bare(Box::new(std::io::sink()));
        let dog = Watchdog::new(&vm, Duration::from_millis(1));
        dog.arm();
        let flag = vm.interrupt_flag();
        let started = Instant::now();
        while !flag.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(flag.load(Ordering::SeqCst));
        assert_eq!(vm.timeout_flag().load(Ordering::SeqCst), 1);

        let vm = Vm::bare(Box::new(std::io::sink()));
        let dog = Watchdog::new(&vm, Duration::from_secs(3600));
        dog.arm();
        dog.disarm();
        drop(dog);
        assert!(!vm.interrupt_flag().load(Ordering::SeqCst));
    }
}
