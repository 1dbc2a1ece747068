//! Expression rules, from the loosest level to the tightest: the ternary,
//! precedence climbing over the binary operators, unary operators, postfix
//! chains (calls, indexes, slices, members) and primaries, including the
//! literals for arrays, objects and functions.

use super::{Nesting, PResult, Parser};
use crate::lang::ast::{BinOp, Expr, ExprKind, FuncBody, FuncDef, LogicOp, Name, Span, UnaryOp};
use crate::lang::diagnostics::Diagnostic;
use crate::lang::token::{TokenKind, TokenValue};
use std::rc::Rc;

/// A binary operator as the precedence loop sees it.
#[derive(Clone, Copy)]
enum BinaryOp {
    Arith(BinOp),
    Logic(LogicOp),
}

/// Operator and binding power (higher binds tighter), spec 2.1 levels 3-8.
fn binary_op(kind: TokenKind) -> Option<(BinaryOp, u8)> {
    use BinaryOp::{Arith, Logic};
    let entry = match kind {
        TokenKind::OrOr => (Logic(LogicOp::Or), 1),
        TokenKind::AndAnd => (Logic(LogicOp::And), 2),
        TokenKind::EqEq => (Arith(BinOp::Eq), 3),
        TokenKind::NotEq => (Arith(BinOp::Ne), 3),
        TokenKind::Lt => (Arith(BinOp::Lt), 4),
        TokenKind::Gt => (Arith(BinOp::Gt), 4),
        TokenKind::LtEq => (Arith(BinOp::Le), 4),
        TokenKind::GtEq => (Arith(BinOp::Ge), 4),
        TokenKind::Plus => (Arith(BinOp::Add), 5),
        TokenKind::Minus => (Arith(BinOp::Sub), 5),
        TokenKind::Star => (Arith(BinOp::Mul), 6),
        TokenKind::Slash => (Arith(BinOp::Div), 6),
        TokenKind::SlashSlash => (Arith(BinOp::FloorDiv), 6),
        TokenKind::Percent => (Arith(BinOp::Mod), 6),
        _ => return None,
    };
    Some(entry)
}

const LOWEST_PRECEDENCE: u8 = 1;

fn make_binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span = left.span.to(right.span);
    let (left, right) = (Box::new(left), Box::new(right));
    let kind = match op {
        BinaryOp::Arith(op) => ExprKind::Binary(op, left, right),
        BinaryOp::Logic(op) => ExprKind::Logic(op, left, right),
    };
    Expr { kind, span }
}

impl Parser<'_> {
    /// `expr = or_expr [ "?" expr ":" expr ]`, right-associative. A chain
    /// `c1 ? a : c2 ? b : ... : z` is read in a loop, so its length is free;
    /// only the `then` branch recurses (and counts as nesting).
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        let mut links: Vec<(Expr, Expr)> = Vec::new();
        let mut last = loop {
            let cond = self.binary(LOWEST_PRECEDENCE)?;
            if self.eat(TokenKind::Question).is_none() {
                break cond;
            }
            self.enter(Nesting::Expr)?;
            let then = self.expr()?;
            self.leave();
            self.expect(
                TokenKind::Colon,
                "expected ':' after the first branch of '?'",
            )?;
            links.push((cond, then));
        };
        while let Some((cond, then)) = links.pop() {
            last = Expr {
                span: cond.span.to(last.span),
                kind: ExprKind::Ternary {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise: Box::new(last),
                },
            };
        }
        Ok(last)
    }

    /// Precedence climbing over the left-associative levels 3-8: a loop per
    /// level, so a chain of any length costs no depth; recursion only goes
    /// up the (six) precedence levels.
    fn binary(&mut self, min_precedence: u8) -> PResult<Expr> {
        let mut left = self.unary()?;
        while let Some((op, precedence)) = binary_op(self.peek()) {
            if precedence < min_precedence {
                break;
            }
            let op_span = self.advance().span;
            self.reject_foreign_operator(op_span)?;
            let right = self.binary(precedence + 1)?;
            left = make_binary(op, left, right);
        }
        Ok(left)
    }

    /// Operators from other languages (`+=`, `++`, `**`, `===`) lex as two
    /// ML tokens and would otherwise get a puzzling "expected an expression".
    fn reject_foreign_operator(&self, op: Span) -> PResult<()> {
        let next = self.token();
        if next.span.start != op.end {
            return Ok(());
        }
        let op_text = self.text(op);
        let message = match (op_text, next.kind) {
            ("+" | "-" | "*" | "/" | "//" | "%", TokenKind::Assign) => format!(
                "compound assignment '{op_text}=' is not supported; write 'x = x {op_text} y'"
            ),
            ("==" | "!=", TokenKind::Assign) => {
                format!("'{op_text}=' is not an operator; use '{op_text}'")
            }
            ("+", TokenKind::Plus) => "'++' is not supported; write 'x = x + 1'".to_string(),
            ("*", TokenKind::Star) => "'**' is not an operator; use math.pow(x, y)".to_string(),
            _ => return Ok(()),
        };
        Err(Diagnostic::syntax(message, op.to(next.span)))
    }

    /// Prefix `!` and `-`, any number of them, read in a loop.
    fn unary(&mut self) -> PResult<Expr> {
        let mut prefixes = Vec::new();
        loop {
            let op = match self.peek() {
                TokenKind::Bang => UnaryOp::Not,
                TokenKind::Minus => UnaryOp::Neg,
                _ => break,
            };
            prefixes.push((op, self.advance().span));
        }
        let mut expr = self.postfix()?;
        while let Some((op, start)) = prefixes.pop() {
            expr = Expr {
                span: start.to(expr.span),
                kind: ExprKind::Unary(op, Box::new(expr)),
            };
        }
        Ok(expr)
    }

    /// A primary followed by any chain of calls, indexes and member
    /// accesses. Only what is inside a link's brackets is nested.
    fn postfix(&mut self) -> PResult<Expr> {
        let mut expr = self.primary()?;
        loop {
            expr = match self.peek() {
                TokenKind::LParen => self.call(expr)?,
                TokenKind::LBracket => self.index(expr)?,
                TokenKind::Dot => self.member(expr)?,
                _ => return Ok(expr),
            };
        }
    }

    /// `callee "(" [ expr { "," expr } ] ")"`, no trailing comma.
    fn call(&mut self, callee: Expr) -> PResult<Expr> {
        self.enter(Nesting::Expr)?;
        let open = self.advance().span;
        let mut args = Vec::new();
        if !self.at(TokenKind::RParen) {
            loop {
                args.push(self.expr()?);
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
                if self.at(TokenKind::RParen) {
                    return Err(self.error_here(
                        "expected an argument after ','; trailing commas are not allowed in calls"
                            .to_string(),
                    ));
                }
            }
        }
        let close = self.expect_list_close(TokenKind::RParen, open)?;
        self.leave();
        Ok(Expr {
            span: callee.span.to(close),
            kind: ExprKind::Call {
                callee: Box::new(callee),
                args,
            },
        })
    }

    /// `object "[" index "]"`: an element or key, or a slice `[a:b:c]` with
    /// every part optional.
    fn index(&mut self, object: Expr) -> PResult<Expr> {
        self.enter(Nesting::Expr)?;
        let open = self.advance().span;
        let start = if self.at(TokenKind::Colon) {
            None
        } else {
            let index = self.expr()?;
            if !self.at(TokenKind::Colon) {
                let close = self.expect_close(TokenKind::RBracket, open)?;
                self.leave();
                return Ok(Expr {
                    span: object.span.to(close),
                    kind: ExprKind::Index {
                        object: Box::new(object),
                        index: Box::new(index),
                    },
                });
            }
            Some(Box::new(index))
        };
        self.advance(); // ':'
        let end = self.slice_part()?;
        let step = match self.eat(TokenKind::Colon) {
            Some(_) => self.slice_part()?,
            None => None,
        };
        let close = self.expect_close(TokenKind::RBracket, open)?;
        self.leave();
        Ok(Expr {
            span: object.span.to(close),
            kind: ExprKind::Slice {
                object: Box::new(object),
                start,
                end,
                step,
            },
        })
    }

    /// One optional bound of a slice: absent when `:` or `]` comes next.
    fn slice_part(&mut self) -> PResult<Option<Box<Expr>>> {
        if self.at(TokenKind::Colon) || self.at(TokenKind::RBracket) {
            return Ok(None);
        }
        Ok(Some(Box::new(self.expr()?)))
    }

    fn member(&mut self, object: Expr) -> PResult<Expr> {
        self.advance(); // '.'
        let (name, end) = self.property_name("expected a property name after '.'")?;
        Ok(Expr {
            span: object.span.to(end),
            kind: ExprKind::Member {
                object: Box::new(object),
                name,
            },
        })
    }

    fn primary(&mut self) -> PResult<Expr> {
        let kind = match self.peek() {
            TokenKind::Int | TokenKind::Float | TokenKind::Str => return Ok(self.literal()),
            TokenKind::Ident => ExprKind::Name(self.name_at(self.span())),
            TokenKind::True => ExprKind::Bool(true),
            TokenKind::False => ExprKind::Bool(false),
            TokenKind::Null | TokenKind::Undefined => ExprKind::Null,
            TokenKind::LParen => return self.paren(),
            TokenKind::LBracket => return self.array(),
            TokenKind::LBrace => return self.object(),
            TokenKind::Fn => return self.arrow(),
            TokenKind::Function => return self.function_expr(),
            _ => return Err(self.error_expected("expected an expression")),
        };
        let span = self.advance().span;
        Ok(Expr { kind, span })
    }

    fn literal(&mut self) -> Expr {
        let token = self.advance();
        let kind = match self.value_of(&token) {
            TokenValue::Int(n) => ExprKind::Int(n),
            TokenValue::Float(x) => ExprKind::Float(x),
            TokenValue::Str(s) => ExprKind::Str(s),
            // The lexer gives every literal token a value.
            TokenValue::None => ExprKind::Null,
        };
        Expr {
            kind,
            span: token.span,
        }
    }

    /// `"(" expr ")"`: the inner expression, its span widened to the parens
    /// so that enclosing spans cover them.
    fn paren(&mut self) -> PResult<Expr> {
        self.enter(Nesting::Expr)?;
        let open = self.advance().span;
        let mut inner = self.expr()?;
        let close = self.expect_close(TokenKind::RParen, open)?;
        self.leave();
        inner.span = open.to(close);
        Ok(inner)
    }

    /// `"[" [ expr { "," expr } [","] ] "]"`
    fn array(&mut self) -> PResult<Expr> {
        self.enter(Nesting::Expr)?;
        let open = self.advance().span;
        let mut items = Vec::new();
        while !self.at(TokenKind::RBracket) {
            items.push(self.expr()?);
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        let close = self.expect_list_close(TokenKind::RBracket, open)?;
        self.leave();
        Ok(Expr {
            kind: ExprKind::Array(items),
            span: open.to(close),
        })
    }

    /// `"{" [ key ":" expr { "," key ":" expr } [","] ] "}"`
    fn object(&mut self) -> PResult<Expr> {
        self.enter(Nesting::Expr)?;
        let open = self.advance().span;
        let mut props = Vec::new();
        while !self.at(TokenKind::RBrace) {
            let key = self.object_key()?;
            self.expect(TokenKind::Colon, "expected ':' after the property name")?;
            props.push((key, self.expr()?));
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        let close = self.expect_list_close(TokenKind::RBrace, open)?;
        self.leave();
        Ok(Expr {
            kind: ExprKind::Object(props),
            span: open.to(close),
        })
    }

    /// An identifier, keyword or string key; number keys are an error [REF].
    fn object_key(&mut self) -> PResult<Rc<str>> {
        match self.peek() {
            TokenKind::Str => {
                let token = self.advance();
                match self.value_of(&token) {
                    TokenValue::Str(s) => Ok(s),
                    _ => Ok("".into()),
                }
            }
            TokenKind::Int | TokenKind::Float => Err(Diagnostic::syntax(
                "number keys are not allowed in object literals; write the key as a string",
                self.span(),
            )),
            _ => Ok(self.property_name("expected a property name")?.0),
        }
    }

    /// `fn (params) => body`. A body starting with `{` is a block unless it
    /// is `{}` or `{ key :` (spec 2.2); an expression body extends as far
    /// right as possible.
    fn arrow(&mut self) -> PResult<Expr> {
        // A function is a level of its own: the compiler recurses into it.
        self.enter(Nesting::Expr)?;
        let start = self.advance().span;
        let params = self.params("expected '(' after 'fn'")?;
        self.expect(
            TokenKind::Arrow,
            "expected '=>' after the parameters of 'fn'",
        )?;
        let (body, end) = if self.at(TokenKind::LBrace) && !self.object_literal_ahead() {
            let (stmts, span) = self.block("expected '{'")?;
            (FuncBody::Block(stmts), span)
        } else {
            let value = self.expr()?;
            let span = value.span;
            (FuncBody::Expr(Box::new(value)), span)
        };
        self.leave();
        let def = FuncDef {
            name: None,
            params,
            body,
            span: start.to(end),
        };
        Ok(Expr {
            span: def.span,
            kind: ExprKind::Function(Rc::new(def)),
        })
    }

    /// At `{`: is it `{}` or `{ key :`?
    fn object_literal_ahead(&self) -> bool {
        match self.peek_nth(1) {
            TokenKind::RBrace => true,
            TokenKind::Ident | TokenKind::Str => self.peek_nth(2) == TokenKind::Colon,
            kind => kind.is_keyword() && self.peek_nth(2) == TokenKind::Colon,
        }
    }

    /// `function [name] (params) { ... }` in expression position; the name
    /// is for recursion inside the body only.
    fn function_expr(&mut self) -> PResult<Expr> {
        self.enter(Nesting::Expr)?;
        let start = self.advance().span;
        let (name, missing_paren) = match self.at(TokenKind::Ident) {
            true => (
                Some(self.ident("expected a function name")?.0),
                "expected '(' after the function name",
            ),
            false => (None, "expected '(' or a name after 'function'"),
        };
        let def = self.function_rest(start, name, missing_paren)?;
        self.leave();
        Ok(Expr {
            span: def.span,
            kind: ExprKind::Function(Rc::new(def)),
        })
    }

    /// Parameters and block body of `function [name]`, which both the
    /// declaration and the expression share.
    pub(super) fn function_rest(
        &mut self,
        start: Span,
        name: Option<Name>,
        missing_paren: &str,
    ) -> PResult<FuncDef> {
        let params = self.params(missing_paren)?;
        let (body, body_span) = self.block("expected '{' to start the function body")?;
        Ok(FuncDef {
            name,
            params,
            body: FuncBody::Block(body),
            span: start.to(body_span),
        })
    }

    /// `"(" [ param { "," param } ] ")"`; a `: Type` annotation is parsed and
    /// dropped (spec 2.3). No trailing comma.
    fn params(&mut self, missing_paren: &str) -> PResult<Vec<(Name, Span)>> {
        let open = self.expect(TokenKind::LParen, missing_paren)?;
        let mut params = Vec::new();
        if self.eat(TokenKind::RParen).is_some() {
            return Ok(params);
        }
        loop {
            params.push(self.ident("expected a parameter name")?);
            if self.eat(TokenKind::Colon).is_some() {
                self.property_name("expected a type name after ':'")?;
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
            if self.at(TokenKind::RParen) {
                return Err(self.error_here(
                    "expected a parameter name after ','; trailing commas are not allowed in parameter lists"
                        .to_string(),
                ));
            }
        }
        self.expect_list_close(TokenKind::RParen, open)?;
        Ok(params)
    }
}
