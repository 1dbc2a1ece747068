//! AST → bytecode.
//!
//! Names are resolved here, once: a function's locals (every name it assigns,
//! spec 3.8) become slot indexes, locals that nested functions capture become
//! cells, names from enclosing functions become upvalues, and everything else
//! is a module global addressed by index. `finally` blocks are compiled
//! inline on every exit path (normal end, error, `return`, `break`,
//! `continue`), so the VM needs no pending-action state machine.

use super::ast::*;
use super::chunk::{Capture, Chunk, Cmp, Constant, FuncProto, Op};
use super::diagnostics::{Diagnostic, SourceFile};
use super::scope;
use std::collections::HashMap;
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
    let mut globals = GlobalTable::default();
    for name in existing_globals {
        globals.index(name);
    }
    let mut c = Compiler {
        file: file.clone(),
        globals,
        fns: vec![FnState::new("<module>".into(), false, true)],
    };
    c.fns[0].captured = scope::names_captured_in(&program.items);
    let n = program.items.len();
    for (i, stmt) in program.items.iter().enumerate() {
        match &stmt.kind {
            StmtKind::Expr(e) if echo_last && i + 1 == n => {
                c.expr(e)?;
                c.emit(Op::Return, stmt.span);
                break;
            }
            _ => c.stmt(stmt)?,
        }
    }
    let end = Span::new(file.text.len(), file.text.len());
    c.emit(Op::Null, end);
    c.emit(Op::Return, end);
    let state = c.fns.pop().expect("top-level state");
    Ok(Chunk {
        main: Arc::new(state.finish(file.clone())),
        global_names: c.globals.names,
        file,
    })
}

#[derive(Default)]
struct GlobalTable {
    names: Vec<Arc<str>>,
    map: HashMap<Arc<str>, u32>,
}

impl GlobalTable {
    fn index(&mut self, name: &str) -> u32 {
        if let Some(i) = self.map.get(name) {
            return *i;
        }
        let i = self.names.len() as u32;
        let name: Arc<str> = name.into();
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
        continue_target: usize,
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
}

struct FnState<'a> {
    name: Arc<str>,
    anonymous: bool,
    is_top: bool,
    params: Vec<Arc<str>>,
    locals: HashMap<Name, (u32, bool)>,
    captured: std::collections::HashSet<Name>,
    slot_names: Vec<Arc<str>>,
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
}

impl<'a> FnState<'a> {
    fn new(name: Arc<str>, anonymous: bool, is_top: bool) -> FnState<'a> {
        FnState {
            name,
            anonymous,
            is_top,
            params: Vec::new(),
            locals: HashMap::new(),
            captured: Default::default(),
            slot_names: Vec::new(),
            upvalues: Vec::new(),
            code: Vec::new(),
            spans: Vec::new(),
            consts: Vec::new(),
            const_map: HashMap::new(),
            children: Vec::new(),
            ctx: Vec::new(),
            last_label: 0,
        }
    }

    fn new_slot(&mut self, name: &str) -> u32 {
        self.slot_names.push(name.into());
        (self.slot_names.len() - 1) as u32
    }

    fn finish(self, file: Arc<SourceFile>) -> FuncProto {
        FuncProto {
            name: self.name,
            params: self.params,
            num_slots: self.slot_names.len() as u32,
            slot_names: self.slot_names,
            code: self.code,
            spans: self.spans,
            consts: self.consts,
            children: self.children,
            captures: self.upvalues.iter().map(|(_, c)| *c).collect(),
            upvalue_names: self.upvalues.iter().map(|(n, _)| (&**n).into()).collect(),
            file,
            anonymous: self.anonymous,
        }
    }
}

struct Compiler<'a> {
    file: Arc<SourceFile>,
    globals: GlobalTable,
    fns: Vec<FnState<'a>>,
}

type CResult<T = ()> = Result<T, Diagnostic>;

impl<'a> Compiler<'a> {
    fn cur(&mut self) -> &mut FnState<'a> {
        self.fns.last_mut().expect("function state")
    }

    fn emit(&mut self, op: Op, span: Span) -> usize {
        if let Some(at) = self.fuse(op) {
            return at;
        }
        let f = self.cur();
        f.code.push(op);
        f.spans.push(span.start);
        f.code.len() - 1
    }

    /// Peephole fusion of `op` with the instructions just before it (a
    /// constant operand, local operands, `x = x + k`). Returns where the
    /// fused instruction is, or `None` to emit `op` as is. Never fuses
    /// across a jump target.
    fn fuse(&mut self, op: Op) -> Option<usize> {
        let f = self.cur();
        let n = f.code.len();
        if n == 0 || f.last_label >= n {
            return None;
        }
        let mut at = n - 1;
        f.code[at] = combine(f.code[at], op)?;
        while at > 0 && f.last_label < at {
            let Some(both) = combine(f.code[at - 1], f.code[at]) else {
                break;
            };
            f.code.pop();
            f.spans.pop();
            at -= 1;
            f.code[at] = both;
        }
        Some(at)
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
        let op = &mut self.cur().code[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(t),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(t),
            Op::JumpIfFalseKeep(_) => Op::JumpIfFalseKeep(t),
            Op::JumpIfTrueKeep(_) => Op::JumpIfTrueKeep(t),
            Op::CmpJump { cmp, .. } => Op::CmpJump { cmp, target: t },
            Op::CmpKJump { cmp, k, .. } => Op::CmpKJump { cmp, k, target: t },
            Op::CmpLKJump { cmp, slot, k, .. } => Op::CmpLKJump {
                cmp,
                slot,
                k,
                target: t,
            },
            Op::CmpLLJump { cmp, a, b, .. } => Op::CmpLLJump {
                cmp,
                a,
                b,
                target: t,
            },
            Op::SetupTry(_) => Op::SetupTry(t),
            Op::SetupFinally(_) => Op::SetupFinally(t),
            Op::ForNext { slot, .. } => Op::ForNext { slot, target: t },
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
        let s: Arc<str> = s.into();
        self.constant(ConstKey::Str(s.clone()), || Constant::Str(s))
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
        Resolved::Global(self.globals.index(name))
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

    // ----- statements -----

    fn block(&mut self, body: &'a [Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &'a Stmt) -> CResult {
        let span = stmt.span;
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Pop, span);
            }
            StmtKind::Assign { target, value } => self.assign(target, value, span)?,
            StmtKind::If {
                branches,
                else_body,
            } => self.if_stmt(branches, else_body.as_deref())?,
            StmtKind::While { cond, body } => self.while_stmt(cond, body)?,
            StmtKind::For {
                var,
                var_span,
                iter,
                body,
            } => self.for_stmt(var, *var_span, iter, body, span)?,
            StmtKind::FuncDecl(def) => {
                let idx = self.function(def, false)?;
                self.emit(Op::Closure(idx), span);
                let name = def.name.clone().unwrap_or_else(|| "<anonymous>".into());
                self.store_name(&name, span);
            }
            StmtKind::Return(value) => self.return_stmt(value.as_ref(), span)?,
            StmtKind::Break => self.jump_out(true, span)?,
            StmtKind::Continue => self.jump_out(false, span)?,
            StmtKind::Throw(e) => {
                self.expr(e)?;
                self.emit(Op::Throw, span);
            }
            StmtKind::Try {
                body,
                excepts,
                finally,
            } => self.try_stmt(body, excepts, finally.as_deref(), span)?,
            StmtKind::Nonlocal(_) => {
                if self.cur().is_top {
                    return Err(Diagnostic::compile(
                        "'nonlocal' is only allowed inside a function",
                        span,
                    ));
                }
            }
            StmtKind::DestructureArray { names, value } => {
                self.expr(value)?;
                self.emit(Op::Unpack(names.len() as u32), span);
                for (n, s) in names {
                    self.store_name(n, *s);
                }
            }
            StmtKind::DestructureObject { names, value } => {
                self.expr(value)?;
                for (n, s) in names {
                    let k = self.str_const(n);
                    self.emit(Op::GetKeyStrict(k), *s);
                    self.store_name(n, *s);
                }
                self.emit(Op::Pop, span);
            }
            StmtKind::Import { path, alias } => self.import(path, alias.as_ref(), span)?,
            StmtKind::Capability { .. } | StmtKind::Empty => {}
        }
        Ok(())
    }

    fn assign(&mut self, target: &'a Target, value: &'a Expr, span: Span) -> CResult {
        self.expr(value)?;
        match target {
            Target::Name(n, s) => self.store_name(n, *s),
            Target::Index { object, index } => {
                self.expr(object)?;
                self.expr(index)?;
                self.emit(Op::StoreIndex, span);
            }
            Target::Slice {
                object,
                start,
                end,
                step,
            } => {
                self.expr(object)?;
                let flags = self.slice_parts(start.as_ref(), end.as_ref(), step.as_ref())?;
                self.emit(Op::StoreSlice(flags), span);
            }
            Target::Member { object, name } => {
                self.expr(object)?;
                let k = self.str_const(name);
                self.emit(Op::StoreMember(k), span);
            }
        }
        Ok(())
    }

    fn slice_parts(
        &mut self,
        start: Option<&'a Expr>,
        end: Option<&'a Expr>,
        step: Option<&'a Expr>,
    ) -> CResult<u8> {
        let mut flags = 0;
        for (bit, part) in [start, end, step].into_iter().enumerate() {
            if let Some(e) = part {
                self.expr(e)?;
                flags |= 1 << bit;
            }
        }
        Ok(flags)
    }

    /// Compile `cond` and a jump taken when it is false; returns the jump
    /// to patch. Comparisons fuse into one compare-and-branch instruction.
    fn cond_jump(&mut self, cond: &'a Expr) -> CResult<usize> {
        if let ExprKind::Binary(op, a, b) = &cond.kind {
            let cmp = match op {
                BinOp::Lt => Some(Cmp::Lt),
                BinOp::Le => Some(Cmp::Le),
                BinOp::Gt => Some(Cmp::Gt),
                BinOp::Ge => Some(Cmp::Ge),
                _ => None,
            };
            if let Some(cmp) = cmp {
                let op = Op::CmpJump { cmp, target: 0 };
                self.expr(a)?;
                self.expr(b)?;
                return Ok(self.emit(op, cond.span));
            }
        }
        self.expr(cond)?;
        Ok(self.emit(Op::JumpIfFalse(0), cond.span))
    }

    fn if_stmt(
        &mut self,
        branches: &'a [(Expr, Vec<Stmt>)],
        else_body: Option<&'a [Stmt]>,
    ) -> CResult {
        let mut ends = Vec::new();
        for (i, (cond, body)) in branches.iter().enumerate() {
            let skip = self.cond_jump(cond)?;
            self.block(body)?;
            let last = i + 1 == branches.len() && else_body.is_none();
            if !last {
                ends.push(self.emit(Op::Jump(0), cond.span));
            }
            self.patch_here(skip);
        }
        if let Some(body) = else_body {
            self.block(body)?;
        }
        for j in ends {
            self.patch_here(j);
        }
        Ok(())
    }

    fn while_stmt(&mut self, cond: &'a Expr, body: &'a [Stmt]) -> CResult {
        let start = self.here();
        let exit = self.cond_jump(cond)?;
        self.loop_body(start, body)?;
        self.emit(Op::Jump(start as u32), cond.span);
        self.patch_here(exit);
        self.finish_loop();
        Ok(())
    }

    fn loop_body(&mut self, continue_target: usize, body: &'a [Stmt]) -> CResult {
        self.cur().ctx.push(Ctx::Loop {
            continue_target,
            breaks: Vec::new(),
        });
        self.block(body)
    }

    /// Pop the loop context and point its `break`s here.
    fn finish_loop(&mut self) {
        if let Some(Ctx::Loop { breaks, .. }) = self.cur().ctx.pop() {
            for b in breaks {
                self.patch_here(b);
            }
        }
    }

    fn for_stmt(
        &mut self,
        var: &Name,
        var_span: Span,
        iter: &'a Expr,
        body: &'a [Stmt],
        span: Span,
    ) -> CResult {
        self.expr(iter)?;
        let slot = self.cur().new_slot("");
        if slot > u16::MAX as u32 {
            return Err(Diagnostic::compile(
                "too many variables in one function",
                span,
            ));
        }
        self.emit(Op::GetIter(slot), iter.span);
        let start = self.here();
        let next = self.emit(
            Op::ForNext {
                slot: slot as u16,
                target: 0,
            },
            span,
        );
        self.store_name(var, var_span);
        self.loop_body(start, body)?;
        self.emit(Op::Jump(start as u32), span);
        self.patch_here(next);
        self.finish_loop();
        Ok(())
    }

    /// `break` / `continue`: leave every `try` between here and the loop,
    /// running their `finally` blocks, then jump.
    fn jump_out(&mut self, is_break: bool, span: Span) -> CResult {
        let word = if is_break { "break" } else { "continue" };
        let Some(loop_idx) = self
            .cur()
            .ctx
            .iter()
            .rposition(|c| matches!(c, Ctx::Loop { .. }))
        else {
            return Err(Diagnostic::compile(
                format!("'{word}' outside a loop"),
                span,
            ));
        };
        self.unwind_tries(loop_idx + 1, span)?;
        if is_break {
            let j = self.emit(Op::Jump(0), span);
            if let Some(Ctx::Loop { breaks, .. }) = self.cur().ctx.get_mut(loop_idx) {
                breaks.push(j);
            }
        } else if let Some(Ctx::Loop {
            continue_target, ..
        }) = self.cur().ctx.get(loop_idx)
        {
            let t = *continue_target as u32;
            self.emit(Op::Jump(t), span);
        }
        Ok(())
    }

    /// Emit the exits from every `try` context above `floor`, innermost
    /// first: pop its handler and inline its `finally` (compiled with only
    /// the contexts outside that `try`, so a `break` inside it targets the
    /// right loop).
    fn unwind_tries(&mut self, floor: usize, span: Span) -> CResult {
        let mut i = self.cur().ctx.len();
        while i > floor {
            i -= 1;
            let (active, finally) = match &self.cur().ctx[i] {
                Ctx::Try {
                    handler_active,
                    finally,
                } => (*handler_active, *finally),
                Ctx::Loop { .. } => continue,
            };
            if active {
                self.emit(Op::PopTry, span);
            }
            if let Some(body) = finally {
                let saved = self.cur().ctx.split_off(i);
                let result = self.block(body);
                self.cur().ctx.extend(saved);
                result?;
            }
        }
        Ok(())
    }

    fn return_stmt(&mut self, value: Option<&'a Expr>, span: Span) -> CResult {
        if self.cur().is_top {
            return Err(Diagnostic::compile("'return' outside a function", span));
        }
        match value {
            Some(e) => self.expr(e)?,
            None => {
                self.emit(Op::Null, span);
            }
        }
        let crosses_finally = self.cur().ctx.iter().any(|c| {
            matches!(
                c,
                Ctx::Try {
                    finally: Some(_),
                    ..
                }
            )
        });
        if crosses_finally {
            let tmp = self.cur().new_slot("");
            self.emit(Op::StoreLocal(tmp), span);
            self.unwind_tries(0, span)?;
            self.emit(Op::LoadLocal(tmp), span);
        }
        // Handlers without a finally are dropped by the VM on return.
        self.emit(Op::Return, span);
        Ok(())
    }

    fn set_handler_active(&mut self, active: bool) {
        if let Some(Ctx::Try { handler_active, .. }) = self.cur().ctx.last_mut() {
            *handler_active = active;
        }
    }

    fn try_stmt(
        &mut self,
        body: &'a [Stmt],
        excepts: &'a [ExceptClause],
        finally: Option<&'a [Stmt]>,
        span: Span,
    ) -> CResult {
        if excepts.is_empty() && finally.is_none() {
            return self.block(body);
        }
        self.cur().ctx.push(Ctx::Try {
            handler_active: true,
            finally,
        });
        let setup_op = if excepts.is_empty() {
            Op::SetupFinally(0)
        } else {
            Op::SetupTry(0)
        };
        let setup = self.emit(setup_op, span);
        self.block(body)?;
        self.emit(Op::PopTry, span);
        self.set_handler_active(false);
        let mut to_normal_end = vec![self.emit(Op::Jump(0), span)];
        // The handler lands here with the error on the stack. Without an
        // except clause nothing is emitted before the error-finally path,
        // so the handler lands directly on it.
        self.patch_here(setup);
        let mut to_error_finally = Vec::new();
        if let Some(clause) = excepts.first() {
            if finally.is_some() {
                to_error_finally.push(self.emit(Op::SetupFinally(0), clause.span));
                self.set_handler_active(true);
            }
            match &clause.name {
                Some((n, s)) => self.store_name(n, *s),
                None => {
                    self.emit(Op::Pop, clause.span);
                }
            }
            self.block(&clause.body)?;
            if finally.is_some() {
                self.emit(Op::PopTry, clause.span);
                self.set_handler_active(false);
            }
            to_normal_end.push(self.emit(Op::Jump(0), clause.span));
        }
        self.cur().ctx.pop();
        if let Some(fin) = finally {
            // Error path: keep the error in a hidden slot, run the finally
            // block, rethrow the same error.
            for j in to_error_finally {
                self.patch_here(j);
            }
            let tmp = self.cur().new_slot("");
            self.emit(Op::StoreLocal(tmp), span);
            self.block(fin)?;
            self.emit(Op::LoadLocal(tmp), span);
            self.emit(Op::Rethrow, span);
        }
        for j in to_normal_end {
            self.patch_here(j);
        }
        if let Some(fin) = finally {
            self.block(fin)?;
        }
        Ok(())
    }

    fn import(&mut self, path: &[Name], alias: Option<&Name>, span: Span) -> CResult {
        let dotted = path.iter().map(|p| &**p).collect::<Vec<_>>().join(".");
        let k = self.str_const(&dotted);
        self.emit(Op::Import(k), span);
        match alias {
            Some(a) => self.store_name(a, span),
            None if path.len() == 1 => self.store_name(&path[0], span),
            None => {
                let first = path[0].clone();
                self.emit(Op::ImportBind(k), span);
                self.store_name(&first, span);
            }
        }
        Ok(())
    }

    // ----- functions -----

    fn function(&mut self, def: &'a FuncDef, is_expr: bool) -> CResult<u32> {
        let name: Arc<str> = match &def.name {
            Some(n) => (&**n).into(),
            None => "<anonymous>".into(),
        };
        let mut state = FnState::new(name, def.name.is_none(), false);
        let (locals, _) = scope::function_locals(def, is_expr);
        state.captured = scope::names_captured_by_nested(&def.body);
        for (p, s) in &def.params {
            if state.params.iter().any(|q| **q == **p) {
                return Err(Diagnostic::compile(
                    format!("duplicate parameter '{p}'"),
                    *s,
                ));
            }
            state.params.push((&**p).into());
        }
        for name in &locals {
            let slot = state.new_slot(name);
            let cell = state.captured.contains(name);
            state.locals.insert(name.clone(), (slot, cell));
        }
        self.fns.push(state);
        self.prologue(def, is_expr);
        match &def.body {
            FuncBody::Block(body) => {
                self.block(body)?;
                let end = Span::new(def.span.end as usize, def.span.end as usize);
                self.emit(Op::Null, end);
                self.emit(Op::Return, end);
            }
            FuncBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Return, e.span);
            }
        }
        let state = self.fns.pop().expect("function state");
        let proto = state.finish(self.file.clone());
        let parent = self.cur();
        parent.children.push(Arc::new(proto));
        Ok((parent.children.len() - 1) as u32)
    }

    /// Bind a named function expression's own name, then move captured
    /// locals (including parameters) into cells.
    fn prologue(&mut self, def: &FuncDef, is_expr: bool) {
        let span = def.span;
        if is_expr {
            if let Some(name) = &def.name {
                let is_param = def.params.iter().any(|(p, _)| p == name);
                if let Some(&(slot, _)) = self.cur().locals.get(name) {
                    if !is_param {
                        self.emit(Op::LoadCallee, span);
                        self.emit(Op::StoreLocal(slot), span);
                    }
                }
            }
        }
        let mut cells: Vec<u32> = self
            .cur()
            .locals
            .values()
            .filter(|(_, cell)| *cell)
            .map(|(slot, _)| *slot)
            .collect();
        cells.sort_unstable();
        for slot in cells {
            self.emit(Op::MakeCell(slot), span);
        }
    }

    // ----- expressions -----

    fn expr(&mut self, e: &'a Expr) -> CResult {
        let span = e.span;
        match &e.kind {
            ExprKind::Int(i) => self.int(*i, span),
            ExprKind::Float(f) => {
                let f = *f;
                let k = self.constant(ConstKey::Float(f.to_bits()), || Constant::Float(f));
                self.emit(Op::Const(k), span);
            }
            ExprKind::Str(s) => {
                let k = self.str_const(s);
                self.emit(Op::Const(k), span);
            }
            ExprKind::Bool(true) => {
                self.emit(Op::True, span);
            }
            ExprKind::Bool(false) => {
                self.emit(Op::False, span);
            }
            ExprKind::Null => {
                self.emit(Op::Null, span);
            }
            ExprKind::Name(n) => self.load_name(n, span),
            ExprKind::Array(items) => {
                for item in items {
                    self.expr(item)?;
                }
                self.emit(Op::MakeArray(items.len() as u32), span);
            }
            ExprKind::Object(pairs) => {
                for (k, v) in pairs {
                    let kc = self.str_const(k);
                    self.emit(Op::Const(kc), v.span);
                    self.expr(v)?;
                }
                self.emit(Op::MakeObject(pairs.len() as u32), span);
            }
            ExprKind::Function(def) => {
                let idx = self.function(def, true)?;
                self.emit(Op::Closure(idx), span);
            }
            ExprKind::Unary(UnaryOp::Neg, inner) => match &inner.kind {
                ExprKind::Int(i) if *i != i64::MIN => self.int(-*i, span),
                _ => {
                    self.expr(inner)?;
                    self.emit(Op::Neg, span);
                }
            },
            ExprKind::Unary(UnaryOp::Not, inner) => {
                self.expr(inner)?;
                self.emit(Op::Not, span);
            }
            ExprKind::Binary(op, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(binary_op(*op), span);
            }
            ExprKind::Logic(op, a, b) => {
                self.expr(a)?;
                let jump = match op {
                    LogicOp::And => Op::JumpIfFalseKeep(0),
                    LogicOp::Or => Op::JumpIfTrueKeep(0),
                };
                let j = self.emit(jump, span);
                self.expr(b)?;
                self.patch_here(j);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                let skip = self.cond_jump(cond)?;
                self.expr(then)?;
                let end = self.emit(Op::Jump(0), span);
                self.patch_here(skip);
                self.expr(otherwise)?;
                self.patch_here(end);
            }
            ExprKind::Call { callee, args } => self.call(callee, args, span)?,
            ExprKind::Index { object, index } => {
                self.expr(object)?;
                self.expr(index)?;
                self.emit(Op::Index, span);
            }
            ExprKind::Slice {
                object,
                start,
                end,
                step,
            } => {
                self.expr(object)?;
                let flags = self.slice_parts(start.as_deref(), end.as_deref(), step.as_deref())?;
                self.emit(Op::Slice(flags), span);
            }
            ExprKind::Member { object, name } => {
                self.expr(object)?;
                let k = self.str_const(name);
                self.emit(Op::GetMember(k), span);
            }
        }
        Ok(())
    }

    fn int(&mut self, i: i64, span: Span) {
        if let Ok(small) = i32::try_from(i) {
            self.emit(Op::SmallInt(small), span);
        } else {
            let k = self.constant(ConstKey::Int(i), || Constant::Int(i));
            self.emit(Op::Const(k), span);
        }
    }

    fn call(&mut self, callee: &'a Expr, args: &'a [Expr], span: Span) -> CResult {
        if args.len() > 255 {
            return Err(Diagnostic::compile(
                "too many arguments (at most 255)",
                span,
            ));
        }
        if let ExprKind::Member { object, name } = &callee.kind {
            self.expr(object)?;
            for a in args {
                self.expr(a)?;
            }
            let k = self.str_const(name);
            let op = if &**name == "append" && args.len() == 1 {
                Op::CallAppend { name: k }
            } else {
                Op::CallMethod {
                    name: k,
                    argc: args.len() as u8,
                }
            };
            self.emit(op, span);
        } else {
            self.expr(callee)?;
            for a in args {
                self.expr(a)?;
            }
            self.emit(Op::Call(args.len() as u32), span);
        }
        Ok(())
    }
}

/// The instruction that does `a` then `b`, when one exists.
fn combine(a: Op, b: Op) -> Option<Op> {
    Some(match (a, b) {
        (Op::SmallInt(k), Op::Add) => Op::AddK(k),
        (Op::SmallInt(k), Op::Sub) => Op::SubK(k),
        (Op::SmallInt(k), Op::Mul) => Op::MulK(k),
        (Op::SmallInt(k), Op::Mod) => Op::ModK(k),
        (Op::SmallInt(k), Op::CmpJump { cmp, target }) => Op::CmpKJump { cmp, k, target },
        (Op::LoadLocal(slot), Op::AddK(k)) => Op::AddLK { slot, k },
        (Op::LoadLocal(slot), Op::SubK(k)) => Op::SubLK { slot, k },
        (Op::LoadGlobal(slot), Op::AddK(k)) => Op::AddGK { slot, k },
        (Op::LoadLocal(a), Op::LoadLocal(b)) => Op::LoadLocal2(a, b),
        (Op::LoadLocal(slot), Op::CmpKJump { cmp, k, target }) => Op::CmpLKJump {
            cmp,
            slot,
            k,
            target,
        },
        (Op::LoadLocal2(a, b), Op::CmpJump { cmp, target }) => Op::CmpLLJump { cmp, a, b, target },
        (Op::AddLK { slot, k }, Op::StoreLocal(s)) if s == slot => Op::IncLocal { slot, k },
        (Op::LoadLocal2(a, i), Op::Index) => Op::IndexLL(a, i),
        (Op::LoadLocal2(a, i), Op::StoreIndex) => Op::StoreIndexLL(a, i),
        (Op::LoadLocal(slot), Op::GetMember(name)) => Op::GetMemberL { slot, name },
        (Op::LoadLocal(slot), Op::StoreMember(name)) => Op::StoreMemberL { slot, name },
        (Op::AddGK { slot, k }, Op::StoreGlobal(g)) if g == slot => Op::IncGlobal { slot, k },
        _ => return None,
    })
}

fn binary_op(op: BinOp) -> Op {
    match op {
        BinOp::Add => Op::Add,
        BinOp::Sub => Op::Sub,
        BinOp::Mul => Op::Mul,
        BinOp::Div => Op::Div,
        BinOp::FloorDiv => Op::FloorDiv,
        BinOp::Mod => Op::Mod,
        BinOp::Eq => Op::Eq,
        BinOp::Ne => Op::Ne,
        BinOp::Lt => Op::Lt,
        BinOp::Gt => Op::Gt,
        BinOp::Le => Op::Le,
        BinOp::Ge => Op::Ge,
    }
}
