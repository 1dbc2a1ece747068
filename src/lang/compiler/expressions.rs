//! Expressions: operands are pushed left to right, then the operator.
//!
//! Chains (`a + b + ...`, `a.b(c).d...`, `!!x`, `c ? x : c2 ? y : ...`) may
//! be any length, and so may the tree's left spine; they are compiled in
//! a loop ([`Compiler::chain`]) so the Rust stack does not grow per link.

use super::{CResult, Compiler, ConstKey};
use crate::lang::ast::*;
use crate::lang::chunk::{Constant, Op};
use crate::lang::diagnostics::Diagnostic;
use rustc_hash::FxHashSet;
use std::rc::Rc;

impl<'a> Compiler<'a> {
    pub(super) fn expr(&mut self, e: &'a Expr) -> CResult {
        if let Some(first) = compiled_first(e) {
            if compiled_first(first).is_some() {
                return self.chain(e);
            }
            self.expr(first)?;
            return self.after_first(e);
        }
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
            ExprKind::Object(pairs) => self.object_literal(pairs, span)?,
            ExprKind::Function(def) => {
                let idx = self.function(def, true)?;
                self.emit(Op::Closure(idx), span);
            }
            ExprKind::Unary(UnaryOp::Neg, inner) => {
                // `compiled_first` leaves only negated int literals here.
                if let ExprKind::Int(i) = inner.kind {
                    self.int(-i, span);
                }
            }
            ExprKind::Ternary { .. } => self.ternary(e)?,
            // Every other node is a chain link, handled above.
            _ => {}
        }
        Ok(())
    }

    /// A chain of two links or more: walk down to its first operand, compile
    /// that, then the rest of each link on the way back up.
    fn chain(&mut self, e: &'a Expr) -> CResult {
        let mut links = vec![e];
        let mut leaf = e;
        while let Some(first) = compiled_first(leaf) {
            links.push(first);
            leaf = first;
        }
        links.pop();
        self.expr(leaf)?;
        for link in links.into_iter().rev() {
            self.after_first(link)?;
        }
        Ok(())
    }

    /// Everything of `e` after its [`compiled_first`] operand.
    fn after_first(&mut self, e: &'a Expr) -> CResult {
        let span = e.span;
        match &e.kind {
            ExprKind::Unary(UnaryOp::Neg, _) => {
                self.emit(Op::Neg, span);
            }
            ExprKind::Unary(UnaryOp::Not, _) => {
                self.emit(Op::Not, span);
            }
            ExprKind::Binary(op, _, b) => {
                self.expr(b)?;
                self.emit(binary_op(*op), span);
            }
            ExprKind::Logic(op, _, b) => {
                let jump = match op {
                    LogicOp::And => Op::JumpIfFalseKeep(0),
                    LogicOp::Or => Op::JumpIfTrueKeep(0),
                };
                let j = self.emit(jump, span);
                self.expr(b)?;
                self.patch_here(j);
            }
            ExprKind::Call { callee, args } => self.call_rest(callee, args, span)?,
            ExprKind::Index { index, .. } => {
                self.expr(index)?;
                self.emit(Op::Index, span);
            }
            ExprKind::Slice {
                start, end, step, ..
            } => {
                let flags = self.slice_parts(start.as_deref(), end.as_deref(), step.as_deref())?;
                self.emit(Op::Slice(flags), span);
            }
            ExprKind::Member { name, .. } => {
                let k = self.str_const(name);
                self.emit(Op::GetMember(k), span);
            }
            _ => {}
        }
        Ok(())
    }

    /// `c1 ? a : c2 ? b : ... : z`, the `otherwise` chain in a loop.
    fn ternary(&mut self, e: &'a Expr) -> CResult {
        let mut ends = Vec::new();
        let mut rest = e;
        while let ExprKind::Ternary {
            cond,
            then,
            otherwise,
        } = &rest.kind
        {
            let skip = self.cond_jump(cond)?;
            self.expr(then)?;
            ends.push(self.emit(Op::Jump(0), rest.span));
            self.patch_here(skip);
            rest = otherwise;
        }
        self.expr(rest)?;
        for end in ends.into_iter().rev() {
            self.patch_here(end);
        }
        Ok(())
    }

    /// `{k1: v1, ...}`. Distinct keys (almost every literal) are a run of
    /// constants the instruction names, so only the values are pushed;
    /// a literal that repeats a key pushes each key before its value and
    /// leaves the repeats to the general instruction.
    fn object_literal(&mut self, pairs: &'a [(Rc<str>, Expr)], span: Span) -> CResult {
        // A few keys are compared pairwise (no set to allocate).
        let distinct = if pairs.len() <= 16 {
            let keys = || pairs.iter().map(|(k, _)| k);
            keys()
                .enumerate()
                .all(|(i, k)| keys().take(i).all(|other| other != k))
        } else {
            let mut seen = FxHashSet::default();
            pairs.iter().all(|(k, _)| seen.insert(&**k))
        };
        let n = u16::try_from(pairs.len()).ok().filter(|_| distinct);
        if let Some(n) = n {
            let keys = self.key_run(pairs.iter().map(|(k, _)| &**k));
            for (_, v) in pairs {
                self.expr(v)?;
            }
            self.emit(Op::MakeObjectK { n, keys }, span);
            return Ok(());
        }
        for (k, v) in pairs {
            let kc = self.str_const(k);
            self.emit(Op::Const(kc), v.span);
            self.expr(v)?;
        }
        self.emit(Op::MakeObject(pairs.len() as u32), span);
        Ok(())
    }

    pub(super) fn int(&mut self, i: i64, span: Span) {
        if let Ok(small) = i32::try_from(i) {
            self.emit(Op::SmallInt(small), span);
        } else {
            let k = self.constant(ConstKey::Int(i), || Constant::Int(i));
            self.emit(Op::Const(k), span);
        }
    }

    /// A call after its callee (or, for a method call, its object) has been
    /// compiled.
    fn call_rest(&mut self, callee: &'a Expr, args: &'a [Expr], span: Span) -> CResult {
        if args.len() > 255 {
            return Err(Diagnostic::compile(
                "too many arguments (at most 255)",
                span,
            ));
        }
        if let ExprKind::Member { name, .. } = &callee.kind {
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
            for a in args {
                self.expr(a)?;
            }
            self.emit(Op::Call(args.len() as u32), span);
        }
        Ok(())
    }
}

/// The operand compiled first, before the rest of `e`, when `e` is a chain
/// link: a method call compiles its object first (the member is part of the
/// call instruction). Negated int literals are folded, so they are no link.
fn compiled_first(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Unary(UnaryOp::Neg, inner) => match inner.kind {
            ExprKind::Int(i) if i != i64::MIN => None,
            _ => Some(inner),
        },
        ExprKind::Call { callee, .. } => match &callee.kind {
            ExprKind::Member { object, .. } => Some(object),
            _ => Some(callee),
        },
        ExprKind::Ternary { .. } => None,
        kind => kind.chain_operand(),
    }
}

pub(super) fn binary_op(op: BinOp) -> Op {
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
