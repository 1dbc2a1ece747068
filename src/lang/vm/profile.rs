//! The VM's side of the profiler (see `lang::profile`): turning it on and
//! off, the hooks the call paths take while it is on, and the names its
//! rows get.
//!
//! While profiling is off `Vm::profiler` is `None` and the hot paths test
//! nothing new: the fast call path's depth limit and the return path's
//! "was that the bottom frame" compare are what send calls and returns
//! here while it is on (see `fast_call_limit` and `leave_floor`). A native
//! call tests the field once. Everything a hook does sits out of line,
//! marked cold.

use super::*;
use crate::lang::profile::{FuncInfo, ProfileReport};

impl Vm {
    /// Start recording calls (a recording already running starts over).
    pub fn start_profiling(&mut self) {
        self.profiler = Some(Box::default());
        self.open_fast_calls();
    }

    /// Whether calls are being recorded.
    pub fn is_profiling(&self) -> bool {
        self.profiler.is_some()
    }

    /// Stop recording; the report is also kept for [`Vm::profile_report`].
    pub fn stop_profiling(&mut self) -> Option<ProfileReport> {
        let report = self.profiler.take()?.finish();
        self.open_fast_calls();
        self.last_profile = Some(Rc::new(report.clone()));
        Some(report)
    }

    /// The running recording so far (open calls counted up to now), else
    /// the last finished one.
    pub fn profile_report(&self) -> Option<ProfileReport> {
        match &self.profiler {
            Some(p) => Some(p.report()),
            None => self.last_profile.as_deref().cloned(),
        }
    }

    /// The depth below which the fast call path may enter a frame: none
    /// while profiling, so that every call goes through `push_frame`.
    /// Never past the frame list's capacity either, so that the fast path
    /// pushes without a check of its own; `push_frame` grows the list
    /// and sets this again.
    pub(super) fn fast_call_limit(&self) -> usize {
        if self.profiler.is_some() {
            0
        } else {
            self.max_depth.min(self.frames.capacity())
        }
    }

    /// Set the fast call path's limit (see `interrupt.rs`) from
    /// `fast_call_limit`: when a chunk starts (the depth limit may have
    /// been set since), when profiling starts or stops, and after the
    /// general call path pushed a frame (the frame list may have grown,
    /// or the interrupt flag been cleared since it closed the path; the
    /// first call after either takes that path). Nothing else changes the
    /// limit's inputs, and the frame list never shrinks.
    pub(super) fn open_fast_calls(&self) {
        self.interrupt.set_call_limit(self.fast_call_limit());
    }

    /// The frame count at or below which a return leaves the fast return
    /// path: `floor` (the bottom frame of this `run` returned), or every
    /// return while profiling, so that the return path tells the profiler.
    pub(super) fn leave_floor(&self, floor: usize) -> usize {
        if self.profiler.is_some() {
            usize::MAX
        } else {
            floor
        }
    }

    /// A chunk starts running in `globals`: remember which module they
    /// belong to (the one whose top level is running; none for the
    /// program or a REPL input), so its functions are named after it.
    #[cold]
    pub(super) fn profile_scope(&mut self, globals: &Rc<Globals>) {
        let module: Rc<str> = self
            .importing
            .last()
            .map_or("".into(), |m| m.as_str().into());
        let scope = Rc::as_ptr(globals) as usize;
        if let Some(p) = self.profiler.as_deref_mut() {
            p.name_scope(scope, module, Box::new(Rc::downgrade(globals)));
        }
    }

    /// The frame just pushed runs `closure`.
    #[cold]
    #[inline(never)]
    pub(super) fn profile_enter(&mut self, closure: *const Closure) {
        let depth = self.frames.len() as u32;
        // SAFETY: the caller has just pushed a frame of this closure, whose
        // callee slot keeps it alive.
        let closure = unsafe { &*closure };
        let key = Arc::as_ptr(&closure.proto.proto) as usize;
        let Some(p) = self.profiler.as_deref_mut() else {
            return;
        };
        if p.enter_known(key, depth) {
            return;
        }
        let info = (!p.knows(key)).then(|| self.describe_closure(closure));
        if let Some(p) = self.profiler.as_deref_mut() {
            p.enter_new(key, depth, info);
        }
    }

    /// Frames were popped (a return, or an exception unwinding them).
    #[cold]
    #[inline(never)]
    pub(super) fn profile_leave(&mut self) {
        let depth = self.frames.len() as u32;
        if let Some(p) = self.profiler.as_deref_mut() {
            p.close_frames_above(depth);
        }
    }

    /// After unwinding: close the entries of the frames it popped.
    pub(super) fn profile_leave_unwound(&mut self) {
        if self.profiler.is_some() {
            self.profile_leave();
        }
    }

    /// Call a native function, recorded while profiling.
    ///
    /// # Safety
    /// `native` points into a live `Rc<NativeFn>` that outlives the call
    /// (the callee slot or a clone the caller holds).
    #[inline(always)]
    pub(super) unsafe fn call_native(
        &mut self,
        native: *const NativeFn,
        args: &[Value],
    ) -> NativeResult {
        if self.profiler.is_some() {
            // SAFETY: passed on from the caller.
            return unsafe { self.call_native_profiled(native, args) };
        }
        // SAFETY: the caller keeps the function alive.
        unsafe { &*native }.call(self, args)
    }

    /// # Safety
    /// As for [`Vm::call_native`].
    #[cold]
    #[inline(never)]
    unsafe fn call_native_profiled(
        &mut self,
        native: *const NativeFn,
        args: &[Value],
    ) -> NativeResult {
        let depth = self.frames.len() as u32;
        let key = native as usize;
        let mut mark = None;
        if let Some(p) = self.profiler.as_deref_mut() {
            mark = Some(p.mark());
            if !p.enter_known(key, depth) {
                let info = (!p.knows(key)).then(|| {
                    // SAFETY: `native` comes from a live `Rc` (the contract);
                    // counting one more reference before `from_raw` keeps
                    // the count balanced when this temporary drops.
                    let rc = unsafe {
                        Rc::increment_strong_count(native);
                        Rc::from_raw(native)
                    };
                    self.describe_native(&rc)
                });
                if let Some(p) = self.profiler.as_deref_mut() {
                    p.enter_new(key, depth, info);
                }
            }
        }
        // SAFETY: the caller keeps the function alive.
        let result = unsafe { &*native }.call(self, args);
        if let (Some(p), Some(mark)) = (self.profiler.as_deref_mut(), mark) {
            p.close_to(mark);
        }
        result
    }

    /// `algorithms.sorting.quicksort`; `fib` and `<main>` in the program
    /// or a REPL input; `<anonymous prog.ml:12>`; a module's top level is
    /// `algorithms.sorting.<module>`.
    fn describe_closure(&self, closure: &Closure) -> FuncInfo {
        let proto = &closure.proto.proto;
        let module = self.module_of(closure);
        let name = if proto.anonymous {
            let line = proto.offset_of(0).map_or(0, |at| proto.file.line_col(at).0);
            format!("<anonymous {}:{line}>", short_file(&proto.file.name))
        } else if &*proto.name == "<module>" {
            match module {
                Some(m) => format!("{m}.<module>"),
                None => "<main>".to_string(),
            }
        } else {
            match module {
                Some(m) => format!("{m}.{}", proto.name),
                None => proto.name.to_string(),
            }
        };
        FuncInfo {
            // Every REPL input is a new top level; they share one row.
            versioned: name != "<main>",
            name,
            keep: Box::new(Arc::downgrade(proto)),
        }
    }

    /// The module a closure's globals belong to; `None` for the program
    /// (or a REPL session).
    fn module_of(&self, closure: &Closure) -> Option<String> {
        let scope = Rc::as_ptr(&closure.globals) as usize;
        if let Some(name) = self.profiler.as_deref().and_then(|p| p.scope_name(scope)) {
            return (!name.is_empty()).then(|| name.to_string());
        }
        let loaded = self.modules.iter().find(|(_, m)| {
            m.kind == ModuleKind::MlSource && Rc::ptr_eq(&m.globals.current(), &closure.globals)
        });
        if let Some((name, _)) = loaded {
            return Some(name.clone());
        }
        // An old version of a reloaded module, not seen running: its file
        // still names it.
        let file = short_file(&closure.proto.proto.file.name);
        Some(file.strip_suffix(".ml").unwrap_or(file).to_string())
    }

    /// `math.sqrt`, `len`; functions of Python bridge modules get
    /// ` [python]`.
    fn describe_native(&self, native: &Rc<NativeFn>) -> FuncInfo {
        let name = native.name.to_string();
        let bridge = name.rsplit_once('.').is_some_and(|(module, _)| {
            self.modules
                .get(module)
                .is_some_and(|m| m.kind == ModuleKind::PythonBridge)
        });
        FuncInfo {
            name: if bridge {
                format!("{name} [python]")
            } else {
                name
            },
            versioned: false,
            keep: Box::new(Rc::downgrade(native)),
        }
    }
}

/// The last part of a path (`prog.ml` from `/home/me/prog.ml`).
fn short_file(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}
