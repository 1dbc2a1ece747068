//! AST → bytecode.
//!
//! Names are resolved here, once: a function's locals (every name it assigns,
//! spec 3.8) become slot indexes, locals that nested functions capture become
//! cells, names from enclosing functions become upvalues, and everything else
//! is a module global addressed by index. `finally` blocks are compiled
//! inline on every exit path (normal end, error, `return`, `break`,
//! `continue`), so the VM needs no pending-action state machine.

mod emit;
mod expressions;
mod functions;
mod peephole;
mod stack_depth;
mod statements;

use super::ast::*;
use super::chunk::{Capture, Chunk, Constant, FuncProto, Op};
use super::debug_info::DebugInfo;
use super::diagnostics::{Diagnostic, SourceFile};
use peephole::ShortJumps;
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::sync::Arc;

/// Compile a program (or one REPL input). `existing_globals` is the global
/// name table the code will run against (empty for a fresh module); new
/// names are appended. With `echo_last`, a final expression statement's value
/// is returned instead of discarded (the REPL prints it).
pub fn compile(
    program: &Program,
    file: Arc<SourceFile>,
    existing_globals: &[Arc<str>],
    echo_last: bool,
) -> Result<Chunk, Diagnostic> {
    let mut c = Compiler {
        file: file.clone(),
        globals: GlobalTable::default(),
        strings: Interner::default(),
        fns: Vec::new(),
        spare_buffers: Vec::new(),
    };
    for name in existing_globals {
        c.globals.adopt(name);
    }
    // Top-level variables are globals, never cells, so no capture analysis
    // runs over the whole program here: each function gets its own.
    let end = Span::new(file.text.len(), file.text.len());
    let mut short_jumps = ShortJumps::Allowed;
    let state = loop {
        let name = c.strings.get("<module>");
        let state = c.new_state(name, false, true, short_jumps);
        c.fns.push(state);
        c.top_level(&program.items, echo_last)?;
        c.emit(Op::Null, end);
        c.emit(Op::Return, end);
        let state = c.fns.pop().expect("top-level state");
        if !state.far_jump || short_jumps == ShortJumps::Forbidden {
            break state;
        }
        c.reuse(state);
        short_jumps = ShortJumps::Forbidden;
    };
    let main = c.finish(state, end)?;
    Ok(Chunk {
        main: Arc::new(main),
        global_names: c.globals.names,
        file,
    })
}

/// One shared allocation per distinct name or string constant in a module:
/// a variable's name appears in its function's slot names, its parameters
/// and its upvalue names, and a key in many functions' constants.
#[derive(Default)]
struct Interner {
    strings: FxHashSet<Arc<str>>,
}

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(shared) = self.strings.get(s) {
            return shared.clone();
        }
        let shared: Arc<str> = s.into();
        self.strings.insert(shared.clone());
        shared
    }
}

#[derive(Default)]
struct GlobalTable {
    names: Vec<Arc<str>>,
    map: HashMap<Arc<str>, u32>,
}

impl GlobalTable {
    /// Add a name the session already holds, sharing its allocation.
    fn adopt(&mut self, name: &Arc<str>) {
        if !self.map.contains_key(name) {
            self.map.insert(name.clone(), self.names.len() as u32);
            self.names.push(name.clone());
        }
    }

    fn index(&mut self, name: &str, strings: &mut Interner) -> u32 {
        if let Some(i) = self.map.get(name) {
            return *i;
        }
        let i = self.names.len() as u32;
        let name = strings.get(name);
        self.names.push(name.clone());
        self.map.insert(name, i);
        i
    }
}

#[derive(Clone, Copy)]
enum Resolved {
    Local(u32),
    Cell(u32),
    Upvalue(u32),
    Global(u32),
}

/// A loop or a `try` the compiler is inside, innermost last: what `break`,
/// `continue` and `return` must unwind through.
enum Ctx<'a> {
    Loop {
        /// Where `continue` jumps: known for a `for` loop (its top); for a
        /// `while` loop the test comes after the body, so its `continue`
        /// jumps are patched when the test is emitted.
        continue_target: Option<usize>,
        continues: Vec<usize>,
        breaks: Vec<usize>,
    },
    Try {
        /// An exception handler of this `try` is installed right now.
        handler_active: bool,
        finally: Option<&'a [Stmt]>,
    },
}

#[derive(PartialEq, Eq, Hash)]
enum ConstKey {
    Int(i64),
    Float(u64),
    Str(Arc<str>),
    /// The key run of an object literal (see [`Compiler::key_run`]).
    Keys(Vec<Arc<str>>),
}

struct FnState<'a> {
    name: Arc<str>,
    anonymous: bool,
    is_top: bool,
    params: Vec<Name>,
    locals: HashMap<Name, (u32, bool)>,
    captured: FxHashSet<Name>,
    slot_names: Vec<Name>,
    upvalues: Vec<(Name, Capture)>,
    code: Vec<Op>,
    spans: Vec<u32>,
    consts: Vec<Constant>,
    const_map: HashMap<ConstKey, u32>,
    children: Vec<Arc<FuncProto>>,
    ctx: Vec<Ctx<'a>>,
    /// The highest code position some jump targets; instructions are never
    /// fused across it.
    last_label: usize,
    short_jumps: ShortJumps,
    /// A fused jump with a `u16` target had to reach further: the function
    /// is compiled again with `ShortJumps::Forbidden`.
    far_jump: bool,
}

impl<'a> FnState<'a> {
    fn new(
        name: Arc<str>,
        anonymous: bool,
        is_top: bool,
        short_jumps: ShortJumps,
        (code, spans): CodeBuffers,
    ) -> FnState<'a> {
        FnState {
            name,
            anonymous,
            is_top,
            params: Vec::new(),
            locals: HashMap::default(),
            captured: Default::default(),
            slot_names: Vec::new(),
            upvalues: Vec::new(),
            code,
            spans,
            consts: Vec::new(),
            const_map: HashMap::default(),
            children: Vec::new(),
            ctx: Vec::new(),
            last_label: 0,
            short_jumps,
            far_jump: false,
        }
    }

    fn new_slot(&mut self, name: Name) -> u32 {
        self.slot_names.push(name);
        (self.slot_names.len() - 1) as u32
    }

    /// The finished prototype. The dispatch loop reads ops and pushes
    /// operands without bounds checks (vm/run.rs), relying on every path
    /// ending in `Return` or a throw and on `max_stack`; code that breaks
    /// either is a compiler bug, reported as an internal error at `span`.
    fn finish(&self, file: Arc<SourceFile>, span: Span) -> CResult<FuncProto> {
        let max_stack = stack_depth::max_stack_depth(&self.code).map_err(|why| {
            Diagnostic::compile(
                format!("internal error: bad code for {}: {why}", self.name),
                span,
            )
        })?;
        let names = self
            .slot_names
            .iter()
            .chain(self.upvalues.iter().map(|(n, _)| n));
        let debug = DebugInfo::new(names.map(|n| &**n), &self.spans, |at| {
            self.code[at].may_raise(at)
        });
        Ok(FuncProto {
            name: self.name.clone(),
            arity: self.params.len() as u32,
            num_slots: self.slot_names.len() as u32,
            max_stack,
            code: self.code.as_slice().into(),
            debug,
            consts: self.consts.as_slice().into(),
            children: self.children.as_slice().into(),
            captures: self.upvalues.iter().map(|(_, c)| *c).collect(),
            file,
            anonymous: self.anonymous,
        })
    }
}

struct Compiler<'a> {
    file: Arc<SourceFile>,
    globals: GlobalTable,
    strings: Interner,
    fns: Vec<FnState<'a>>,
    /// Code and position buffers of finished functions, emptied, for the
    /// next function: they have grown to a typical function's size
    /// already, and the finished prototype copies its code out anyway.
    spare_buffers: Vec<CodeBuffers>,
}

type CodeBuffers = (Vec<Op>, Vec<u32>);

type CResult<T = ()> = Result<T, Diagnostic>;

impl<'a> Compiler<'a> {
    fn cur(&mut self) -> &mut FnState<'a> {
        self.fns.last_mut().expect("function state")
    }

    fn new_state(
        &mut self,
        name: Arc<str>,
        anonymous: bool,
        is_top: bool,
        short_jumps: ShortJumps,
    ) -> FnState<'a> {
        let buffers = self.spare_buffers.pop().unwrap_or_default();
        FnState::new(name, anonymous, is_top, short_jumps, buffers)
    }

    /// The prototype of a finished function state; its buffers go back to
    /// the spares.
    fn finish(&mut self, state: FnState<'a>, span: Span) -> CResult<FuncProto> {
        let proto = state.finish(self.file.clone(), span);
        self.reuse(state);
        proto
    }

    fn reuse(&mut self, state: FnState<'a>) {
        let (mut code, mut spans) = (state.code, state.spans);
        code.clear();
        spans.clear();
        self.spare_buffers.push((code, spans));
    }

    fn top_level(&mut self, items: &'a [Stmt], echo_last: bool) -> CResult {
        let n = items.len();
        for (i, stmt) in items.iter().enumerate() {
            match &stmt.kind {
                StmtKind::Expr(e) if echo_last && i + 1 == n => {
                    self.expr(e)?;
                    self.emit(Op::Return, stmt.span);
                    break;
                }
                _ => self.stmt(stmt)?,
            }
        }
        Ok(())
    }

    /// A slot for a hidden temporary (an iterator, a `finally`'s value).
    fn hidden_slot(&mut self) -> u32 {
        self.cur().new_slot("".into())
    }

    /// The current position, as the target of a jump.
    fn here(&mut self) -> usize {
        let f = self.cur();
        f.last_label = f.code.len();
        f.code.len()
    }

    /// Point the jump at `at` to `target`.
    fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        let f = self.cur();
        let short = match u16::try_from(target) {
            Ok(short) => short,
            Err(_) => {
                // Only the fused compare-and-branch jumps care; the
                // retry compiles the function without them.
                f.far_jump |= matches!(
                    f.code[at],
                    Op::CmpKJump { .. }
                        | Op::CmpCJump { .. }
                        | Op::CmpGJump { .. }
                        | Op::CmpLKJump { .. }
                        | Op::CmpLCJump { .. }
                        | Op::CmpLLJump { .. }
                        | Op::ForLoopTo { .. }
                );
                0
            }
        };
        let op = &mut f.code[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(t),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(t),
            Op::JumpIfTrue(_) => Op::JumpIfTrue(t),
            Op::JumpIfFalseKeep(_) => Op::JumpIfFalseKeep(t),
            Op::JumpIfTrueKeep(_) => Op::JumpIfTrueKeep(t),
            Op::CmpJump { cmp, .. } => Op::CmpJump { cmp, target: t },
            Op::CmpKJump { cmp, k, .. } => Op::CmpKJump {
                cmp,
                k,
                target: short,
            },
            Op::CmpCJump { cmp, konst, .. } => Op::CmpCJump {
                cmp,
                konst,
                target: short,
            },
            Op::CmpGJump { cmp, slot, .. } => Op::CmpGJump {
                cmp,
                slot,
                target: short,
            },
            Op::CmpNullJump { cmp, .. } => Op::CmpNullJump { cmp, target: t },
            Op::CmpLKJump { cmp, slot, k, .. } => Op::CmpLKJump {
                cmp,
                slot,
                k,
                target: short,
            },
            Op::CmpLCJump {
                cmp, slot, konst, ..
            } => Op::CmpLCJump {
                cmp,
                slot,
                konst,
                target: short,
            },
            Op::CmpLLJump { cmp, a, b, .. } => Op::CmpLLJump {
                cmp,
                a,
                b,
                target: short,
            },
            Op::SetupTry(_) => Op::SetupTry(t),
            Op::SetupFinally(_) => Op::SetupFinally(t),
            Op::ForLoop { slot, .. } => Op::ForLoop { slot, target: t },
            Op::ForLoopTo { slot, var, .. } => Op::ForLoopTo {
                slot,
                var,
                target: short,
            },
            Op::ForRange { slot, argc, .. } => Op::ForRange {
                slot,
                argc,
                target: t,
            },
            other => other,
        };
    }

    fn patch_here(&mut self, at: usize) {
        let here = self.here();
        self.patch(at, here);
    }

    fn constant(&mut self, key: ConstKey, make: impl FnOnce() -> Constant) -> u32 {
        let f = self.cur();
        if let Some(i) = f.const_map.get(&key) {
            return *i;
        }
        f.consts.push(make());
        let i = (f.consts.len() - 1) as u32;
        f.const_map.insert(key, i);
        i
    }

    fn str_const(&mut self, s: &str) -> u32 {
        let s = self.strings.get(s);
        self.constant(ConstKey::Str(s.clone()), || Constant::Str(s))
    }

    /// The first of consecutive string constants holding `keys` in order
    /// (an object literal's, see `Op::MakeObjectK`); literals with the same
    /// keys share one run. A key may also be a constant of its own
    /// elsewhere in the table: equal strings of a chunk become one string
    /// when it is loaded, so the two still compare by pointer.
    fn key_run<'k>(&mut self, keys: impl Iterator<Item = &'k str>) -> u32 {
        let keys: Vec<Arc<str>> = keys.map(|k| self.strings.get(k)).collect();
        let f = self.cur();
        if let Some(&first) = f.const_map.get(&ConstKey::Keys(keys.clone())) {
            return first;
        }
        let first = f.consts.len() as u32;
        f.consts.extend(keys.iter().cloned().map(Constant::Str));
        f.const_map.insert(ConstKey::Keys(keys), first);
        first
    }

    // ----- names -----

    fn resolve(&mut self, name: &Name) -> Resolved {
        let top = self.fns.len() - 1;
        if let Some(&(slot, cell)) = self.fns[top].locals.get(name) {
            return if cell {
                Resolved::Cell(slot)
            } else {
                Resolved::Local(slot)
            };
        }
        if let Some(u) = self.resolve_upvalue(top, name) {
            return Resolved::Upvalue(u);
        }
        Resolved::Global(self.globals.index(name, &mut self.strings))
    }

    fn resolve_upvalue(&mut self, i: usize, name: &Name) -> Option<u32> {
        if i == 0 || self.fns[i].is_top {
            return None;
        }
        if let Some(idx) = self.fns[i].upvalues.iter().position(|(n, _)| n == name) {
            return Some(idx as u32);
        }
        let parent = i - 1;
        if self.fns[parent].is_top {
            return None;
        }
        let capture = match self.fns[parent].locals.get(name) {
            Some(&(slot, true)) => Capture::Local(slot),
            // Scope analysis marks every captured local as a cell; a plain
            // local here would be a compiler bug, so fall back to a global.
            Some(&(_, false)) => return None,
            None => Capture::Upvalue(self.resolve_upvalue(parent, name)?),
        };
        self.fns[i].upvalues.push((name.clone(), capture));
        Some((self.fns[i].upvalues.len() - 1) as u32)
    }

    fn load_name(&mut self, name: &Name, span: Span) {
        let op = match self.resolve(name) {
            Resolved::Local(s) => Op::LoadLocal(s),
            Resolved::Cell(s) => Op::LoadCell(s),
            Resolved::Upvalue(u) => Op::LoadUpval(u),
            Resolved::Global(g) => Op::LoadGlobal(g),
        };
        self.emit(op, span);
    }

    fn store_name(&mut self, name: &Name, span: Span) {
        let op = match self.resolve(name) {
            Resolved::Local(s) => Op::StoreLocal(s),
            Resolved::Cell(s) => Op::StoreCell(s),
            Resolved::Upvalue(u) => Op::StoreUpval(u),
            Resolved::Global(g) => Op::StoreGlobal(g),
        };
        self.emit(op, span);
    }
}
