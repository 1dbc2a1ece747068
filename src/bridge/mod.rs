//! Python bridge modules (ARCHITECTURE.md decision 5): classes marked
//! `@ml_module("name")` in `.py` files run in one `python3` worker per
//! session, started on the first import of such a module, and their public
//! methods become native functions of an ML module.
//!
//! A [`Bridge`] belongs to one session (the registry loader holds it; the
//! registry itself stays `Send + Sync`). It remembers which modules the
//! session imported, so when the worker dies or hangs the call fails with a
//! clear error and the next call starts a fresh worker that imports them
//! again. Capabilities are checked here, before a call is sent.

pub mod assets;
pub mod protocol;
pub mod spawn;
pub mod worker;

use crate::lang::error::{ErrorKind, RtError};
use crate::lang::value::{ErrorValue, Globals, NativeResult, Value};
use crate::lang::vm::{Interrupt, Vm};
use protocol::{FunctionDescription, ModuleDescription, PythonError};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use worker::{Worker, WorkerFailure};

/// How the worker is started and how long a request may take.
#[derive(Clone, Debug)]
pub struct BridgeSettings {
    pub python: String,
    pub timeout: Duration,
    /// `security.allow_eval`: when false, no bridge module whose source
    /// calls `eval`, `exec` or `compile` is loaded, whatever it declares.
    pub allow_eval: bool,
}

impl Default for BridgeSettings {
    fn default() -> Self {
        BridgeSettings {
            python: "python3".into(),
            timeout: Duration::from_secs(30),
            allow_eval: false,
        }
    }
}

impl BridgeSettings {
    pub fn from_config(config: &crate::config::Config) -> BridgeSettings {
        // Sessions are set up before any ML code runs: the environment now
        // is the one the worker gets.
        crate::util::remember_launch_environment();
        BridgeSettings {
            python: config
                .python_executable
                .value
                .clone()
                .unwrap_or_else(|| "python3".into()),
            timeout: Duration::from_millis(config.bridge_timeout_ms.value),
            allow_eval: config.allow_eval.value,
        }
    }
}

impl SharedCosts {
    /// As `performance_report().summary.python_worker`: null when no worker
    /// started; `start_memory` null where it cannot be measured.
    pub fn to_value(&self) -> Value {
        let Some(start) = self.start_time else {
            return Value::Null;
        };
        let ms = |d: Duration| Value::Float(d.as_secs_f64() * 1000.0);
        Value::object_from([
            ("starts", Value::Int(i64::from(self.starts))),
            ("start_ms", ms(start)),
            (
                "start_memory",
                self.start_memory
                    .map_or(Value::Null, |m| Value::Int(m as i64)),
            ),
            ("source_check_ms", ms(self.checks)),
        ])
    }
}

/// A duration from milliseconds the worker reported (nonsense counts as 0).
fn ms_duration(ms: f64) -> Duration {
    Duration::try_from_secs_f64(ms / 1000.0).unwrap_or_default()
}

/// The module's own import time as the worker measured it.
fn own_time(description: &ModuleDescription) -> Duration {
    ms_duration(description.load_ms)
}

/// A module the session imported.
struct Imported {
    path: PathBuf,
    /// The source text of the version that last loaded: a restarted worker
    /// imports this, not whatever the file holds now (a failed `.reload`
    /// leaves a broken file behind).
    source: Option<String>,
    description: ModuleDescription,
    /// Whether the running worker has it imported (false after a restart
    /// until it is imported again).
    in_worker: bool,
}

/// A loaded (or reloaded) module: its namespace and what it cost.
pub struct Loaded {
    pub globals: Rc<Globals>,
    pub description: ModuleDescription,
    /// The module's own import and instantiation, timed in the worker (the
    /// worker's start and mlpy's source check are shared costs, see
    /// [`SharedCosts`]).
    pub took: Duration,
}

/// What bridge modules cost together rather than one by one: `.perfmon` and
/// `performance_report()` show these apart from the modules' own figures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SharedCosts {
    /// Workers started in this session.
    pub starts: u32,
    /// The latest start: spawn, interpreter and bridge runtime, until the
    /// worker's hello.
    pub start_time: Option<Duration>,
    /// The latest worker's resident memory at its hello.
    pub start_memory: Option<u64>,
    /// mlpy's source checks before imports, all loads together (the first
    /// that parses pays for Python's `ast` module).
    pub checks: Duration,
}

#[derive(Default)]
pub struct Bridge {
    settings: BridgeSettings,
    worker: RefCell<Option<Worker>>,
    modules: RefCell<BTreeMap<String, Imported>>,
    /// How long the latest worker took to start, and how many have started.
    start_time: Cell<Option<Duration>>,
    start_memory: Cell<Option<u64>>,
    starts: Cell<u32>,
    checks: Cell<Duration>,
    /// The session's interrupt flag (Ctrl-C, `--timeout`), known from the
    /// first call; it cuts a waiting request short.
    interrupt: RefCell<Option<Arc<Interrupt>>>,
}

impl Bridge {
    pub fn new(settings: BridgeSettings) -> Bridge {
        Bridge {
            settings,
            ..Bridge::default()
        }
    }

    /// Whether a worker process is running now.
    pub fn worker_running(&self) -> bool {
        self.worker.borrow().is_some()
    }

    /// The running worker's process id.
    pub fn worker_pid(&self) -> Option<u32> {
        self.worker.borrow().as_ref().map(Worker::pid)
    }

    /// How many workers this session has started, and the latest start time.
    pub fn worker_starts(&self) -> (u32, Option<Duration>) {
        (self.starts.get(), self.start_time.get())
    }

    /// The costs shared by all bridge modules.
    pub fn shared_costs(&self) -> SharedCosts {
        SharedCosts {
            starts: self.starts.get(),
            start_time: self.start_time.get(),
            start_memory: self.start_memory.get(),
            checks: self.checks.get(),
        }
    }

    /// Import module `name` from `path` in the worker (starting it if
    /// needed) and build its ML namespace.
    pub fn load(self: &Rc<Self>, name: &str, path: &Path) -> Result<Loaded, RtError> {
        self.ensure_worker().map_err(|e| {
            import_error(format!("cannot import Python bridge module '{name}': {e}"))
        })?;
        let source = read_source(path);
        let description = self.import_in_worker("load", name, path, source.as_deref())?;
        let took = own_time(&description);
        self.modules.borrow_mut().insert(
            name.to_string(),
            Imported {
                path: path.to_path_buf(),
                source,
                description: description.clone(),
                in_worker: true,
            },
        );
        Ok(Loaded {
            globals: self.namespace(name, &description),
            description,
            took,
        })
    }

    /// Import the file again (new code, new instance). On failure the
    /// worker keeps the previous version and so does the session.
    pub fn reload(self: &Rc<Self>, name: &str, path: &Path) -> Result<Loaded, RtError> {
        self.ensure_worker().map_err(|e| {
            import_error(format!("cannot reload Python bridge module '{name}': {e}"))
        })?;
        let source = read_source(path);
        let description = self.import_in_worker("reload", name, path, source.as_deref())?;
        let took = own_time(&description);
        if let Some(m) = self.modules.borrow_mut().get_mut(name) {
            m.source = source;
            m.description = description.clone();
            m.in_worker = true;
        }
        Ok(Loaded {
            globals: self.namespace(name, &description),
            description,
            took,
        })
    }

    /// What the worker reported about module `name` at its latest load.
    pub fn description(&self, name: &str) -> Option<ModuleDescription> {
        self.modules
            .borrow()
            .get(name)
            .map(|m| m.description.clone())
    }

    fn namespace(self: &Rc<Self>, module: &str, description: &ModuleDescription) -> Rc<Globals> {
        let globals = Rc::new(Globals::default());
        for f in &description.functions {
            let (bridge, module_name, function) =
                (self.clone(), module.to_string(), f.name.clone());
            let native = Value::native_closure(&format!("{module}.{}", f.name), move |vm, args| {
                bridge.call(vm, &module_name, &function, args)
            });
            globals.set(&f.name, native);
        }
        globals
    }

    /// Start a worker if none runs; a new worker imports every module the
    /// session had imported. A module that fails to import again is left
    /// out until its next call, which retries and reports why.
    fn ensure_worker(&self) -> Result<(), String> {
        if self.worker.borrow().is_some() {
            return Ok(());
        }
        let started = Instant::now();
        let worker = Worker::start(&self.settings.python, self.settings.timeout)?;
        self.start_time.set(Some(started.elapsed()));
        self.start_memory.set(worker.start_memory);
        self.starts.set(self.starts.get() + 1);
        *self.worker.borrow_mut() = Some(worker);
        let again: Vec<String> = self
            .modules
            .borrow_mut()
            .iter_mut()
            .map(|(name, m)| {
                m.in_worker = false;
                name.clone()
            })
            .collect();
        for name in again {
            // An import that kills or hangs the new worker stops the round;
            // the error reaches the caller through its own request.
            if self.reimport(&name).is_err() && !self.worker_running() {
                break;
            }
        }
        Ok(())
    }

    /// Import module `name` again, as the version that last loaded.
    fn reimport(&self, name: &str) -> Result<(), RtError> {
        let Some((path, source)) = self
            .modules
            .borrow()
            .get(name)
            .map(|m| (m.path.clone(), m.source.clone()))
        else {
            return Ok(());
        };
        let description = self.import_in_worker("load", name, &path, source.as_deref())?;
        if let Some(m) = self.modules.borrow_mut().get_mut(name) {
            m.description = description;
            m.in_worker = true;
        }
        Ok(())
    }

    fn import_in_worker(
        &self,
        op: &str,
        name: &str,
        path: &Path,
        source: Option<&str>,
    ) -> Result<ModuleDescription, RtError> {
        let path_text = path.display().to_string();
        let allow_eval = self.settings.allow_eval;
        let answer = self.exchange(
            &format!("import of '{name}'"),
            |id| {
                Ok(protocol::module_request(
                    id, op, name, &path_text, allow_eval, source,
                ))
            },
            protocol::load_answer,
        )?;
        if let Ok(d) = &answer {
            self.checks.set(self.checks.get() + ms_duration(d.check_ms));
        }
        answer.map_err(|py| {
            let message = format!(
                "Python bridge module '{name}' ({path_text}) failed to load: {}: {}",
                py.type_name, py.message
            );
            with_traceback(ErrorKind::ImportError.name(), message, &py.traceback)
        })
    }

    /// Send one request to the running worker and read its answer. A dead,
    /// hung or garbled worker is dropped (and so stopped) and the error
    /// says that the next call starts a new one.
    fn exchange<T>(
        &self,
        what: &str,
        request: impl FnOnce(u64) -> Result<Vec<u8>, RtError>,
        read: impl FnOnce(&[u8], u64) -> Result<T, String>,
    ) -> Result<T, RtError> {
        let mut slot = self.worker.borrow_mut();
        let Some(worker) = slot.as_mut() else {
            return Err(RtError::runtime_error(
                "the Python worker stopped while importing this session's modules again; \
                 the next call starts a new one",
            ));
        };
        let id = worker.next_id();
        let line = request(id)?;
        let interrupt = self.interrupt.borrow().clone();
        let failure = match worker.request(&line, self.settings.timeout, interrupt.as_deref()) {
            Ok(answer) => match read(&answer, id) {
                Ok(value) => return Ok(value),
                Err(garbled) => {
                    *slot = None;
                    RtError::runtime_error(format!(
                        "the Python worker gave a bad answer during {what} ({garbled}); it was \
                         stopped and a new one will start on the next call"
                    ))
                }
            },
            Err(WorkerFailure::TimedOut) => {
                *slot = None;
                let message = format!(
                    "{what} did not finish within {} ms (bridge_timeout_ms); the Python worker \
                     was stopped and a new one will start on the next call",
                    self.settings.timeout.as_millis()
                );
                with_traceback("TimeoutError", message, "")
            }
            Err(WorkerFailure::Interrupted { kept: true }) => {
                return Err(RtError::new(ErrorKind::KeyboardInterrupt, "interrupted"));
            }
            Err(WorkerFailure::Interrupted { kept: false }) => {
                *slot = None;
                RtError::new(
                    ErrorKind::KeyboardInterrupt,
                    format!(
                        "interrupted; the Python worker did not stop {what} within {} ms and \
                         was stopped (a new one will start on the next call)",
                        worker::INTERRUPT_GRACE.as_millis()
                    ),
                )
            }
            Err(WorkerFailure::Died(how)) => {
                *slot = None;
                RtError::runtime_error(format!(
                    "the Python worker stopped during {what} ({how}); a new one will start on the \
                     next call and import the loaded modules again"
                ))
            }
        };
        drop(slot);
        for m in self.modules.borrow_mut().values_mut() {
            m.in_worker = false;
        }
        Err(failure)
    }

    /// Call `module.function(args)`: capabilities first, then the worker.
    fn call(&self, vm: &mut Vm, module: &str, function: &str, args: &[Value]) -> NativeResult {
        let needs = {
            let modules = self.modules.borrow();
            let Some(m) = modules.get(module) else {
                return Err(import_error(format!(
                    "Python bridge module '{module}' is not loaded"
                )));
            };
            required_capabilities(&m.description, function)
        };
        for capability in &needs {
            vm.require_capability(capability, None)?;
        }
        if self.interrupt.borrow().is_none() {
            *self.interrupt.borrow_mut() = Some(vm.interrupt_flag());
        }
        self.ensure_worker().map_err(RtError::runtime_error)?;
        let in_worker = self
            .modules
            .borrow()
            .get(module)
            .is_some_and(|m| m.in_worker);
        if !in_worker {
            self.reimport(module)?;
        }
        let what = format!("{module}.{function}()");
        let answer = self.exchange(
            &what,
            |id| protocol::call_request(id, module, function, args),
            protocol::call_answer,
        );
        // An interrupted call raises the session's own interruption
        // (KeyboardInterrupt, or TimeoutError for --timeout).
        if answer.is_err() {
            vm.check_interrupt()
                .map_err(|e| interrupted_during(e, &what))?;
        }
        answer?.map_err(python_exception)
    }
}

/// The module's own `capabilities_required` plus the function's.
fn required_capabilities(description: &ModuleDescription, function: &str) -> Vec<String> {
    let own = description
        .functions
        .iter()
        .find(|f| f.name == function)
        .map_or(&[][..], |f: &FunctionDescription| &f.capabilities[..]);
    let mut needs: Vec<String> = Vec::new();
    for capability in description.capabilities.iter().chain(own) {
        if !needs.contains(capability) {
            needs.push(capability.clone());
        }
    }
    needs
}

/// The module file's text, sent with its load so that exactly this version
/// can be imported again by a restarted worker.
fn read_source(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn import_error(message: String) -> RtError {
    RtError::new(ErrorKind::ImportError, message)
}

/// The ML error for a Python exception: its class name as the type, its
/// text as the message, the traceback kept for `.lasterror`.
fn python_exception(e: PythonError) -> RtError {
    with_traceback(&e.type_name, e.message, &e.traceback)
}

fn with_traceback(type_name: &str, message: String, traceback: &str) -> RtError {
    let payload = (!traceback.is_empty())
        .then(|| Value::object_from([(TRACEBACK_KEY, Value::str(traceback))]));
    RtError(Rc::new(ErrorValue::new(type_name.into(), message, payload)))
}

/// A Ctrl-C that stopped a call says which call it stopped (a time limit's
/// error already says what it is).
fn interrupted_during(e: RtError, what: &str) -> RtError {
    if e.is(ErrorKind::KeyboardInterrupt) {
        RtError::new(
            ErrorKind::KeyboardInterrupt,
            format!("interrupted during {what}"),
        )
    } else {
        e
    }
}

/// `file.py, line N, in function`: where in the user's Python code an error
/// was raised (the innermost frame of its Python traceback).
pub fn python_origin(e: &RtError) -> Option<String> {
    let traceback = python_traceback(e)?;
    let frame = traceback
        .lines()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("File \""))?;
    let (path, rest) = frame.split_once('"')?;
    let file = Path::new(path).file_name()?.to_string_lossy();
    Some(format!("{file}{rest}"))
}

/// An error as printed: its ML traceback, then, for an error raised in
/// Python, the Python function and line it came from.
pub fn render_error(e: &RtError) -> String {
    let mut out = e.render();
    if let Some(origin) = python_origin(e) {
        out.push_str("\n  in Python: ");
        out.push_str(&origin);
    }
    out
}

/// The error field holding the Python traceback (`e.python_traceback`).
pub const TRACEBACK_KEY: &str = "python_traceback";

/// The Python traceback an error carries, if it came from Python.
pub fn python_traceback(e: &RtError) -> Option<String> {
    match &crate::lang::access::error_field(&e.0, TRACEBACK_KEY) {
        Value::Str(s) => Some(s.as_str().to_string()),
        _ => None,
    }
}
