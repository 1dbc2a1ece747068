//! Running ML source end to end: parse, compile, execute, and turn failures
//! into the exit codes of spec 3.15 (0 ok, 1 uncaught error, 2 syntax or
//! compile error). Shared by `mlpy run`, `mlpy check` and the tests.

use crate::capabilities::{Grant, GrantSource};
use crate::config::Config;
use crate::lang::chunk::Chunk;
use crate::lang::compiler::compile;
use crate::lang::diagnostics::{Diagnostic, SourceFile};
use crate::lang::parser::parse;
use crate::lang::value::Globals;
use crate::lang::vm::Vm;
use crate::registry::loader::RegistryLoader;
use crate::registry::ModuleRegistry;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

/// Why a program did not complete.
#[derive(Debug)]
pub enum Failure {
    /// Syntax or compile error, already rendered with location and caret.
    Compile(String),
    /// Uncaught runtime error, rendered with its ML traceback.
    Runtime(String),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Compile(_) => 2,
            Failure::Runtime(_) => 1,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Compile(m) | Failure::Runtime(m) => m,
        }
    }
}

/// A VM whose imports go through a registry built from `config`, with the
/// configured and flag-given capability grants. `script_dir`, the folder of
/// the program being run, is searched last for ML modules (spec 3.13).
pub fn session_vm(
    config: &Config,
    script_dir: Option<PathBuf>,
    grants: &[String],
) -> (Vm, Arc<ModuleRegistry>) {
    let (vm, loader) = registry_vm(config, script_dir, grants);
    (vm, loader.registry.clone())
}

/// [`session_vm`], also handing back the loader installed in the VM (its
/// registry and Python bridge), for callers that report on modules.
pub fn registry_vm(
    config: &Config,
    script_dir: Option<PathBuf>,
    grants: &[String],
) -> (Vm, Rc<RegistryLoader>) {
    let mut ml_paths = config.ml_module_paths.value.clone();
    if let Some(dir) = script_dir {
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir = crate::config::absolute(&cwd, &dir);
        if !ml_paths.contains(&dir) {
            ml_paths.push(dir);
        }
    }
    let registry = Arc::new(ModuleRegistry::new(
        ml_paths,
        config.python_extension_paths.value.clone(),
    ));
    let mut vm = Vm::new();
    let bridge = crate::bridge::BridgeSettings::from_config(config);
    let loader = RegistryLoader::with_bridge(registry, bridge).install(&mut vm);
    vm.max_depth = config.max_call_depth.value;
    apply_security(&mut vm, config, grants);
    crate::memory::watch_budget(&vm);
    (vm, loader)
}

/// Grants from `mlpy.json` (relative patterns against its folder) and from
/// `--grant CAP[=GLOB]` flags (against the working folder), and the
/// `security` settings. Flags are validated by the CLI before this runs;
/// one that is still invalid is reported and skipped.
fn apply_security(vm: &mut Vm, config: &Config, flags: &[String]) {
    let security = vm.grants_mut();
    security.strict = config.strict_security.value;
    security.allow_eval = config.allow_eval.value;
    for (name, patterns) in &config.capabilities.value {
        match Grant::new(
            name,
            patterns,
            &config.project_root,
            GrantSource::ConfigFile,
        ) {
            Ok(grant) => security.add(grant),
            Err(problem) => eprintln!("mlpy: warning: {problem}"),
        }
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    for flag in flags {
        match Grant::from_flag(flag, &cwd, GrantSource::Flag) {
            Ok(grant) => security.add(grant),
            Err(problem) => eprintln!("mlpy: warning: --grant {flag}: {problem}"),
        }
    }
}

/// Parse and compile a source file as a fresh module.
pub fn compile_source(file: &Arc<SourceFile>) -> Result<Chunk, Failure> {
    let render = |d: Diagnostic| Failure::Compile(d.render(file));
    let program = parse(&file.text).map_err(render)?;
    compile(&program, file.clone(), &[], false).map_err(render)
}

/// Run more source in existing globals, as a REPL does with each input:
/// names defined earlier stay visible. With `echo`, the value of a final
/// expression statement is returned.
pub fn run_in_globals(
    vm: &mut Vm,
    globals: &Rc<Globals>,
    name: &str,
    text: &str,
    echo: bool,
) -> Result<crate::lang::value::Value, Failure> {
    eval_in_globals(vm, globals, name, text, echo).map_err(|e| match e {
        EvalError::Compile(message) => Failure::Compile(message),
        EvalError::Runtime(error) => Failure::Runtime(crate::bridge::render_error(&error)),
    })
}

/// Why [`eval_in_globals`] failed: a rendered diagnostic, or the runtime
/// error itself (which may carry more than its text, such as a Python
/// traceback).
pub enum EvalError {
    Compile(String),
    Runtime(crate::lang::error::RtError),
}

/// [`run_in_globals`], keeping the runtime error as a value.
pub fn eval_in_globals(
    vm: &mut Vm,
    globals: &Rc<Globals>,
    name: &str,
    text: &str,
    echo: bool,
) -> Result<crate::lang::value::Value, EvalError> {
    let chunk = compile_in_globals(globals, name, text, echo).map_err(EvalError::Compile)?;
    let result = vm.run_chunk(&chunk, globals);
    vm.flush();
    result.map_err(EvalError::Runtime)
}

/// Compile `text` to run in `globals` (which it may extend), or the
/// rendered diagnostic.
pub fn compile_in_globals(
    globals: &Globals,
    name: &str,
    text: &str,
    echo: bool,
) -> Result<Chunk, String> {
    let file = SourceFile::new(name, text);
    let render = |d: Diagnostic| d.render(&file);
    let program = parse(&file.text).map_err(render)?;
    let existing = globals.slot_names();
    compile(&program, file.clone(), &existing, echo).map_err(render)
}

/// Run a whole program in a fresh global scope.
pub fn run_source(vm: &mut Vm, file: &Arc<SourceFile>) -> Result<(), Failure> {
    let chunk = compile_source(file)?;
    let globals = Rc::new(Globals::default());
    let result = vm.run_chunk(&chunk, &globals);
    vm.flush();
    result
        .map(|_| ())
        .map_err(|e| Failure::Runtime(crate::bridge::render_error(&e)))
}

/// Stack sizes tried, largest first, for the thread the interpreter runs
/// on. ML calls never recurse on the Rust stack, but natives that call back
/// into ML (`functional.map` inside a recursive function) do. A large stack
/// lets such recursion go deep; under an address-space limit
/// (`ulimit -v`) the smaller sizes still start, and
/// [`crate::limits::check_native_stack`] turns what does not fit into a
/// `RecursionError` rather than a crash.
pub const INTERPRETER_STACKS: [usize; 3] = [1 << 30, 1 << 28, 1 << 25];

/// Run `work` on a fresh thread with the largest stack of
/// [`INTERPRETER_STACKS`] the system grants.
pub fn on_interpreter_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> std::thread::Result<T> {
    let work = Arc::new(std::sync::Mutex::new(Some(work)));
    let mut last_error = String::new();
    for size in INTERPRETER_STACKS {
        let job = work.clone();
        let spawned = std::thread::Builder::new()
            .name("mlpy".into())
            .stack_size(size)
            .spawn(move || {
                crate::limits::mark_native_stack(size);
                let work = job.lock().ok().and_then(|mut w| w.take());
                work.map(|w| w())
            });
        match spawned {
            Ok(handle) => {
                return handle.join().and_then(|done| {
                    done.ok_or_else(|| Box::new("no work") as Box<dyn std::any::Any + Send>)
                })
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(Box::new(last_error))
}

/// Run `text` as a program and return what it printed plus the failure
/// message, if any (used by tests and examples). The program runs on its own
/// interpreter thread, so the caller's stack size does not matter.
pub fn run_capture(name: &str, text: &str) -> (String, Option<Failure>) {
    let (name, text) = (name.to_string(), text.to_string());
    let result = on_interpreter_thread(move || {
        let buffer = SharedBuffer::default();
        let mut vm = Vm::with_output(Box::new(buffer.clone()));
        let file = SourceFile::new(name, text);
        let failure = run_source(&mut vm, &file).err();
        drop(vm);
        let out = String::from_utf8_lossy(&buffer.0.borrow()).into_owned();
        (out, failure)
    });
    result.unwrap_or_else(|_| {
        let failure = Failure::Runtime("internal error: the interpreter thread failed".into());
        (String::new(), Some(failure))
    })
}

/// An in-memory `Write` target whose contents stay readable after the VM
/// that wrote them is gone.
#[derive(Clone, Default)]
pub struct SharedBuffer(pub Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
