//! The Python worker process: start it, send one request line, read one
//! answer line within a deadline, and stop it without leaving a zombie.
//!
//! Answers are read straight from the pipe with `poll` for the deadline
//! rather than through a reader thread: a call round trip then costs one
//! wake-up instead of two, which is most of the bridge's overhead.

use crate::lang::vm::Interrupt;
use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Why a request got no answer. Either way the worker is gone afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerFailure {
    /// The process ended (crash, `os._exit`, killed); how it ended.
    Died(String),
    /// No answer within the time limit; the process was killed.
    TimedOut,
    /// The session was interrupted (Ctrl-C, `--timeout`) during the
    /// request. The worker was sent SIGINT; `kept` says whether it answered
    /// within [`INTERRUPT_GRACE`] and so still runs (else it was killed).
    Interrupted { kept: bool },
}

/// How long an interrupted worker has to give up its call and answer.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(1);

/// The longest sleep between looks at the session's interrupt flag while
/// waiting for an answer.
const INTERRUPT_POLL: Duration = Duration::from_millis(20);

pub struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    /// Bytes read past the last complete line.
    pending: Vec<u8>,
    next_id: u64,
    /// The Python version the worker reported when it started.
    pub python_version: String,
    /// The worker's resident memory when it said hello (interpreter and
    /// bridge runtime, before any module), where the system tells it.
    pub start_memory: Option<u64>,
}

/// How long a worker asked to shut down may take before it is killed.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

impl Worker {
    /// Start the worker with `python` (isolated: see `spawn`) and wait for
    /// its hello line (at most `timeout`).
    pub fn start(python: &str, timeout: Duration) -> Result<Worker, String> {
        let mut command = super::spawn::worker_command(python);
        die_with_parent(&mut command);
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| start_error(python, &e))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the Python worker's pipes could not be opened".into());
        };
        let mut worker = Worker {
            child,
            stdin: Some(stdin),
            stdout,
            pending: Vec::new(),
            next_id: 1,
            python_version: String::new(),
            start_memory: None,
        };
        let hello = worker
            .read_line(Instant::now() + timeout, None)
            .map_err(|failure| {
                let how = match failure {
                    WorkerFailure::Died(how) => format!("exited at start ({how})"),
                    WorkerFailure::TimedOut | WorkerFailure::Interrupted { .. } => {
                        format!("did not start within {} ms", timeout.as_millis())
                    }
                };
                format!("the Python worker '{python}' {how}; is it Python 3.8 or newer?")
            })?;
        let hello: serde_json::Value = serde_json::from_slice(&hello)
            .map_err(|_| format!("'{python}' did not answer as the mlpy Python worker"))?;
        worker.python_version = hello["ok"]["python"].as_str().unwrap_or("?").to_string();
        worker.start_memory = hello["ok"]["resident"].as_u64();
        Ok(worker)
    }

    /// A fresh request id.
    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Send one request line and return the answer line. On failure the
    /// process has been stopped and reaped; the worker must be discarded.
    /// `interrupt` (the session's interrupt flag) cuts the wait short.
    pub fn request(
        &mut self,
        line: &[u8],
        timeout: Duration,
        interrupt: Option<&Interrupt>,
    ) -> Result<Vec<u8>, WorkerFailure> {
        let deadline = Instant::now() + timeout;
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(line)
                .and_then(|()| stdin.write_all(b"\n"))
                .and_then(|()| stdin.flush()),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        if sent.is_err() {
            return Err(self.died());
        }
        self.read_line(deadline, interrupt)
    }

    fn read_line(
        &mut self,
        mut deadline: Instant,
        mut interrupt: Option<&Interrupt>,
    ) -> Result<Vec<u8>, WorkerFailure> {
        let mut scanned = 0;
        let mut interrupted = false;
        loop {
            if let Some(at) = self.pending[scanned..].iter().position(|b| *b == b'\n') {
                let end = scanned + at;
                let line = self.pending[..end].to_vec();
                self.pending.drain(..=end);
                if interrupted {
                    return Err(WorkerFailure::Interrupted { kept: true });
                }
                return Ok(line);
            }
            scanned = self.pending.len();
            if interrupt.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                // Ask the call to stop; an answer within the grace keeps
                // the worker and its modules' state.
                self.signal_interrupt();
                interrupted = true;
                interrupt = None;
                deadline = deadline.min(Instant::now() + INTERRUPT_GRACE);
            }
            let now = Instant::now();
            let slice = if interrupt.is_some() {
                INTERRUPT_POLL
            } else {
                Duration::MAX
            };
            let ready = now < deadline
                && (readable_within_spin(&self.stdout)
                    || wait_readable(&self.stdout, (deadline - now).min(slice)));
            if !ready {
                if Instant::now() < deadline {
                    continue;
                }
                let failure = self.timed_out();
                if interrupted {
                    return Err(WorkerFailure::Interrupted { kept: false });
                }
                return Err(failure);
            }
            let mut chunk = [0u8; 64 * 1024];
            match self.stdout.read(&mut chunk) {
                Ok(0) => return Err(self.died()),
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(self.died()),
            }
        }
    }

    #[cfg(unix)]
    fn signal_interrupt(&self) {
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: kill only sends a signal to our own child process.
            unsafe { libc::kill(pid, libc::SIGINT) };
        }
    }

    #[cfg(not(unix))]
    fn signal_interrupt(&self) {}

    fn timed_out(&mut self) -> WorkerFailure {
        let _ = self.child.kill();
        let _ = self.child.wait();
        WorkerFailure::TimedOut
    }

    /// The process ended (or its pipe broke): reap it and say how it ended.
    fn died(&mut self) -> WorkerFailure {
        let status = match self.child.try_wait() {
            Ok(Some(status)) => Some(status),
            _ => {
                // The pipe closed first; the exit follows within moments.
                let waited = wait_with_grace(&mut self.child, Duration::from_millis(200));
                if waited.is_none() {
                    let _ = self.child.kill();
                }
                waited.or_else(|| self.child.wait().ok())
            }
        };
        WorkerFailure::Died(status.map_or_else(|| "no exit status".into(), describe_exit))
    }

    /// Ask the worker to stop, then make sure it has (killing it after a
    /// grace period) and reap it.
    pub fn shutdown(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.write_all(b"{\"id\":0,\"op\":\"shutdown\"}\n");
            let _ = stdin.flush();
            // Dropping stdin closes the pipe: a worker busy elsewhere sees
            // end of input when it next reads.
        }
        if wait_with_grace(&mut self.child, SHUTDOWN_GRACE).is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The worker is killed when the thread that started it (mlpy's interpreter
/// thread) ends, however mlpy ends: SIGKILL or a crash included.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec the closure only makes two syscalls
    // that neither allocate nor take locks.
    unsafe {
        let parent = libc::getpid();
        command.pre_exec(move || {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            // mlpy may have ended before the prctl took effect.
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}

fn start_error(python: &str, e: &std::io::Error) -> String {
    let why = if e.kind() == std::io::ErrorKind::NotFound {
        "no such program".to_string()
    } else {
        e.to_string()
    };
    format!(
        "cannot start the Python worker '{python}' ({why}); install Python 3 or set \
         python_executable in mlpy.json (or MLPY_PYTHON)"
    )
}

fn wait_with_grace(child: &mut Child, grace: Duration) -> Option<std::process::ExitStatus> {
    let until = Instant::now() + grace;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(1)),
            _ => return None,
        }
    }
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}");
        }
    }
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "no exit status".into(),
    }
}

/// How long to keep asking whether an answer has arrived before sleeping
/// in `poll`: a small call's answer usually comes within this, and waking a
/// sleeping process costs more than the whole round trip on an idle machine.
/// The worker spins the same way for the next request.
const SPIN: Duration = Duration::from_micros(150);

/// Whether `pipe` becomes readable within [`SPIN`], asking without sleeping.
#[cfg(unix)]
fn readable_within_spin(pipe: &ChildStdout) -> bool {
    let started = Instant::now();
    loop {
        if poll_readable(pipe, 0) == Some(true) {
            return true;
        }
        if started.elapsed() >= SPIN {
            return false;
        }
        std::hint::spin_loop();
    }
}

#[cfg(not(unix))]
fn readable_within_spin(_pipe: &ChildStdout) -> bool {
    false
}

/// One `poll` of `pipe` for `ms` milliseconds: `Some(ready)`, or `None` if a
/// signal interrupted it.
#[cfg(unix)]
fn poll_readable(pipe: &ChildStdout, ms: i32) -> Option<bool> {
    use std::os::fd::AsRawFd;
    let mut fds = libc::pollfd {
        fd: pipe.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: `fds` is one valid pollfd for the duration of the call.
    let ready = unsafe { libc::poll(&mut fds, 1, ms) };
    if ready >= 0 {
        return Some(ready > 0);
    }
    if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
        return Some(true);
    }
    None
}

/// Whether `pipe` has bytes to read (or is closed) within `timeout`.
#[cfg(unix)]
fn wait_readable(pipe: &ChildStdout, timeout: Duration) -> bool {
    let ms = timeout.as_millis().clamp(1, i32::MAX as u128) as i32;
    loop {
        if let Some(ready) = poll_readable(pipe, ms) {
            return ready;
        }
    }
}

/// Without `poll` the read simply blocks: time limits are not enforced.
#[cfg(not(unix))]
fn wait_readable(_pipe: &ChildStdout, _timeout: Duration) -> bool {
    true
}
