//! Expressions: operands are pushed left to right, then the operator.

use super::{CResult, Compiler, ConstKey};
use crate::lang::ast::*;
use crate::lang::chunk::{Constant, Op};
use crate::lang::diagnostics::Diagnostic;

impl<'a> Compiler<'a> {
    pub(super) fn expr(&mut self, e: &'a Expr) -> CResult {
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

    pub(super) fn int(&mut self, i: i64, span: Span) {
        if let Ok(small) = i32::try_from(i) {
            self.emit(Op::SmallInt(small), span);
        } else {
            let k = self.constant(ConstKey::Int(i), || Constant::Int(i));
            self.emit(Op::Const(k), span);
        }
    }

    pub(super) fn call(&mut self, callee: &'a Expr, args: &'a [Expr], span: Span) -> CResult {
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
