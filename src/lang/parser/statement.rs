//! Statement rules: a program is a list of top-level items, a block is a
//! braced list of statements, and each statement form has one function
//! here. Function declarations share their parameter list and body with
//! function expressions, so that part lives in [`super::expression`].

use super::{Nesting, PResult, Parser};
use crate::lang::ast::{
    CapabilityItem, ExceptClause, Expr, ExprKind, Program, Span, Stmt, StmtKind, Target,
};
use crate::lang::diagnostics::Diagnostic;
use crate::lang::token::{TokenKind, TokenValue};
use std::fmt::Display;
use std::rc::Rc;

impl<'src> Parser<'src> {
    pub(super) fn program(mut self) -> PResult<Program> {
        let mut items = Vec::new();
        while !self.at(TokenKind::Eof) {
            items.push(self.top_item()?);
            debug_assert_eq!(self.depth, 0, "unbalanced enter/leave");
        }
        Ok(Program { items })
    }

    fn top_item(&mut self) -> PResult<Stmt> {
        match self.peek() {
            TokenKind::Import => self.import(),
            TokenKind::Capability => self.capability(),
            _ => self.statement(),
        }
    }

    fn statement(&mut self) -> PResult<Stmt> {
        use TokenKind as T;
        match self.peek() {
            T::Function if self.peek_nth(1) == T::Ident && self.peek_nth(2) == T::LParen => {
                self.func_decl()
            }
            T::If => self.if_stmt(),
            T::While => self.while_stmt(),
            T::For => self.for_stmt(),
            T::Try => self.try_stmt(),
            T::Return => self.return_stmt(),
            T::Break => self.jump(StmtKind::Break),
            T::Continue => self.jump(StmtKind::Continue),
            T::Throw => self.throw_stmt(),
            T::Nonlocal => self.nonlocal(),
            T::Semicolon => Ok(Stmt {
                kind: StmtKind::Empty,
                span: self.advance().span,
            }),
            T::Import | T::Capability => {
                Err(self.misplaced("is only allowed at the top level of a file"))
            }
            T::Elif | T::Else => Err(self.misplaced("without a matching 'if'")),
            // Blocks stop at their own '}', so a closer here matches nothing.
            T::RBrace | T::RParen | T::RBracket => {
                let text = self.text(self.span());
                Err(Diagnostic::syntax(
                    format!("unmatched '{text}'"),
                    self.span(),
                ))
            }
            T::Except | T::Finally => Err(self.misplaced("without a matching 'try'")),
            T::LBracket if self.destructure_ahead(T::RBracket) => self.destructure(),
            T::LBrace if self.destructure_ahead(T::RBrace) => self.destructure(),
            _ => self.expr_or_assign(),
        }
    }

    /// `'<keyword>' <problem>` at the current keyword token.
    fn misplaced(&self, problem: &str) -> Diagnostic {
        let keyword = self.text(self.span());
        Diagnostic::syntax(format!("'{keyword}' {problem}"), self.span())
    }

    /// `"{" { statement } "}"`, one level deeper. `missing` is the message
    /// for a missing `{`.
    pub(super) fn block(&mut self, missing: impl Display) -> PResult<(Vec<Stmt>, Span)> {
        self.enter(Nesting::Block)?;
        let open = self.expect(TokenKind::LBrace, missing)?;
        let mut stmts = Vec::new();
        while !self.at(TokenKind::RBrace) && !self.at(TokenKind::Eof) {
            stmts.push(self.statement()?);
        }
        let close = self.expect_close(TokenKind::RBrace, open)?;
        self.leave();
        Ok((stmts, open.to(close)))
    }

    fn import(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let mut path = vec![self.ident("expected a module name after 'import'")?.0];
        while self.eat(TokenKind::Dot).is_some() {
            path.push(self.ident("expected a module name after '.'")?.0);
        }
        let alias = match self.eat(TokenKind::As) {
            Some(_) => Some(self.ident("expected a name after 'as'")?.0),
            None => None,
        };
        let end = self.expect(TokenKind::Semicolon, "expected ';' after the import")?;
        Ok(Stmt {
            kind: StmtKind::Import { path, alias },
            span: start.to(end),
        })
    }

    fn capability(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let (name, _) = self.ident("expected a capability name after 'capability'")?;
        let open = self.expect(TokenKind::LBrace, "expected '{' after the capability name")?;
        let mut items = Vec::new();
        while !self.at(TokenKind::RBrace) && !self.at(TokenKind::Eof) {
            items.push(self.capability_item()?);
        }
        let end = self.expect_close(TokenKind::RBrace, open)?;
        Ok(Stmt {
            kind: StmtKind::Capability { name, items },
            span: start.to(end),
        })
    }

    /// `resource "x";` or `allow read ["pattern"];`. These words are only
    /// keywords here, so the lexer leaves them as identifiers.
    fn capability_item(&mut self) -> PResult<CapabilityItem> {
        let item = match self.contextual_word() {
            "resource" => {
                self.advance();
                let value = self.string_literal("expected a string after 'resource'")?;
                CapabilityItem {
                    kind: "resource".into(),
                    value: Some(value),
                }
            }
            "allow" => {
                self.advance();
                self.permission()?
            }
            _ => {
                return Err(self.error_expected(
                    "expected 'resource' or 'allow' in the capability declaration",
                ))
            }
        };
        self.expect(
            TokenKind::Semicolon,
            "expected ';' after the capability item",
        )?;
        Ok(item)
    }

    /// `read ["pattern"]` after `allow`.
    fn permission(&mut self) -> PResult<CapabilityItem> {
        const PERMISSIONS: [&str; 5] = ["read", "write", "execute", "network", "system"];
        let permission = self.contextual_word();
        if !PERMISSIONS.contains(&permission) {
            return Err(self.error_expected(
                "expected a permission after 'allow' (read, write, execute, network or system)",
            ));
        }
        self.advance();
        let value = match self.at(TokenKind::Str) {
            true => Some(self.string_literal("expected a string")?),
            false => None,
        };
        Ok(CapabilityItem {
            kind: permission.into(),
            value,
        })
    }

    /// The text of the current token if it is an identifier, else "".
    fn contextual_word(&self) -> &'src str {
        match self.at(TokenKind::Ident) {
            true => self.text(self.span()),
            false => "",
        }
    }

    fn string_literal(&mut self, expected: &str) -> PResult<String> {
        match self.value_of(self.token()) {
            TokenValue::Str(s) if self.at(TokenKind::Str) => {
                let s = s.to_string();
                self.advance();
                Ok(s)
            }
            _ => Err(self.error_expected(expected)),
        }
    }

    fn func_decl(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let (name, _) = self.ident("expected a function name")?;
        let def = self.function_rest(start, Some(name), "expected '(' after the function name")?;
        Ok(Stmt {
            span: def.span,
            kind: StmtKind::FuncDecl(Rc::new(def)),
        })
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let (first, mut end) = self.condition_and_block("if")?;
        let mut branches = vec![first];
        while let Some(keyword) = self.eat_elif() {
            let (branch, span) = self.condition_and_block(keyword)?;
            branches.push(branch);
            end = span;
        }
        let mut else_body = None;
        if self.eat(TokenKind::Else).is_some() {
            let (body, span) = self.block("expected '{' or 'if' after 'else'")?;
            else_body = Some(body);
            end = span;
        }
        Ok(Stmt {
            kind: StmtKind::If {
                branches,
                else_body,
            },
            span: start.to(end),
        })
    }

    /// Consumes `elif` or its synonym `else if` (spec 2.2) and says which.
    fn eat_elif(&mut self) -> Option<&'static str> {
        match (self.peek(), self.peek_nth(1)) {
            (TokenKind::Elif, _) => {
                self.advance();
                Some("elif")
            }
            (TokenKind::Else, TokenKind::If) => {
                self.advance();
                self.advance();
                Some("else if")
            }
            _ => None,
        }
    }

    /// `"(" expr ")" block` after `keyword` (already consumed).
    fn condition_and_block(&mut self, keyword: &str) -> PResult<((Expr, Vec<Stmt>), Span)> {
        let open = self.expect(
            TokenKind::LParen,
            format_args!("expected '(' after '{keyword}'"),
        )?;
        let cond = self.expr()?;
        self.expect_close(TokenKind::RParen, open)?;
        let (body, span) =
            self.block(format_args!("expected '{{' to start the '{keyword}' body"))?;
        Ok(((cond, body), span))
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let ((cond, body), end) = self.condition_and_block("while")?;
        Ok(Stmt {
            kind: StmtKind::While { cond, body },
            span: start.to(end),
        })
    }

    fn for_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let open = self.expect(TokenKind::LParen, "expected '(' after 'for'")?;
        let (var, var_span) = self.ident("expected a loop variable name")?;
        self.expect(TokenKind::In, "expected 'in' after the loop variable")?;
        let iter = self.expr()?;
        self.expect_close(TokenKind::RParen, open)?;
        let (body, end) = self.block("expected '{' to start the 'for' body")?;
        Ok(Stmt {
            kind: StmtKind::For {
                var,
                var_span,
                iter,
                body,
            },
            span: start.to(end),
        })
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let (body, mut end) = self.block("expected '{' after 'try'")?;
        let mut excepts = Vec::new();
        while self.at(TokenKind::Except) {
            let clause = self.except_clause()?;
            end = clause.span;
            excepts.push(clause);
        }
        let mut finally = None;
        if self.eat(TokenKind::Finally).is_some() {
            let (stmts, span) = self.block("expected '{' after 'finally'")?;
            finally = Some(stmts);
            end = span;
        }
        Ok(Stmt {
            kind: StmtKind::Try {
                body,
                excepts,
                finally,
            },
            span: start.to(end),
        })
    }

    fn except_clause(&mut self) -> PResult<ExceptClause> {
        let start = self.advance().span;
        let mut name = None;
        if let Some(open) = self.eat(TokenKind::LParen) {
            name = Some(self.ident("expected a name for the caught error")?);
            self.expect_close(TokenKind::RParen, open)?;
        }
        let (body, end) = self.block("expected '{' or '(' after 'except'")?;
        Ok(ExceptClause {
            name,
            body,
            span: start.to(end),
        })
    }

    fn return_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let value = match self.peek() {
            TokenKind::Semicolon => None,
            TokenKind::RBrace | TokenKind::Eof => {
                return Err(self.error_expected("expected ';' after 'return'"))
            }
            _ => Some(self.expr()?),
        };
        let end = self.expect_semicolon()?;
        Ok(Stmt {
            kind: StmtKind::Return(value),
            span: start.to(end),
        })
    }

    /// `break;` and `continue;`
    fn jump(&mut self, kind: StmtKind) -> PResult<Stmt> {
        let start = self.advance().span;
        let keyword = self.text(start);
        let end = self.expect(
            TokenKind::Semicolon,
            format_args!("expected ';' after '{keyword}'"),
        )?;
        Ok(Stmt {
            kind,
            span: start.to(end),
        })
    }

    fn throw_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let value = self.expr()?;
        let end = self.expect_semicolon()?;
        Ok(Stmt {
            kind: StmtKind::Throw(value),
            span: start.to(end),
        })
    }

    fn nonlocal(&mut self) -> PResult<Stmt> {
        let start = self.advance().span;
        let mut names = vec![self.ident("expected a variable name after 'nonlocal'")?.0];
        while self.eat(TokenKind::Comma).is_some() {
            names.push(self.ident("expected a variable name after ','")?.0);
        }
        let end = self.expect_semicolon()?;
        Ok(Stmt {
            kind: StmtKind::Nonlocal(names),
            span: start.to(end),
        })
    }

    /// Does `open IDENT {"," IDENT} close "="` follow (spec 2.2)? Only plain
    /// identifiers qualify, so the scan is short and never rescans tokens that
    /// belong to another statement.
    fn destructure_ahead(&self, close: TokenKind) -> bool {
        let mut n = 1;
        loop {
            if self.peek_nth(n) != TokenKind::Ident {
                return false;
            }
            match self.peek_nth(n + 1) {
                TokenKind::Comma => n += 2,
                kind if kind == close => return self.peek_nth(n + 2) == TokenKind::Assign,
                _ => return false,
            }
        }
    }

    /// `[a, b] = value;` or `{a, b} = value;`, already recognised by
    /// [`Parser::destructure_ahead`].
    fn destructure(&mut self) -> PResult<Stmt> {
        let open = self.advance();
        let mut names = Vec::new();
        loop {
            names.push(self.ident("expected a variable name")?);
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        self.advance(); // the closing bracket
        self.advance(); // '='
        let value = self.assigned_value()?;
        let end = self.expect_semicolon()?;
        let kind = match open.kind {
            TokenKind::LBracket => StmtKind::DestructureArray { names, value },
            _ => StmtKind::DestructureObject { names, value },
        };
        Ok(Stmt {
            kind,
            span: open.span.to(end),
        })
    }

    /// An expression statement, or an assignment when `=` follows.
    fn expr_or_assign(&mut self) -> PResult<Stmt> {
        let expr = self.expr()?;
        let start = expr.span;
        if !self.at(TokenKind::Assign) {
            let end = self.expect_semicolon()?;
            return Ok(Stmt {
                kind: StmtKind::Expr(expr),
                span: start.to(end),
            });
        }
        // Checked before the value so errors come out in source order.
        let target = into_target(expr)?;
        self.advance();
        let value = self.assigned_value()?;
        let end = self.expect_semicolon()?;
        Ok(Stmt {
            kind: StmtKind::Assign { target, value },
            span: start.to(end),
        })
    }

    /// The right side of `=`; assignment is a statement, so it cannot chain.
    fn assigned_value(&mut self) -> PResult<Expr> {
        let value = self.expr()?;
        if self.at(TokenKind::Assign) {
            return Err(Diagnostic::syntax(
                "assignments cannot be chained; assign each variable in its own statement",
                self.span(),
            ));
        }
        Ok(value)
    }
}

/// The assignable forms of spec 2.1 `target`.
fn into_target(mut expr: Expr) -> PResult<Target> {
    let span = expr.span;
    // `Expr` has a `Drop` (for long chains), so its kind is taken, not moved.
    match std::mem::replace(&mut expr.kind, ExprKind::Null) {
        ExprKind::Name(name) => Ok(Target::Name(name, span)),
        ExprKind::Index { object, index } => Ok(Target::Index { object, index }),
        ExprKind::Slice {
            object,
            start,
            end,
            step,
        } => Ok(Target::Slice {
            object,
            start,
            end,
            step,
        }),
        ExprKind::Member { object, name } => Ok(Target::Member { object, name }),
        _ => Err(Diagnostic::syntax("cannot assign to this expression", span)),
    }
}
