//! The bytecode interpreter.
//!
//! One value stack; a call pushes a `Frame { closure, ip, base }` on a `Vec`
//! and the arguments already on the stack become the callee's first local
//! slots, so an ML call allocates nothing and never recurses on the Rust
//! stack (deep ML recursion is a clean `RecursionError`). Exception handlers
//! are a stack of `(frame, target, stack depth)` records pushed by `try`.
//! Natives that call back into ML (`functional.map`) re-enter `run` with a
//! floor, and the same depth limit counts those frames too.

use super::access;
use super::builtins;
use super::chunk::{Capture, Chunk, Constant, FuncProto, Op};
use super::error::{ErrorKind, RtError};
use super::iter;
use super::methods;
use super::ops;
use super::suggest;
mod modules;
pub use callback::{release, Callback, Moving};
pub use interrupt::Interrupt;
pub use modules::{BuiltinResolver, ModuleResolver, ReloadReport};

use super::host::{BuiltinModules, Host, NoGrants};
use super::value::{
    str_key_index, Closure, Globals, IterState, Key, KeyRef, Module, ModuleKind, NativeFn,
    NativeResult, RuntimeProto, Value,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;

struct Frame {
    /// The running closure. The callee slot below the frame's locals,
    /// `stack[base - 1]`, holds it as a `Value::Func` for the frame's whole
    /// life: frames are pushed only over that slot, nothing writes below a
    /// frame's locals while it runs, and the slot is dropped only together
    /// with the frame. Borrowing it instead of counting another reference
    /// saves two count updates per call.
    closure: *const Closure,
    /// Where the frame resumes: a pointer into its closure's code (a
    /// call saves and a return restores it without converting to an
    /// index and back).
    ip: *const Op,
    base: usize,
}

impl Frame {
    /// A frame of `closure` about to run its first instruction.
    fn entering(closure: *const Closure, base: usize) -> Frame {
        // SAFETY: the caller holds the closure in the frame's callee slot.
        let ip = unsafe { &*closure }.proto.proto.code.as_ptr();
        Frame { closure, ip, base }
    }

    fn closure(&self) -> &Closure {
        // SAFETY: the callee slot keeps the closure alive (see the field).
        unsafe { &*self.closure }
    }

    /// The index in its code of the instruction the frame resumes at.
    fn ip_index(&self) -> usize {
        let start = self.closure().proto.proto.code.as_ptr();
        // SAFETY: `ip` points into the closure's code (or one past it).
        unsafe { self.ip.offset_from(start) as usize }
    }

    /// Make the frame resume at instruction `index`.
    fn set_ip_index(&mut self, index: usize) {
        let code = &self.closure().proto.proto.code;
        debug_assert!(index <= code.len());
        // SAFETY: the index is inside the code (a handler's target).
        self.ip = unsafe { code.as_ptr().add(index) };
    }
}

struct Handler {
    frame: usize,
    /// A `finally` error path: the error passes through with its traceback.
    passes_through: bool,
    target: usize,
    stack_len: usize,
}

/// The default limit on nested ML calls (spec 3.9 asks for at least 1000).
pub const DEFAULT_MAX_DEPTH: usize = 10_000;

pub struct Vm {
    stack: Vec<Value>,
    frames: Vec<Frame>,
    handlers: Vec<Handler>,
    out: Box<dyn Write>,
    input: Box<dyn BufRead>,
    pub max_depth: usize,
    modules: HashMap<String, Rc<Module>>,
    /// Modules whose top level is running, outermost first (for cycles).
    importing: Vec<String>,
    /// Where `import` looks, in order (see `modules.rs`).
    resolvers: Rc<[Rc<dyn ModuleResolver>]>,
    /// Told of every import that worked (the registry's import graph).
    import_listener: Option<modules::ImportListener>,
    builtin_cache: HashMap<String, Value>,
    /// Globals the embedding added ([`Vm::add_builtin`]), in the order added.
    added_builtins: Vec<String>,
    /// Answers capability checks (the session's grants).
    host: Box<dyn Host>,
    program_args: Vec<String>,
    /// The interrupt flag, with the fast call path's depth limit (see
    /// `interrupt.rs`).
    interrupt: Arc<Interrupt>,
    /// Set with the interrupt by a time limit: the limit in milliseconds.
    timed_out: Arc<AtomicU64>,
    /// Stack buffers the stack grew out of, kept (emptied, not freed)
    /// until the outermost chunk returns: a native reads its arguments
    /// in place on the stack, and a callback into ML that grows the
    /// stack must not free the memory under them (see `grow_stack`).
    retired_stacks: Vec<Vec<Value>>,
    /// The builtin `range`, once a `for` loop has asked for it: a loop
    /// over a call of exactly this function counts instead of building
    /// the array.
    range_fn: Option<Rc<NativeFn>>,
    /// The call recorder while profiling is on (see `profile.rs`); the
    /// call and return paths test only whether it is there.
    profiler: Option<Box<crate::lang::profile::Profiler>>,
    /// The report of the last recording that was stopped.
    last_profile: Option<Rc<crate::lang::profile::ProfileReport>>,
    /// The deepest stack address (the stack grows down) at which a native
    /// re-entering ML passed the native stack check; shallower ones pass.
    stack_checked_to: usize,
}

enum Called {
    Frame,
    Value(Value),
}

/// Standard output as a VM writes it. On a terminal a person watches the
/// output as it comes (progress lines of a long loop), so it goes out line
/// by line, as C's stdio does; into a pipe or file it is written in big
/// blocks.
pub fn stdout_writer() -> Box<dyn Write> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        Box::new(std::io::LineWriter::new(std::io::stdout()))
    } else {
        Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        ))
    }
}

impl Vm {
    /// A VM of the language alone, writing to `out`: no built-in modules,
    /// no grants. `Vm::new` and `Vm::with_output` (in `runtime`) add the
    /// standard library and the grants.
    pub fn bare(out: Box<dyn Write>) -> Vm {
        Vm {
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(64),
            handlers: Vec::new(),
            out,
            input: Box::new(std::io::BufReader::new(std::io::stdin())),
            max_depth: DEFAULT_MAX_DEPTH,
            modules: HashMap::new(),
            importing: Vec::new(),
            resolvers: Rc::new([]),
            import_listener: None,
            builtin_cache: HashMap::new(),
            added_builtins: Vec::new(),
            host: Box::new(NoGrants),
            program_args: Vec::new(),
            interrupt: Arc::new(Interrupt::new()),
            timed_out: Arc::new(AtomicU64::new(0)),
            retired_stacks: Vec::new(),
            range_fn: None,
            profiler: None,
            last_profile: None,
            stack_checked_to: usize::MAX,
        }
    }

    /// Import the modules written in Rust from `modules` (and nothing else,
    /// until [`Vm::set_resolvers`] installs a longer chain).
    pub fn set_builtin_modules(&mut self, modules: &'static dyn BuiltinModules) {
        self.set_resolvers(vec![Rc::new(BuiltinResolver(modules))]);
    }

    /// Install the host that answers capability checks.
    pub fn set_host(&mut self, host: Box<dyn Host>) {
        self.host = host;
    }

    pub fn host(&self) -> &dyn Host {
        &*self.host
    }

    pub fn host_mut(&mut self) -> &mut dyn Host {
        &mut *self.host
    }

    pub fn set_input(&mut self, input: Box<dyn BufRead>) {
        self.input = input;
    }

    /// Setting this flag makes the running evaluation raise KeyboardInterrupt
    /// (checked on backward jumps and calls). It stays set, so the
    /// evaluation cannot catch it and go on, until [`Vm::clear_interrupt`].
    pub fn interrupt_flag(&self) -> Arc<Interrupt> {
        self.interrupt.clone()
    }

    /// Storing a time limit (milliseconds) here before setting the
    /// interrupt flag makes the interruption a `TimeoutError`.
    pub fn timeout_flag(&self) -> Arc<AtomicU64> {
        self.timed_out.clone()
    }

    /// `Err` with the pending interruption (`KeyboardInterrupt` or
    /// `TimeoutError`), if any: for natives that run long, between chunks.
    pub fn check_interrupt(&self) -> Result<(), RtError> {
        if self.interrupt.load(AtomicOrdering::Relaxed) {
            return Err(self.interruption());
        }
        Ok(())
    }

    /// Forget a pending interruption (before running the next input).
    pub fn clear_interrupt(&self) {
        self.interrupt.store(false, AtomicOrdering::SeqCst);
        self.timed_out.store(0, AtomicOrdering::SeqCst);
    }

    /// The error an interruption raises.
    #[cold]
    pub(crate) fn interruption(&self) -> RtError {
        interruption_error(self.timed_out.load(AtomicOrdering::SeqCst))
    }

    /// `allow_eval` from the configuration: whether code may be evaluated
    /// dynamically (ML itself has no such builtin; bridges ask this).
    pub fn allow_eval(&self) -> bool {
        self.host.allow_eval()
    }

    /// The program's arguments, the script name first (for the `args` module).
    pub fn set_program_args(&mut self, args: Vec<String>) {
        self.program_args = args;
    }

    pub fn program_args(&self) -> &[String] {
        &self.program_args
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    /// Run a compiled chunk in a module's globals; returns the value of the
    /// chunk (null, or the echoed last expression for REPL input).
    pub fn run_chunk(&mut self, chunk: &Chunk, globals: &Rc<Globals>) -> NativeResult {
        crate::lang::limits::check_native_stack()?;
        crate::lang::limits::set_running(&self.interrupt, &self.timed_out);
        self.open_fast_calls();
        self.bind_globals(chunk, globals)?;
        super::gc::track_globals(globals);
        if self.profiler.is_some() {
            self.profile_scope(globals);
        }
        let closure = Rc::new(Closure {
            proto: materialize(&chunk.main),
            upvalues: Box::new([]),
            globals: globals.clone(),
        });
        let floor = self.frames.len();
        let callee_idx = self.stack.len();
        self.reserve_stack(1);
        self.stack.push(Value::Func(closure.clone()));
        self.push_frame(Rc::as_ptr(&closure), 0, callee_idx + 1)?;
        let result = self.run(floor);
        if floor == 0 {
            // No native runs below the outermost chunk, so nothing reads
            // the stacks it grew out of.
            self.retired_stacks.clear();
        }
        result
    }

    /// Give every global name of the chunk a slot at the compile-time index,
    /// and let unassigned names that are builtins start as the builtin.
    fn bind_globals(&mut self, chunk: &Chunk, globals: &Rc<Globals>) -> Result<(), RtError> {
        for (i, name) in chunk.global_names.iter().enumerate() {
            let slot = globals.slot(name);
            if slot != i {
                return Err(RtError::runtime_error(format!(
                    "internal error: global '{name}' compiled at {i} but bound at {slot}"
                )));
            }
            let unset = matches!(globals.values.borrow()[slot], Value::Undef);
            if unset {
                if let Some(b) = self.builtin(name) {
                    globals.set_builtin_default(slot, b);
                }
            }
        }
        Ok(())
    }

    /// The builtin bound to `name` (the same value every time).
    pub fn builtin(&mut self, name: &str) -> Option<Value> {
        if let Some(v) = self.builtin_cache.get(name) {
            return Some(v.clone());
        }
        let v = if name == "builtin" {
            Value::Module(self.builtin_module())
        } else {
            builtins::lookup(name)?
        };
        self.builtin_cache.insert(name.to_string(), v.clone());
        Some(v)
    }

    /// Add a global that every program of this VM starts with, beside the
    /// language's builtins (and in the `builtin` module): how a layer above
    /// gives ML code a function over its own state. A language builtin of
    /// the same name keeps its place.
    pub fn add_builtin(&mut self, name: &str, value: Value) {
        if builtins::lookup(name).is_some() || self.builtin_cache.contains_key(name) {
            return;
        }
        self.builtin_cache.insert(name.to_string(), value);
        self.added_builtins.push(name.to_string());
    }

    /// The names of the builtins: the language's, then the added ones.
    fn builtin_names(&self) -> impl Iterator<Item = &str> {
        let added = self.added_builtins.iter().map(String::as_str);
        builtins::names().iter().copied().chain(added)
    }

    /// The `builtin` module: the same function values the global names
    /// start with, so `builtin.len == len` until `len` is rebound.
    fn builtin_module(&mut self) -> Rc<Module> {
        if let Some(m) = self.modules.get("builtin") {
            return m.clone();
        }
        let globals = Rc::new(Globals::default());
        let names: Vec<String> = self.builtin_names().map(str::to_string).collect();
        for name in names.iter().filter(|n| *n != "builtin") {
            if let Some(v) = self.builtin(name) {
                globals.set(name, v);
            }
        }
        let module = Rc::new(Module {
            name: "builtin".into(),
            kind: ModuleKind::Builtin,
            globals: globals.into(),
        });
        self.modules.insert("builtin".to_string(), module.clone());
        module
    }

    /// Call any callable value with arguments (used by natives such as
    /// `functional.map` to call back into ML). Errors propagate as `Err`.
    ///
    /// Inlined into the natives' loops: a callback into a short ML function
    /// costs little more than the `run` it enters, so the call into this
    /// function and its register saves were a tenth of each element's cost.
    #[inline(always)]
    pub fn call_value(&mut self, callee: &Value, args: &[Value]) -> NativeResult {
        self.check_callback_stack()?;
        let floor = self.frames.len();
        // Natives such as `functional.map` call an ML function once per
        // element: enter it directly, without the general dispatch of
        // `call_at`. Anything unusual (wrong argument count, the depth
        // limit, a pending interrupt, profiling) takes the general path,
        // which raises or records it.
        if let Value::Func(c) = callee {
            if self.enters_directly(c, args.len()) {
                self.enter_with_args(c, args);
                return self.run(floor);
            }
        }
        self.call_general(callee, args)
    }

    /// `call_value` with arguments the caller gives up: a closure gets them
    /// moved into its slots instead of copies (an accumulator threaded
    /// through `reduce` is never shared with the native's copy). Inlined
    /// like `call_value`.
    #[inline(always)]
    pub fn call_owned<const N: usize>(&mut self, callee: &Value, args: [Value; N]) -> NativeResult {
        self.check_callback_stack()?;
        if let Value::Func(c) = callee {
            if self.enters_directly(c, N) {
                let floor = self.frames.len();
                self.enter_with_owned(c, args);
                return self.run(floor);
            }
        }
        self.call_general(callee, &args)
    }

    /// A call from a native through `call_at`: any callable, every check.
    /// Kept out of line, so the inlined fast paths stay small.
    #[inline(never)]
    fn call_general(&mut self, callee: &Value, args: &[Value]) -> NativeResult {
        let floor = self.frames.len();
        let callee_idx = self.stack.len();
        // Grown here, never by the vector itself (see `grow_stack`).
        self.reserve_stack(1 + args.len());
        self.stack.push(callee.clone());
        self.stack.extend_from_slice(args);
        match self.call_at(callee_idx, args.len()) {
            Ok(Called::Value(v)) => Ok(v),
            Ok(Called::Frame) => self.run(floor),
            Err(e) => {
                self.stack.truncate(callee_idx);
                Err(e)
            }
        }
    }

    /// `limits::check_native_stack` for a native calling back into ML,
    /// skipped where the stack is no deeper than at a check that passed:
    /// a native's loop of callbacks checks once, not per element.
    #[inline(always)]
    fn check_callback_stack(&mut self) -> Result<(), RtError> {
        let marker = 0u8;
        let here = std::hint::black_box(&marker) as *const u8 as usize;
        if here < self.stack_checked_to {
            crate::lang::limits::check_native_stack()?;
            self.stack_checked_to = here;
        }
        Ok(())
    }

    /// Whether a call of `c` with `argc` arguments from a native can skip
    /// `push_frame`'s checks: they would all pass and nothing records calls.
    #[inline(always)]
    fn enters_directly(&self, c: &Closure, argc: usize) -> bool {
        c.proto.arity == argc
            && self.frames.len() < self.max_depth
            && self.profiler.is_none()
            && !self.interrupt.load(AtomicOrdering::Relaxed)
    }

    /// Push `c` as a callee with `args` and enter it (`enters_directly`
    /// holds for their number): one reservation, each slot written once.
    #[inline(always)]
    fn enter_with_args(&mut self, c: &Rc<Closure>, args: &[Value]) {
        let locals = self.enter_frame(c, args.len());
        for (i, a) in args.iter().enumerate() {
            // SAFETY: `enter_frame` left these argument slots to fill.
            unsafe { locals.add(i).write(a.clone()) };
        }
    }

    /// The same with arguments moved in.
    #[inline(always)]
    fn enter_with_owned<const N: usize>(&mut self, c: &Rc<Closure>, args: [Value; N]) {
        let locals = self.enter_frame(c, N);
        let args = std::mem::ManuallyDrop::new(args);
        // SAFETY: `enter_frame` left the `N` argument slots to fill; the
        // values move there and the array is never dropped.
        unsafe { std::ptr::copy_nonoverlapping(args.as_ptr(), locals, N) };
    }

    /// Push `c` as a callee and a frame for it whose first `argc` local
    /// slots the caller fills at once from the returned pointer (the other
    /// slots are unbound).
    #[inline(always)]
    fn enter_frame(&mut self, c: &Rc<Closure>, argc: usize) -> *mut Value {
        let rp = &c.proto;
        debug_assert_eq!(argc, rp.arity);
        let callee_idx = self.stack.len();
        self.reserve_stack(1 + rp.frame_room);
        // SAFETY: the reservation covers the callee and its slots
        // (`argc == arity <= num_slots`); the callee and the slots above
        // the arguments are written here, the arguments by the caller
        // before anything reads the stack.
        let locals = unsafe {
            let slot = self.stack.as_mut_ptr().add(callee_idx);
            slot.write(Value::Func(Rc::clone(c)));
            let locals = slot.add(1);
            for i in argc..rp.num_slots {
                locals.add(i).write(Value::Undef);
            }
            self.stack.set_len(callee_idx + 1 + rp.num_slots);
            locals
        };
        self.frames
            .push(Frame::entering(Rc::as_ptr(c), callee_idx + 1));
        locals
    }

    /// Room for `n` more values on the stack; growing it is rare (capacity
    /// never shrinks), so that part stays out of the call paths.
    #[inline(always)]
    fn reserve_stack(&mut self, n: usize) {
        if self.stack.capacity() - self.stack.len() < n {
            self.grow_stack(n);
        }
    }

    /// Moves the stack to a buffer with room for `n` more values.
    ///
    /// The old buffer is kept, not freed: a native running below may be
    /// reading its arguments in it (they are read in place, see
    /// `Vm::native_args`). The values move to the new buffer bit for bit,
    /// and the stack below the running frames does not change while those
    /// natives run, so the copies they read stay the same values.
    #[cold]
    #[inline(never)]
    fn grow_stack(&mut self, n: usize) {
        let len = self.stack.len();
        let cap = (len + n).max(2 * self.stack.capacity());
        let mut grown: Vec<Value> = Vec::with_capacity(cap);
        // SAFETY: the `len` values move to the new buffer; the old vector's
        // length drops to 0 first, so each has one owner.
        unsafe {
            std::ptr::copy_nonoverlapping(self.stack.as_ptr(), grown.as_mut_ptr(), len);
            self.stack.set_len(0);
            grown.set_len(len);
        }
        let old = std::mem::replace(&mut self.stack, grown);
        self.retired_stacks.push(old);
    }

    /// Standard output as the program sees it (buffered; flushed by the VM).
    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// Standard error; flushes stdout first so output interleaves correctly.
    pub fn err_out(&mut self) -> Box<dyn Write> {
        let _ = self.out.flush();
        Box::new(std::io::stderr())
    }

    /// One line of standard input without its newline; `None` at end of input.
    pub fn read_line(&mut self) -> Option<String> {
        let _ = self.out.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                let trimmed = line.trim_end_matches(['\n', '\r']).len();
                line.truncate(trimmed);
                Some(line)
            }
        }
    }

    /// Whether the session grants capability `name` (`file:read` =
    /// `file.read`) for at least some resource.
    pub fn has_capability(&self, name: &str) -> bool {
        self.host.is_granted(name)
    }

    /// The one capability check (spec 3.14): `Ok` when `name` is granted
    /// for `resource` (a path, variable name or URL; `None` when the
    /// operation has no resource, as for bridge functions, which any grant
    /// of the name allows), else `CapabilityError` naming both. With
    /// `strict_security: false` it allows and warns once per capability.
    pub fn require_capability(&self, name: &str, resource: Option<&str>) -> Result<(), RtError> {
        self.host.check(name, resource)
    }

    /// Sorted names of granted capabilities.
    pub fn granted_capabilities(&self) -> Vec<String> {
        self.host.granted_names()
    }

    // ----- calls -----

    #[inline(never)]
    /// Enter `closure`, which the value at `base - 1` holds, with the
    /// `argc` arguments above it.
    fn push_frame(
        &mut self,
        closure: *const Closure,
        argc: usize,
        base: usize,
    ) -> Result<(), RtError> {
        debug_assert!(
            matches!(&self.stack[base - 1], Value::Func(c) if Rc::as_ptr(c) == closure),
            "the callee slot must hold the frame's closure"
        );
        // SAFETY: the value at `base - 1` holds the closure (checked above
        // in debug builds; every caller pushes the callee there first).
        let rp = &unsafe { &*closure }.proto;
        if rp.arity != argc {
            return Err(arity_error(&rp.proto, argc));
        }
        if self.frames.len() >= self.max_depth {
            return Err(RtError::new(
                ErrorKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        if self.interrupt.load(AtomicOrdering::Relaxed) {
            return Err(self.interruption());
        }
        self.reserve_stack(rp.frame_room);
        let len = self.stack.len();
        // SAFETY: the reservation covers the slots above the arguments
        // (`len == base + argc <= base + num_slots`); each is written
        // before the length grows over it.
        unsafe {
            let start = self.stack.as_mut_ptr();
            for i in len..base + rp.num_slots {
                start.add(i).write(Value::Undef);
            }
            self.stack.set_len(base + rp.num_slots);
        }
        self.frames.push(Frame::entering(closure, base));
        // The fast call path checks its depth limit, the frame list's room
        // and the interrupt flag with one compare (see `fast_call_limit`);
        // the push may have grown the list.
        self.open_fast_calls();
        if self.profiler.is_some() {
            self.profile_enter(closure);
        }
        Ok(())
    }

    /// Call the value at `callee_idx` with the `argc` values above it.
    #[inline(never)]
    fn call_at(&mut self, callee_idx: usize, argc: usize) -> Result<Called, RtError> {
        match &self.stack[callee_idx] {
            Value::Func(c) => {
                let c = Rc::as_ptr(c);
                self.push_frame(c, argc, callee_idx + 1)?;
                Ok(Called::Frame)
            }
            Value::Native(n) => {
                let n = Rc::as_ptr(n);
                // SAFETY: the callee slot keeps the function alive and the
                // arguments stay in place for the call (`native_args`).
                let result = unsafe { self.call_native(n, self.native_args(callee_idx + 1)) };
                self.stack.truncate(callee_idx);
                Ok(Called::Value(result?))
            }
            Value::BoundMethod(b) => {
                let b = b.clone();
                // SAFETY: as above.
                let result = self.call_method(&b.receiver, &b.name, unsafe {
                    self.native_args(callee_idx + 1)
                });
                self.stack.truncate(callee_idx);
                Ok(Called::Value(result?))
            }
            other => Err(RtError::type_error(format!(
                "'{}' value is not callable",
                other.type_name()
            ))),
        }
    }

    /// A method of a built-in type or native object.
    pub fn call_method(&mut self, recv: &Value, name: &str, args: &[Value]) -> NativeResult {
        match recv {
            Value::NativeObj(o) => {
                let o = o.clone();
                o.call_method(self, name, args)
            }
            _ => methods::call_method(self, recv, name, args),
        }
    }

    /// `recv.name(args)`: object keys and module members are called as
    /// plain functions; strings, arrays and native objects have methods.
    #[inline(never)]
    fn call_member(
        &mut self,
        recv_idx: usize,
        name: &Value,
        argc: usize,
    ) -> Result<Called, RtError> {
        let Value::Str(n) = name else {
            return Err(RtError::type_error("method name must be a string"));
        };
        let target = match &self.stack[recv_idx] {
            Value::Object(map) => {
                let found = {
                    let fields = map.borrow();
                    str_key_index(&fields, n).map(|i| fields[i].clone())
                };
                let field = found.ok_or_else(|| access::missing_property(map, n))?;
                Some(field)
            }
            Value::Module(_) | Value::Error(_) => {
                Some(access::get_member(&self.stack[recv_idx], n)?)
            }
            _ => None,
        };
        match target {
            Some(f) if f.is_callable() => {
                self.stack[recv_idx] = f;
                self.call_at(recv_idx, argc)
            }
            Some(f) => Err(RtError::type_error(format!(
                "'{}' is a {}, not a function",
                n.as_str(),
                f.type_name()
            ))),
            None => {
                // SAFETY: the receiver and the arguments stay in their slots
                // for the call (see `native_args`).
                let result = unsafe {
                    let recv: *const Value = &self.stack[recv_idx];
                    self.call_method(&*recv, n.as_str(), self.native_args(recv_idx + 1))
                };
                self.stack.truncate(recv_idx);
                Ok(Called::Value(result?))
            }
        }
    }

    /// The stack's values from `from` up, as the arguments of a native
    /// call: natives read them in place, and the caller drops them after.
    ///
    /// # Safety
    /// The slice outlives any borrow of the stack: the caller keeps the
    /// values in their slots until the native returns. A callback into ML
    /// runs above them and leaves them alone (its frames and an unwinding
    /// error stop at its own callee slot), and a stack that grows keeps
    /// its old buffer (`grow_stack`), so the slice stays readable.
    pub(super) unsafe fn native_args<'a>(&self, from: usize) -> &'a [Value] {
        let n = self.stack.len() - from;
        // SAFETY: `from..len` are initialized values of the stack.
        unsafe { std::slice::from_raw_parts(self.stack.as_ptr().add(from), n) }
    }

    // ----- errors -----

    /// Find a handler for `err` among the frames at or above `floor`; unwind
    /// to it, or (none found) pop those frames and return the error.
    #[inline(never)]
    fn unwind(&mut self, err: RtError, floor: usize, rethrown: bool) -> Result<(), RtError> {
        let mut fi = self.frames.len() - 1;
        let mut trace_this_frame = !rethrown;
        loop {
            if trace_this_frame {
                self.add_trace(&err, fi);
            }
            trace_this_frame = true;
            if let Some(h) = self.handlers.last() {
                if h.frame == fi && fi >= floor {
                    let (target, stack_len) = (h.target, h.stack_len);
                    if !h.passes_through {
                        err.0.traceback.borrow_mut().clear();
                    }
                    self.handlers.pop();
                    self.stack.truncate(stack_len);
                    self.stack.push(err.to_value());
                    self.frames[fi].set_ip_index(target);
                    self.profile_leave_unwound();
                    return Ok(());
                }
            }
            if fi <= floor {
                let base = self.frames[fi].base;
                self.stack.truncate(base.saturating_sub(1));
                self.frames.truncate(floor);
                self.profile_leave_unwound();
                return Err(err);
            }
            self.frames.pop();
            fi -= 1;
        }
    }

    fn add_trace(&self, err: &RtError, fi: usize) {
        let frame = &self.frames[fi];
        let proto = &frame.closure().proto.proto;
        let offset = proto
            .offset_of(frame.ip_index().saturating_sub(1))
            .unwrap_or(0);
        let function = (&*proto.name != "<module>").then_some(&proto.name);
        err.0
            .traceback
            .borrow_mut()
            .push(&proto.file, offset, function);
    }

    #[inline(never)]
    fn name_error(&self, fi: usize, op: Op) -> RtError {
        let closure = self.frames[fi].closure();
        let proto = &closure.proto.proto;
        let msg = match op {
            Op::LoadLocal(s) | Op::LoadCell(s) => format!(
                "local variable '{}' referenced before assignment",
                proto.slot_name(s).unwrap_or("?")
            ),
            Op::LoadUpval(u) => format!(
                "variable '{}' referenced before assignment",
                proto.upvalue_name(u).unwrap_or("?")
            ),
            Op::LoadGlobal(g) => {
                let names = closure.globals.names.borrow();
                let name = names.get_index(g as usize).map_or("?", |(n, _)| &**n);
                let hint = self.undefined_name_hint(&closure.globals, name);
                format!("undefined variable '{name}'{hint}")
            }
            _ => "undefined variable".to_string(),
        };
        RtError::new(ErrorKind::NameError, msg)
    }

    /// " (did you mean 'x'?)" for an undefined global: the nearest defined
    /// global or builtin, else the nearest importable module (which then
    /// needs importing first).
    fn undefined_name_hint(&self, globals: &Globals, name: &str) -> String {
        let defined: Vec<Rc<str>> = {
            let values = globals.values.borrow();
            let names = globals.names.borrow();
            names
                .iter()
                .filter(|(_, i)| !matches!(values.get(**i), Some(Value::Undef) | None))
                .map(|(n, _)| n.clone())
                .collect()
        };
        let known = defined.iter().map(|n| &**n).chain(self.builtin_names());
        if let Some(near) = suggest::closest(name, known) {
            return format!(" (did you mean '{near}'?)");
        }
        let modules = self.available_module_names(None);
        let tops = modules.iter().map(|m| m.split('.').next().unwrap_or(m));
        match suggest::closest(name, tops) {
            Some(m) => format!(" (did you mean '{m}'? import {m} first)"),
            None => String::new(),
        }
    }
}

/// The value of the timeout flag that means "over the memory budget".
pub const MEMORY_BUDGET_EXCEEDED: u64 = u64::MAX;

/// The error of an interruption: `KeyboardInterrupt`, or `TimeoutError`
/// when a time limit of `timed_out_ms` (non-zero) set it, or `MemoryError`
/// for [`MEMORY_BUDGET_EXCEEDED`]: the memory watch set the flag because
/// the process outgrew its budget.
pub fn interruption_error(timed_out_ms: u64) -> RtError {
    match timed_out_ms {
        0 => RtError::new(ErrorKind::KeyboardInterrupt, "interrupted"),
        MEMORY_BUDGET_EXCEEDED => RtError::new(
            ErrorKind::MemoryError,
            "the memory budget (--max-memory / max_memory_mb) is used up",
        ),
        ms => RtError::new(
            ErrorKind::TimeoutError,
            format!("time limit of {} exceeded", format_limit(ms)),
        ),
    }
}

/// A limit in milliseconds as seconds: `2s`, `0.25s`.
fn format_limit(ms: u64) -> String {
    let text = format!("{:.3}", ms as f64 / 1000.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}s")
}

fn arity_error(proto: &FuncProto, argc: usize) -> RtError {
    let n = proto.arity as usize;
    RtError::type_error(format!(
        "{}() takes {} argument{} ({} given)",
        proto.name,
        n,
        if n == 1 { "" } else { "s" },
        argc
    ))
}

/// Instantiate a compiled prototype (and its children) for this VM.
pub fn materialize(proto: &Arc<FuncProto>) -> Rc<RuntimeProto> {
    materialize_with(proto, &mut HashMap::new())
}

/// Equal string constants of one chunk become one shared string, so an
/// object built in one function and read in another still finds its keys
/// by pointer (see `str_key_index`).
fn materialize_with(
    proto: &Arc<FuncProto>,
    strings: &mut HashMap<Arc<str>, Value>,
) -> Rc<RuntimeProto> {
    let consts = proto
        .consts
        .iter()
        .map(|c| match c {
            Constant::Int(i) => Value::Int(*i),
            Constant::Float(f) => Value::Float(*f),
            Constant::Str(s) => strings
                .entry(s.clone())
                .or_insert_with(|| Value::str(s))
                .clone(),
        })
        .collect();
    let children = proto
        .children
        .iter()
        .map(|child| materialize_with(child, strings))
        .collect();
    Rc::new(RuntimeProto::new(proto.clone(), consts, children))
}

mod callback;
mod interrupt;
mod members;
mod num;
mod profile;
mod run;
mod support;
