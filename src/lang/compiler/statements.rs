//! Statements: assignment, control flow (with `finally` inlined on every
//! exit path), `try`, and imports.

use super::peephole::ShortJumps;
use super::{CResult, Compiler, Ctx};
use crate::lang::ast::*;
use crate::lang::chunk::{Cmp, Op};
use crate::lang::diagnostics::Diagnostic;

impl<'a> Compiler<'a> {
    pub(super) fn block(&mut self, body: &'a [Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, stmt: &'a Stmt) -> CResult {
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

    pub(super) fn assign(&mut self, target: &'a Target, value: &'a Expr, span: Span) -> CResult {
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
                let flags = self.slice_parts(start.as_deref(), end.as_deref(), step.as_deref())?;
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

    pub(super) fn slice_parts(
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
    pub(super) fn cond_jump(&mut self, cond: &'a Expr) -> CResult<usize> {
        self.cond_jump_when(cond, false)
    }

    /// Emit `cond` and a jump taken when it is false (or, with `when_true`,
    /// when it is true); returns the jump's index, to patch its target.
    fn cond_jump_when(&mut self, cond: &'a Expr, when_true: bool) -> CResult<usize> {
        if let ExprKind::Binary(op, a, b) = &cond.kind {
            let cmp = match op {
                BinOp::Eq => Some(Cmp::Eq),
                BinOp::Ne => Some(Cmp::Ne),
                BinOp::Lt => Some(Cmp::Lt),
                BinOp::Le => Some(Cmp::Le),
                BinOp::Gt => Some(Cmp::Gt),
                BinOp::Ge => Some(Cmp::Ge),
                _ => None,
            };
            if let Some(cmp) = cmp {
                // The fused jump is taken when its comparison fails.
                let cmp = if when_true { cmp.negated() } else { cmp };
                let op = Op::CmpJump { cmp, target: 0 };
                self.expr(a)?;
                self.expr(b)?;
                return Ok(self.emit(op, cond.span));
            }
        }
        self.expr(cond)?;
        let jump = if when_true {
            Op::JumpIfTrue(0)
        } else {
            Op::JumpIfFalse(0)
        };
        Ok(self.emit(jump, cond.span))
    }

    pub(super) fn if_stmt(
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

    /// The test goes after the body: one jump to it on entry, then each
    /// pass runs the body and the test, which jumps back while the
    /// condition holds (one instruction per pass fewer than a test at the
    /// top and a jump back at the bottom).
    pub(super) fn while_stmt(&mut self, cond: &'a Expr, body: &'a [Stmt]) -> CResult {
        let enter = self.emit(Op::Jump(0), cond.span);
        let body_start = self.here();
        self.loop_body(None, body)?;
        self.patch_here(enter);
        if let Some(Ctx::Loop { continues, .. }) = self.cur().ctx.last_mut() {
            for c in std::mem::take(continues) {
                self.patch_here(c);
            }
        }
        let back = self.cond_jump_when(cond, true)?;
        self.patch(back, body_start);
        self.finish_loop();
        Ok(())
    }

    pub(super) fn loop_body(
        &mut self,
        continue_target: Option<usize>,
        body: &'a [Stmt],
    ) -> CResult {
        self.cur().ctx.push(Ctx::Loop {
            continue_target,
            continues: Vec::new(),
            breaks: Vec::new(),
        });
        self.block(body)
    }

    /// Pop the loop context and point its `break`s here.
    pub(super) fn finish_loop(&mut self) {
        if let Some(Ctx::Loop { breaks, .. }) = self.cur().ctx.pop() {
            for b in breaks {
                self.patch_here(b);
            }
        }
    }

    pub(super) fn for_stmt(
        &mut self,
        var: &Name,
        var_span: Span,
        iter: &'a Expr,
        body: &'a [Stmt],
        span: Span,
    ) -> CResult {
        let range_args = range_call(iter);
        match range_args {
            Some((callee, args)) => {
                self.expr(callee)?;
                for a in args {
                    self.expr(a)?;
                }
            }
            None => self.expr(iter)?,
        }
        let slot = self.hidden_slot();
        if slot + 2 > u16::MAX as u32 {
            return Err(Diagnostic::compile(
                "too many variables in one function",
                span,
            ));
        }
        let range_setup = if let Some((_, args)) = range_args {
            // The counted range's stop and step (see `Op::ForRange`).
            self.hidden_slot();
            self.hidden_slot();
            let argc = args.len() as u8;
            let setup = self.emit(
                Op::ForRange {
                    slot: slot as u16,
                    argc,
                    target: 0,
                },
                iter.span,
            );
            self.emit(Op::Call(argc.into()), iter.span);
            self.emit(Op::GetIter(slot), iter.span);
            Some(setup)
        } else {
            self.emit(Op::GetIter(slot), iter.span);
            None
        };
        // The loop step sits at the bottom (one jump per turn, not two): enter
        // by jumping to it; it jumps back to the body while there are items.
        let enter = self.emit(Op::Jump(0), span);
        let body_start = self.here();
        self.store_name(var, var_span);
        let var_slot = self.take_plain_store(body_start);
        self.loop_body(None, body)?;
        self.patch_here(enter);
        if let Some(setup) = range_setup {
            self.patch_here(setup);
        }
        if let Some(Ctx::Loop { continues, .. }) = self.cur().ctx.last_mut() {
            for c in std::mem::take(continues) {
                self.patch_here(c);
            }
        }
        let slot = slot as u16;
        let step = match var_slot {
            Some(var) => Op::ForLoopTo {
                slot,
                var,
                target: 0,
            },
            None => Op::ForLoop { slot, target: 0 },
        };
        let step = self.emit(step, span);
        self.patch(step, body_start);
        self.finish_loop();
        Ok(())
    }

    /// When the code from `at` on is just `StoreLocal(var)` (a loop
    /// variable that is a plain local), remove it and return `var`, for a
    /// `ForLoopTo` to store the item itself.
    fn take_plain_store(&mut self, at: usize) -> Option<u16> {
        let f = self.cur();
        if f.short_jumps == ShortJumps::Forbidden || f.code.len() != at + 1 {
            return None;
        }
        let Op::StoreLocal(var) = f.code[at] else {
            return None;
        };
        let var = u16::try_from(var).ok()?;
        f.code.pop();
        f.spans.pop();
        Some(var)
    }

    /// `break` / `continue`: leave every `try` between here and the loop,
    /// running their `finally` blocks, then jump.
    pub(super) fn jump_out(&mut self, is_break: bool, span: Span) -> CResult {
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
        } else {
            let target = match self.cur().ctx.get(loop_idx) {
                Some(Ctx::Loop {
                    continue_target, ..
                }) => *continue_target,
                _ => None,
            };
            let j = self.emit(Op::Jump(target.unwrap_or(0) as u32), span);
            if target.is_none() {
                if let Some(Ctx::Loop { continues, .. }) = self.cur().ctx.get_mut(loop_idx) {
                    continues.push(j);
                }
            }
        }
        Ok(())
    }

    /// Emit the exits from every `try` context above `floor`, innermost
    /// first: pop its handler and inline its `finally` (compiled with only
    /// the contexts outside that `try`, so a `break` inside it targets the
    /// right loop).
    pub(super) fn unwind_tries(&mut self, floor: usize, span: Span) -> CResult {
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

    pub(super) fn return_stmt(&mut self, value: Option<&'a Expr>, span: Span) -> CResult {
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
            let tmp = self.hidden_slot();
            self.emit(Op::StoreLocal(tmp), span);
            self.unwind_tries(0, span)?;
            self.emit(Op::LoadLocal(tmp), span);
        }
        // Handlers without a finally are dropped by the VM on return.
        self.emit(Op::Return, span);
        Ok(())
    }

    pub(super) fn set_handler_active(&mut self, active: bool) {
        if let Some(Ctx::Try { handler_active, .. }) = self.cur().ctx.last_mut() {
            *handler_active = active;
        }
    }

    pub(super) fn try_stmt(
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
            let tmp = self.hidden_slot();
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

    pub(super) fn import(&mut self, path: &[Name], alias: Option<&Name>, span: Span) -> CResult {
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
}

/// The callee and arguments of `range(...)` with one to three plain
/// arguments, which `for` may run as a counted loop when, at run time, the
/// name still means the builtin.
fn range_call(iter: &Expr) -> Option<(&Expr, &[Expr])> {
    let ExprKind::Call { callee, args } = &iter.kind else {
        return None;
    };
    match &callee.kind {
        ExprKind::Name(n) if &**n == "range" && (1..=3).contains(&args.len()) => {
            Some((callee, args))
        }
        _ => None,
    }
}
