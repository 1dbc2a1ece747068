//! Function literals and declarations: a new compile state per function,
//! its locals and cells from scope analysis, and the prologue.

use super::peephole::ShortJumps;
use super::{CResult, Compiler, FnState};
use crate::lang::ast::*;
use crate::lang::chunk::Op;
use crate::lang::diagnostics::Diagnostic;
use crate::lang::scope;
use rustc_hash::FxHashSet;
use std::sync::Arc;

impl<'a> Compiler<'a> {
    pub(super) fn function(&mut self, def: &'a FuncDef, is_expr: bool) -> CResult<u32> {
        let (locals, _) = scope::function_locals(def, is_expr);
        let mut captured = scope::names_captured_by_nested(&def.body);
        let mut short_jumps = ShortJumps::Allowed;
        let state = loop {
            let state = self.function_state(def, &locals, captured, short_jumps)?;
            self.fns.push(state);
            self.function_body(def, is_expr)?;
            let mut state = self.fns.pop().expect("function state");
            if !state.far_jump || short_jumps == ShortJumps::Forbidden {
                break state;
            }
            captured = std::mem::take(&mut state.captured);
            self.reuse(state);
            short_jumps = ShortJumps::Forbidden;
        };
        let proto = self.finish(state, def.span)?;
        let parent = self.cur();
        parent.children.push(Arc::new(proto));
        Ok((parent.children.len() - 1) as u32)
    }

    /// The compile state of a function before its body: parameters and
    /// local slots, with captured locals marked as cells.
    fn function_state(
        &mut self,
        def: &FuncDef,
        locals: &[Name],
        captured: FxHashSet<Name>,
        short_jumps: ShortJumps,
    ) -> CResult<FnState<'a>> {
        let name = match &def.name {
            Some(n) => self.strings.get(n),
            None => self.strings.get("<anonymous>"),
        };
        let mut state = self.new_state(name, def.name.is_none(), false, short_jumps);
        state.captured = captured;
        for (p, s) in &def.params {
            if state.params.iter().any(|q| **q == **p) {
                return Err(Diagnostic::compile(
                    format!("duplicate parameter '{p}'"),
                    *s,
                ));
            }
            state.params.push(p.clone());
        }
        for name in locals {
            let slot = state.new_slot(name.clone());
            let cell = state.captured.contains(name);
            state.locals.insert(name.clone(), (slot, cell));
        }
        Ok(state)
    }

    fn function_body(&mut self, def: &'a FuncDef, is_expr: bool) -> CResult {
        self.prologue(def, is_expr);
        match &def.body {
            FuncBody::Block(body) => {
                self.block(body)?;
                if !self.ends_in_return(body) {
                    let end = Span::new(def.span.end as usize, def.span.end as usize);
                    self.emit(Op::Null, end);
                    self.emit(Op::Return, end);
                }
            }
            FuncBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Return, e.span);
            }
        }
        Ok(())
    }

    /// Whether the code compiled for `body` ends in its final `return`
    /// with nothing jumping past it, so an implicit `return null` after it
    /// could never run.
    fn ends_in_return(&mut self, body: &[Stmt]) -> bool {
        let ends_with_return = matches!(
            body.last(),
            Some(Stmt {
                kind: StmtKind::Return(_),
                ..
            })
        );
        let f = self.cur();
        ends_with_return
            && f.last_label < f.code.len()
            && matches!(f.code.last(), Some(Op::Return | Op::ReturnLocal(_)))
    }

    /// Bind a named function expression's own name, then move captured
    /// locals (including parameters) into cells.
    pub(super) fn prologue(&mut self, def: &FuncDef, is_expr: bool) {
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
}
