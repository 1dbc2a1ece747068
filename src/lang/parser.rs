//! The parser: tokens to the syntax tree of [`super::ast`] (spec section 2).
//!
//! Hand-written recursive descent over the token vector from
//! [`super::lexer`]. Statements follow the grammar one function per rule;
//! binary operators use precedence climbing (one loop per chain instead of
//! one function per level), which keeps the Rust stack shallow. Parsing stops
//! at the first error: a script is not run if it does not parse, and the REPL
//! only needs to know whether the input was wrong or merely unfinished
//! ([`Diagnostic::incomplete`], used whenever the error is hitting the end of
//! the input).
//!
//! Depth: every construct that nests (brackets, blocks, unary operators,
//! function bodies) and every link of an operator or postfix chain counts
//! one level, and more than [`MAX_DEPTH`] levels is an error. That bounds
//! both this parser's recursion and the height of the tree, so the compiler
//! walking the tree, and even dropping it, cannot overflow the stack either.
//! Chain links do not recurse here, so their height is measured instead: see
//! [`Parser::start_measure`].

use super::ast::{
    BinOp, CapabilityItem, ExceptClause, Expr, ExprKind, FuncBody, FuncDef, LogicOp, Name, Program,
    Span, Stmt, StmtKind, Target, UnaryOp,
};
use super::diagnostics::Diagnostic;
use super::lexer::{tokenize, Lexed};
use super::token::{Token, TokenKind, TokenValue};
use std::fmt::Display;
use std::rc::Rc;

/// Tree levels allowed below the root of a statement list (see the header).
pub const MAX_DEPTH: u32 = 200;

/// Parses a whole file or REPL input, returning the first error in source
/// order (a lexical error after a syntax error is not the one to show).
pub fn parse(src: &str) -> Result<Program, Diagnostic> {
    if u32::try_from(src.len()).is_err() {
        return Err(Diagnostic::syntax(
            "source text is too large (over 4 GiB)",
            Span::default(),
        ));
    }
    let Lexed { tokens, error } = tokenize(src);
    let parsed = Parser::new(src, tokens).program();
    match (parsed, error) {
        (parsed, None) => parsed,
        (Err(e), Some(lex_error)) if e.span.start < lex_error.span.start => Err(e),
        (_, Some(lex_error)) => Err(lex_error),
    }
}

type PResult<T> = Result<T, Diagnostic>;

/// Which message a depth overflow gets.
#[derive(Clone, Copy)]
enum Nesting {
    Expr,
    Block,
}

impl Nesting {
    fn message(self) -> &'static str {
        match self {
            Nesting::Expr => "expression nested too deeply",
            Nesting::Block => "blocks nested too deeply",
        }
    }
}

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

/// An unfinished height measurement (see [`Parser::start_measure`]).
struct Measure {
    outer_peak: u32,
}

struct Parser<'src> {
    src: &'src str,
    /// Always ends with an `Eof` token, which is never consumed.
    tokens: Vec<Token>,
    pos: usize,
    /// Tree level of the construct being parsed.
    depth: u32,
    /// The deepest level reached since the innermost unfinished
    /// [`Parser::start_measure`].
    peak: u32,
}

// ---------------------------------------------------------------------------
// Token access, errors and depth accounting.

impl<'src> Parser<'src> {
    fn new(src: &'src str, tokens: Vec<Token>) -> Parser<'src> {
        Parser {
            src,
            tokens,
            pos: 0,
            depth: 0,
            peak: 0,
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn peek(&self) -> TokenKind {
        self.token().kind
    }

    fn peek_nth(&self, n: usize) -> TokenKind {
        self.tokens
            .get(self.pos + n)
            .map_or(TokenKind::Eof, |t| t.kind)
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.peek() == kind
    }

    fn span(&self) -> Span {
        self.token().span
    }

    /// Consumes the current token; `Eof` stays put so lookahead never runs off
    /// the end.
    fn advance(&mut self) -> Token {
        let token = self.tokens[self.pos].clone();
        if token.kind != TokenKind::Eof {
            self.pos += 1;
        }
        token
    }

    fn eat(&mut self, kind: TokenKind) -> Option<Span> {
        self.at(kind).then(|| self.advance().span)
    }

    fn expect(&mut self, kind: TokenKind, expected: impl Display) -> PResult<Span> {
        match self.eat(kind) {
            Some(span) => Ok(span),
            None => Err(self.error_expected(expected)),
        }
    }

    /// Expects the bracket closing `open`, naming where it was opened.
    fn expect_close(&mut self, close: TokenKind, open: Span) -> PResult<Span> {
        match self.eat(close) {
            Some(span) => Ok(span),
            None => Err(self.unclosed(close, open, "")),
        }
    }

    /// Like [`Parser::expect_close`] after an item of a comma-separated list,
    /// where a `,` would have been fine too.
    fn expect_list_close(&mut self, close: TokenKind, open: Span) -> PResult<Span> {
        match self.eat(close) {
            Some(span) => Ok(span),
            None => Err(self.unclosed(close, open, "',' or ")),
        }
    }

    // The error builders are `#[cold]`: they run at most once per parse, so
    // the optimiser should keep them out of the recursive hot path.
    #[cold]
    fn unclosed(&self, close: TokenKind, open: Span, alternative: &str) -> Diagnostic {
        let open_text = self.text(open);
        let close_text = close.spelling().unwrap_or("?");
        let line = self.line_of(open);
        let mut error = self.error_expected(format_args!(
            "expected {alternative}'{close_text}' to close '{open_text}' opened at line {line}"
        ));
        if self.at(TokenKind::Assign) {
            error
                .message
                .push_str(" (use '==' to compare; '=' only assigns)");
        }
        error
    }

    /// `"<expected>, found <token>"` at the current token.
    #[cold]
    fn error_expected(&self, expected: impl Display) -> Diagnostic {
        let found = self.token().describe(self.src);
        self.error_here(format!("{expected}, found {found}"))
    }

    /// An error at the current token. Reaching the end of the input means
    /// the construct is unfinished, which a REPL answers by reading more.
    #[cold]
    fn error_here(&self, message: String) -> Diagnostic {
        if self.at(TokenKind::Eof) {
            Diagnostic::incomplete(message, self.span())
        } else {
            Diagnostic::syntax(message, self.span())
        }
    }

    fn text(&self, span: Span) -> &'src str {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// 1-based line of a span; only computed when an error needs it.
    fn line_of(&self, span: Span) -> usize {
        let before = self
            .src
            .as_bytes()
            .get(..span.start as usize)
            .unwrap_or(&[]);
        before.iter().filter(|&&b| b == b'\n').count() + 1
    }

    /// Goes one tree level deeper; pair with [`Parser::leave`]. The check
    /// comes before anything is consumed, so the error points at the token
    /// that opens the level. (Plain calls rather than a closure-taking
    /// wrapper: every frame per level counts against the stack.)
    ///
    /// Errors end the whole parse, so a `?` that returns before the matching
    /// `leave` does no harm.
    fn enter(&mut self, what: Nesting) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            return Err(Diagnostic::syntax(what.message(), self.span()));
        }
        self.depth += 1;
        self.peak = self.peak.max(self.depth);
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Starts measuring how many levels below the current one the next
    /// construct reaches; [`Parser::end_measure`] gives the answer. A chain
    /// loop needs this for its first operand: wrapping `left` in a new node
    /// pushes everything inside `left` one level down, which no recursion
    /// would notice.
    fn start_measure(&mut self) -> Measure {
        Measure {
            outer_peak: std::mem::replace(&mut self.peak, self.depth),
        }
    }

    fn end_measure(&mut self, measure: Measure) -> u32 {
        let height = self.peak.saturating_sub(self.depth);
        self.peak = self.peak.max(measure.outer_peak);
        height
    }

    /// Accounts for wrapping a subtree of `height` levels in one more node.
    fn grow(&mut self, height: &mut u32, at: Span) -> PResult<()> {
        *height += 1;
        let reached = self.depth + *height;
        self.peak = self.peak.max(reached);
        if reached > MAX_DEPTH {
            return Err(Diagnostic::syntax(Nesting::Expr.message(), at));
        }
        Ok(())
    }

    /// An identifier (never a keyword).
    fn ident(&mut self, expected: impl Display) -> PResult<(Name, Span)> {
        if !self.at(TokenKind::Ident) {
            return Err(self.error_expected(expected));
        }
        let span = self.advance().span;
        Ok((self.text(span).into(), span))
    }

    /// A property name: an identifier or any keyword (`obj.if`, `{in: 1}`).
    fn property_name(&mut self, expected: impl Display) -> PResult<(Name, Span)> {
        if !(self.at(TokenKind::Ident) || self.peek().is_keyword()) {
            return Err(self.error_expected(expected));
        }
        let span = self.advance().span;
        Ok((self.text(span).into(), span))
    }

    fn expect_semicolon(&mut self) -> PResult<Span> {
        self.expect(TokenKind::Semicolon, "expected ';' after the statement")
    }
}

// ---------------------------------------------------------------------------
// Programs and statements.

impl<'src> Parser<'src> {
    fn program(mut self) -> PResult<Program> {
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
    fn block(&mut self, missing: impl Display) -> PResult<(Vec<Stmt>, Span)> {
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
        match &self.token().value {
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

    /// Parameters and block body of `function [name]`, which both the
    /// declaration and the expression share.
    fn function_rest(
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

fn make_binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span = left.span.to(right.span);
    let (left, right) = (Box::new(left), Box::new(right));
    let kind = match op {
        BinaryOp::Arith(op) => ExprKind::Binary(op, left, right),
        BinaryOp::Logic(op) => ExprKind::Logic(op, left, right),
    };
    Expr { kind, span }
}

/// The assignable forms of spec 2.1 `target`.
fn into_target(expr: Expr) -> PResult<Target> {
    match expr.kind {
        ExprKind::Name(name) => Ok(Target::Name(name, expr.span)),
        ExprKind::Index { object, index } => Ok(Target::Index {
            object: *object,
            index: *index,
        }),
        ExprKind::Slice {
            object,
            start,
            end,
            step,
        } => Ok(Target::Slice {
            object: *object,
            start: start.map(|e| *e),
            end: end.map(|e| *e),
            step: step.map(|e| *e),
        }),
        ExprKind::Member { object, name } => Ok(Target::Member {
            object: *object,
            name,
        }),
        _ => Err(Diagnostic::syntax(
            "cannot assign to this expression",
            expr.span,
        )),
    }
}

// ---------------------------------------------------------------------------
// Expressions.

impl Parser<'_> {
    /// `expr = or_expr [ "?" expr ":" expr ]`: the ternary level, right-
    /// associative through the recursive branches.
    fn expr(&mut self) -> PResult<Expr> {
        let measure = self.start_measure();
        let cond = self.binary(LOWEST_PRECEDENCE)?;
        let mut height = self.end_measure(measure);
        let Some(question) = self.eat(TokenKind::Question) else {
            return Ok(cond);
        };
        self.grow(&mut height, question)?;
        self.enter(Nesting::Expr)?;
        let then = self.expr()?;
        self.expect(
            TokenKind::Colon,
            "expected ':' after the first branch of '?'",
        )?;
        let otherwise = self.expr()?;
        self.leave();
        Ok(Expr {
            span: cond.span.to(otherwise.span),
            kind: ExprKind::Ternary {
                cond: Box::new(cond),
                then: Box::new(then),
                otherwise: Box::new(otherwise),
            },
        })
    }

    /// Precedence climbing over the left-associative levels 3-8.
    fn binary(&mut self, min_precedence: u8) -> PResult<Expr> {
        let measure = self.start_measure();
        let mut left = self.unary()?;
        let mut height = self.end_measure(measure);
        while let Some((op, precedence)) = binary_op(self.peek()) {
            if precedence < min_precedence {
                break;
            }
            let op_span = self.advance().span;
            self.reject_foreign_operator(op_span)?;
            let measure = self.start_measure();
            let right = self.binary(precedence + 1)?;
            height = height.max(self.end_measure(measure));
            self.grow(&mut height, op_span)?;
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

    fn unary(&mut self) -> PResult<Expr> {
        let op = match self.peek() {
            TokenKind::Bang => UnaryOp::Not,
            TokenKind::Minus => UnaryOp::Neg,
            _ => return self.postfix(),
        };
        self.enter(Nesting::Expr)?;
        let start = self.advance().span;
        let operand = self.unary()?;
        self.leave();
        Ok(Expr {
            span: start.to(operand.span),
            kind: ExprKind::Unary(op, Box::new(operand)),
        })
    }

    /// A primary followed by any chain of calls, indexes and member accesses.
    fn postfix(&mut self) -> PResult<Expr> {
        let measure = self.start_measure();
        let mut expr = self.primary()?;
        let mut height = self.end_measure(measure);
        loop {
            let (kind, at) = (self.peek(), self.span());
            if !matches!(
                kind,
                TokenKind::LParen | TokenKind::LBracket | TokenKind::Dot
            ) {
                return Ok(expr);
            }
            // Arguments and indexes hang below the new node as well as the
            // chain so far, so the node is one above the taller of the two.
            let measure = self.start_measure();
            expr = match kind {
                TokenKind::LParen => self.call(expr)?,
                TokenKind::LBracket => self.index(expr)?,
                _ => self.member(expr)?,
            };
            height = height.max(self.end_measure(measure));
            self.grow(&mut height, at)?;
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
            TokenKind::Ident => ExprKind::Name(self.text(self.span()).into()),
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
        let kind = match token.value {
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
            TokenKind::Str => match self.advance().value {
                TokenValue::Str(s) => Ok(s),
                _ => Ok("".into()),
            },
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
}

#[cfg(test)]
mod tests {
    use super::*;

    // -- A compact S-expression view of the tree, so shape tests read as data.

    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Int(n) => n.to_string(),
            ExprKind::Float(x) => format!("{x:?}"),
            ExprKind::Str(s) => format!("{s:?}"),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Null => "null".to_string(),
            ExprKind::Name(n) => n.to_string(),
            ExprKind::Array(items) => format!("[{}]", show_all(items, ", ")),
            ExprKind::Object(props) => {
                let props: Vec<_> = props
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", show(v)))
                    .collect();
                format!("{{{}}}", props.join(", "))
            }
            ExprKind::Function(def) => show_function("fn", def),
            ExprKind::Unary(op, e) => {
                let op = if *op == UnaryOp::Neg { "-" } else { "!" };
                format!("({op} {})", show(e))
            }
            ExprKind::Binary(op, l, r) => format!("({} {} {})", binop_text(*op), show(l), show(r)),
            ExprKind::Logic(op, l, r) => {
                let op = if *op == LogicOp::And { "&&" } else { "||" };
                format!("({op} {} {})", show(l), show(r))
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => format!("(? {} {} {})", show(cond), show(then), show(otherwise)),
            ExprKind::Call { callee, args } if args.is_empty() => {
                format!("(call {})", show(callee))
            }
            ExprKind::Call { callee, args } => {
                format!("(call {} {})", show(callee), show_all(args, " "))
            }
            ExprKind::Index { object, index } => {
                format!("(index {} {})", show(object), show(index))
            }
            ExprKind::Slice {
                object,
                start,
                end,
                step,
            } => show_slice(object, start.as_deref(), end.as_deref(), step.as_deref()),
            ExprKind::Member { object, name } => format!("(. {} {name})", show(object)),
        }
    }

    fn binop_text(op: BinOp) -> &'static str {
        match op {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::Le => "<=",
            BinOp::Ge => ">=",
        }
    }

    fn show_slice(
        object: &Expr,
        start: Option<&Expr>,
        end: Option<&Expr>,
        step: Option<&Expr>,
    ) -> String {
        let part = |e: Option<&Expr>| e.map_or("_".to_string(), show);
        format!(
            "(slice {} {} {} {})",
            show(object),
            part(start),
            part(end),
            part(step)
        )
    }

    fn show_all(items: &[Expr], sep: &str) -> String {
        items.iter().map(show).collect::<Vec<_>>().join(sep)
    }

    fn show_function(keyword: &str, def: &FuncDef) -> String {
        let name = def
            .name
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let params: Vec<_> = def.params.iter().map(|(n, _)| n.to_string()).collect();
        let body = match &def.body {
            FuncBody::Block(stmts) => show_block(stmts),
            FuncBody::Expr(e) => show(e),
        };
        format!("({keyword}{name} ({}) {body})", params.join(" "))
    }

    fn show_block(stmts: &[Stmt]) -> String {
        format!(
            "{{{}}}",
            stmts.iter().map(show_stmt).collect::<Vec<_>>().join(" ")
        )
    }

    fn show_target(t: &Target) -> String {
        match t {
            Target::Name(n, _) => n.to_string(),
            Target::Index { object, index } => format!("(index {} {})", show(object), show(index)),
            Target::Slice {
                object,
                start,
                end,
                step,
            } => show_slice(object, start.as_ref(), end.as_ref(), step.as_ref()),
            Target::Member { object, name } => format!("(. {} {name})", show(object)),
        }
    }

    fn names(names: &[(Name, Span)]) -> String {
        names
            .iter()
            .map(|(n, _)| n.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn show_stmt(s: &Stmt) -> String {
        match &s.kind {
            StmtKind::Import { path, alias } => {
                let alias = alias
                    .as_deref()
                    .map(|a| format!(" as {a}"))
                    .unwrap_or_default();
                format!("(import {}{alias})", path.join("."))
            }
            StmtKind::Capability { name, items } => {
                let items: Vec<_> = items
                    .iter()
                    .map(|i| {
                        format!(
                            " {}{}",
                            i.kind,
                            i.value
                                .as_ref()
                                .map(|v| format!(" {v:?}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect();
                format!("(capability {name}{})", items.concat())
            }
            StmtKind::FuncDecl(def) => show_function("function", def),
            StmtKind::If {
                branches,
                else_body,
            } => {
                let branches: Vec<_> = branches
                    .iter()
                    .map(|(c, b)| format!("{} {}", show(c), show_block(b)))
                    .collect();
                let else_body = else_body
                    .as_ref()
                    .map(|b| format!(" else {}", show_block(b)))
                    .unwrap_or_default();
                format!("(if {}{else_body})", branches.join(" elif "))
            }
            StmtKind::While { cond, body } => {
                format!("(while {} {})", show(cond), show_block(body))
            }
            StmtKind::For {
                var, iter, body, ..
            } => format!("(for {var} {} {})", show(iter), show_block(body)),
            StmtKind::Try {
                body,
                excepts,
                finally,
            } => {
                let mut out = format!("(try {}", show_block(body));
                for clause in excepts {
                    let name = clause
                        .name
                        .as_ref()
                        .map(|(n, _)| format!(" {n}"))
                        .unwrap_or_default();
                    out += &format!(" except{name} {}", show_block(&clause.body));
                }
                if let Some(f) = finally {
                    out += &format!(" finally {}", show_block(f));
                }
                out + ")"
            }
            StmtKind::Return(None) => "(return)".to_string(),
            StmtKind::Return(Some(e)) => format!("(return {})", show(e)),
            StmtKind::Break => "(break)".to_string(),
            StmtKind::Continue => "(continue)".to_string(),
            StmtKind::Throw(e) => format!("(throw {})", show(e)),
            StmtKind::Nonlocal(ns) => format!("(nonlocal {})", ns.join(" ")),
            StmtKind::DestructureArray { names: ns, value } => {
                format!("([{}] = {})", names(ns), show(value))
            }
            StmtKind::DestructureObject { names: ns, value } => {
                format!("({{{}}} = {})", names(ns), show(value))
            }
            StmtKind::Assign { target, value } => {
                format!("(= {} {})", show_target(target), show(value))
            }
            StmtKind::Expr(e) => show(e),
            StmtKind::Empty => ";".to_string(),
        }
    }

    fn parse_ok(src: &str) -> Program {
        match parse(src) {
            Ok(program) => program,
            Err(e) => panic!("{src:?} failed to parse: {} at {:?}", e.message, e.span),
        }
    }

    /// The shape of every statement of `src`.
    fn shape(src: &str) -> String {
        parse_ok(src)
            .items
            .iter()
            .map(show_stmt)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The shape of one expression.
    fn expr(src: &str) -> String {
        shape(&format!("{src};"))
    }

    fn parse_err(src: &str) -> Diagnostic {
        match parse(src) {
            Ok(p) => panic!(
                "{src:?} parsed but should not: {:?}",
                p.items.iter().map(show_stmt).collect::<Vec<_>>()
            ),
            Err(e) => e,
        }
    }

    /// Error message plus the source text its span starts at (up to 8 chars),
    /// which is easier to check than offsets.
    fn error_at(src: &str) -> (String, String, bool) {
        let e = parse_err(src);
        let at: String = src[e.span.start as usize..].chars().take(8).collect();
        (e.message, at, e.incomplete)
    }

    fn first_expr(src: &str) -> Expr {
        match parse_ok(src).items.into_iter().next().map(|s| s.kind) {
            Some(StmtKind::Expr(e)) => e,
            other => panic!("not an expression statement: {other:?}"),
        }
    }

    // -- Shapes.

    #[test]
    fn precedence_follows_the_table() {
        assert_eq!(expr("1 + 2 * 3"), "(+ 1 (* 2 3))");
        assert_eq!(expr("1 * 2 + 3"), "(+ (* 1 2) 3)");
        assert_eq!(expr("a - b - c"), "(- (- a b) c)");
        assert_eq!(expr("a / b // c % d"), "(% (// (/ a b) c) d)");
        assert_eq!(expr("a || b && c"), "(|| a (&& b c))");
        assert_eq!(expr("a && b || c && d"), "(|| (&& a b) (&& c d))");
        assert_eq!(expr("a == b < c + d"), "(== a (< b (+ c d)))");
        assert_eq!(expr("a < b < c"), "(< (< a b) c)");
        assert_eq!(expr("a != b == c"), "(== (!= a b) c)");
        assert_eq!(expr("a <= b >= c > d"), "(> (>= (<= a b) c) d)");
        assert_eq!(expr("(1 + 2) * 3"), "(* (+ 1 2) 3)");
    }

    #[test]
    fn unary_binds_tighter_than_binary_and_looser_than_postfix() {
        assert_eq!(expr("-a.b"), "(- (. a b))");
        assert_eq!(expr("!a == b"), "(== (! a) b)");
        assert_eq!(expr("- -x"), "(- (- x))");
        assert_eq!(expr("!f(x)[0]"), "(! (index (call f x) 0))");
        assert_eq!(expr("-2 * 3"), "(* (- 2) 3)");
        assert_eq!(expr("a - -b"), "(- a (- b))");
    }

    #[test]
    fn ternary_is_right_associative_with_an_or_condition() {
        assert_eq!(expr("a ? b : c ? d : e"), "(? a b (? c d e))");
        assert_eq!(expr("a ? b ? c : d : e"), "(? a (? b c d) e)");
        assert_eq!(expr("a || b ? c + 1 : d"), "(? (|| a b) (+ c 1) d)");
        assert_eq!(expr("1 + (c ? 2 : 3)"), "(+ 1 (? c 2 3))");
        assert_eq!(expr("x = c ? 1 : 2"), "(= x (? c 1 2))");
    }

    #[test]
    fn postfix_chains_apply_to_any_expression() {
        assert_eq!(expr("f(1)(2)"), "(call (call f 1) 2)");
        assert_eq!(expr("arr[0](5)"), "(call (index arr 0) 5)");
        assert_eq!(expr("(fn(x) => x)(1)"), "(call (fn (x) x) 1)");
        assert_eq!(expr("a.b.c(1, 2).d"), "(. (call (. (. a b) c) 1 2) d)");
        assert_eq!(expr("f()"), "(call f)");
        assert_eq!(expr("'abc'.upper()"), "(call (. \"abc\" upper))");
    }

    #[test]
    fn keywords_are_names_after_dot_and_as_keys() {
        assert_eq!(expr("o.if.return"), "(. (. o if) return)");
        assert_eq!(
            expr("{if: 1, in: 2, 'a b': 3, resource: 4}"),
            "{if: 1, in: 2, a b: 3, resource: 4}"
        );
    }

    #[test]
    fn literals() {
        assert_eq!(
            expr("[1, 2.5, 'x', true, false, null, undefined]"),
            "[1, 2.5, \"x\", true, false, null, null]"
        );
        assert_eq!(expr("[]"), "[]");
        assert_eq!(expr("{}"), "{}");
        assert_eq!(expr("[1, 2,]"), "[1, 2]");
        assert_eq!(expr("{a: 1, b: [2],}"), "{a: 1, b: [2]}");
        assert_eq!(expr("{a: {b: {}}}"), "{a: {b: {}}}");
    }

    #[test]
    fn slices_have_optional_parts() {
        assert_eq!(expr("a[1]"), "(index a 1)");
        assert_eq!(expr("a[1:2]"), "(slice a 1 2 _)");
        assert_eq!(expr("a[:]"), "(slice a _ _ _)");
        assert_eq!(expr("a[::]"), "(slice a _ _ _)");
        assert_eq!(expr("a[1:]"), "(slice a 1 _ _)");
        assert_eq!(expr("a[:-1]"), "(slice a _ (- 1) _)");
        assert_eq!(expr("a[::2]"), "(slice a _ _ 2)");
        assert_eq!(expr("a[1:2:3]"), "(slice a 1 2 3)");
        assert_eq!(expr("a[:n:-1]"), "(slice a _ n (- 1))");
    }

    #[test]
    fn arrow_body_brace_rule() {
        assert_eq!(expr("fn() => {}"), "(fn () {})");
        assert_eq!(expr("fn(p) => {x: p}"), "(fn (p) {x: p})");
        assert_eq!(expr("fn(p) => {'x': p}"), "(fn (p) {x: p})");
        assert_eq!(expr("fn(p) => {if: p}"), "(fn (p) {if: p})");
        assert_eq!(
            expr("fn(x) => { return x * 2; }"),
            "(fn (x) {(return (* x 2))})"
        );
        assert_eq!(expr("fn(x) => { x; }"), "(fn (x) {x})");
        assert_eq!(expr("fn() => { }"), "(fn () {})");
    }

    #[test]
    fn arrow_body_extends_as_far_right_as_possible() {
        assert_eq!(expr("fn(x) => x + 1"), "(fn (x) (+ x 1))");
        assert_eq!(expr("fn(x) => x ? 1 : 2"), "(fn (x) (? x 1 2))");
        assert_eq!(expr("fn(x) => fn(y) => x + y"), "(fn (x) (fn (y) (+ x y)))");
        assert_eq!(
            expr("map(fn(x) => x * 2, xs)"),
            "(call map (fn (x) (* x 2)) xs)"
        );
        assert_eq!(expr("c ? fn() => 1 : 2"), "(? c (fn () 1) 2)");
        assert_eq!(expr("1 + fn() => 2 + 3"), "(+ 1 (fn () (+ 2 3)))");
    }

    #[test]
    fn function_declarations_and_expressions() {
        assert_eq!(
            shape("function f(a, b) { return a + b; }"),
            "(function f (a b) {(return (+ a b))})"
        );
        assert_eq!(shape("function(a) { return a; };"), "(fn (a) {(return a)})");
        assert_eq!(shape("function (a) {}(1);"), "(call (fn (a) {}) 1)");
        assert_eq!(
            expr("g = function fact(n) { return fact(n - 1); }"),
            "(= g (fn fact (n) {(return (call fact (- n 1)))}))"
        );
        assert_eq!(
            expr("reduce(xs, function(acc, x) { t = acc + x; return t; }, 0)"),
            "(call reduce xs (fn (acc x) {(= t (+ acc x)) (return t)}) 0)"
        );
        // Annotations are parsed and ignored.
        assert_eq!(
            shape("function f(x: number, y: any) {}"),
            "(function f (x y) {})"
        );
        assert_eq!(expr("fn(x: int) => x"), "(fn (x) x)");
    }

    #[test]
    fn if_chains_accept_elif_and_else_if() {
        assert_eq!(shape("if (a) { x; }"), "(if a {x})");
        assert_eq!(
            shape("if (a) { x; } elif (b) { y; } else if (c) { z; } else { w; }"),
            "(if a {x} elif b {y} elif c {z} else {w})"
        );
        assert_eq!(
            shape("if (a) {} else { if (b) {} }"),
            "(if a {} else {(if b {})})"
        );
    }

    #[test]
    fn loops_try_and_simple_statements() {
        assert_eq!(
            shape("while (i < 3) { i = i + 1; }"),
            "(while (< i 3) {(= i (+ i 1))})"
        );
        assert_eq!(
            shape("for (x in range(3)) { break; continue; }"),
            "(for x (call range 3) {(break) (continue)})"
        );
        assert_eq!(shape("try { a; }"), "(try {a})");
        assert_eq!(
            shape("try { a; } except (e) { b; } except { c; } finally { d; }"),
            "(try {a} except e {b} except {c} finally {d})"
        );
        assert_eq!(shape("try {} finally {}"), "(try {} finally {})");
        assert_eq!(
            shape("function f() { return; return 1; nonlocal a, b; }"),
            "(function f () {(return) (return 1) (nonlocal a b)})"
        );
        assert_eq!(
            shape("throw {message: 'x'}; throw 'text'; throw e;"),
            "(throw {message: \"x\"}) (throw \"text\") (throw e)"
        );
        assert_eq!(shape(";;x;"), "; ; x");
    }

    #[test]
    fn destructuring_versus_literals() {
        assert_eq!(shape("[a, b] = [b, a];"), "([a b] = [b, a])");
        assert_eq!(shape("{x, y} = obj;"), "({x y} = obj)");
        assert_eq!(shape("[a] = f();"), "([a] = (call f))");
        assert_eq!(shape("{a: 1};"), "{a: 1}");
        assert_eq!(shape("{};"), "{}");
        assert_eq!(shape("[a, b];"), "[a, b]");
        assert_eq!(shape("[a, b] == c;"), "(== [a, b] c)");
        assert_eq!(shape("[a][0] = 1;"), "(= (index [a] 0) 1)");
    }

    #[test]
    fn assignment_targets() {
        assert_eq!(shape("x = 1;"), "(= x 1)");
        assert_eq!(shape("a.b.c = 1;"), "(= (. (. a b) c) 1)");
        assert_eq!(shape("a[i][j] = 1;"), "(= (index (index a i) j) 1)");
        assert_eq!(shape("f().x = 1;"), "(= (. (call f) x) 1)");
        assert_eq!(shape("a[1:3] = [7, 8];"), "(= (slice a 1 3 _) [7, 8])");
        assert_eq!(shape("a[::2] = b;"), "(= (slice a _ _ 2) b)");
        assert_eq!(shape("o.if = 1;"), "(= (. o if) 1)");
    }

    #[test]
    fn imports_and_capabilities_at_top_level() {
        assert_eq!(shape("import math;"), "(import math)");
        assert_eq!(shape("import a.b.c as x;"), "(import a.b.c as x)");
        assert_eq!(
            shape("capability FileAccess { resource \"data/*\"; allow read \"*.json\"; allow write; }"),
            "(capability FileAccess resource \"data/*\" read \"*.json\" write)"
        );
        assert_eq!(
            shape("x = 1; import m; y = 2;"),
            "(= x 1) (import m) (= y 2)"
        );
        // The capability words are ordinary names elsewhere.
        assert_eq!(
            shape("read = allow + resource;"),
            "(= read (+ allow resource))"
        );
    }

    #[test]
    fn floor_division_and_comments_in_context() {
        assert_eq!(shape("x = a // b;"), "(= x (// a b))");
        assert_eq!(shape("x = 1; // c\ny = 2;"), "(= x 1) (= y 2)");
        assert_eq!(shape("if (a) { b; } // note\n"), "(if a {b})");
        assert_eq!(shape("x = [1, 2 // two\n];"), "(= x [1, (// 2 two)])");
        assert_eq!(shape("p = '(\\\\d{2})';"), "(= p \"(\\\\d{2})\")");
    }

    // -- Spans.

    #[test]
    fn spans_cover_their_constructs() {
        let src = "(a + b) * f(x)[0].y;";
        let e = first_expr(src);
        assert_eq!(e.span, Span::new(0, 19));
        let ExprKind::Binary(_, left, right) = &e.kind else {
            panic!()
        };
        assert_eq!(left.span, Span::new(0, 7));
        assert_eq!(right.span, Span::new(10, 19));
        let ExprKind::Member { object, .. } = &right.kind else {
            panic!()
        };
        assert_eq!(object.span, Span::new(10, 17));
        let ExprKind::Index { object, .. } = &object.kind else {
            panic!()
        };
        assert_eq!(object.span, Span::new(10, 14));

        let program = parse_ok("  x = -1;\nif (c) { y; } else { z; }");
        assert_eq!(program.items[0].span, Span::new(2, 9));
        assert_eq!(program.items[1].span, Span::new(10, 35));
        assert_eq!(first_expr("c ? 1 : 2;").span, Span::new(0, 9));
        assert_eq!(first_expr("fn(x) => x + 1;").span, Span::new(0, 14));
        assert_eq!(first_expr("-x;").span, Span::new(0, 2));
        assert_eq!(first_expr("a[1:2];").span, Span::new(0, 6));
    }

    #[test]
    fn statement_spans_include_the_semicolon_and_blocks() {
        let program = parse_ok("function f() { return 1; }\nwhile (x) {}\nreturn;");
        let spans: Vec<_> = program
            .items
            .iter()
            .map(|s| (s.span.start, s.span.end))
            .collect();
        assert_eq!(spans, [(0, 26), (27, 39), (40, 47)]);
    }

    // -- Errors.

    #[test]
    fn error_messages_say_what_was_expected() {
        let cases = [
            ("x = 1\ny = 2;", "expected ';' after the statement, found name 'y'", "y = 2;"),
            ("x = );", "expected an expression, found ')'", ");"),
            ("f(1, );", "expected an argument after ','; trailing commas are not allowed in calls", ");"),
            ("function f(a,) {}", "expected a parameter name after ','; trailing commas are not allowed in parameter lists", ") {}"),
            ("x = (1 + 2;", "expected ')' to close '(' opened at line 1, found ';'", ";"),
            ("x = [1, 2;", "expected ',' or ']' to close '[' opened at line 1, found ';'", ";"),
            ("x = {a: 1 b: 2};", "expected ',' or '}' to close '{' opened at line 1, found name 'b'", "b: 2};"),
            ("print('a' 'b');", "expected ',' or ')' to close '(' opened at line 1, found a string", "'b');"),
            ("function f(a b) {}", "expected ',' or ')' to close '(' opened at line 1, found name 'b'", "b) {}"),
            ("x = 1; }", "unmatched '}'", "}"),
            (")", "unmatched ')'", ")"),
            ("x = {a 1};", "expected ':' after the property name, found number 1", "1};"),
            ("x = {1: 2};", "number keys are not allowed in object literals; write the key as a string", "1: 2};"),
            ("if x {}", "expected '(' after 'if', found name 'x'", "x {}"),
            ("if (x) y;", "expected '{' to start the 'if' body, found name 'y'", "y;"),
            ("for (in in x) {}", "expected a loop variable name, found keyword 'in'", "in in x)"),
            ("for (i of x) {}", "expected 'in' after the loop variable, found name 'of'", "of x) {}"),
            ("fn x => x;", "expected '(' after 'fn', found name 'x'", "x => x;"),
            ("f = fn(x) x;", "expected '=>' after the parameters of 'fn', found name 'x'", "x;"),
            ("o.5;", "expected ';' after the statement, found number .5", ".5;"),
            ("o.(x);", "expected a property name after '.', found '('", "(x);"),
            ("else { }", "'else' without a matching 'if'", "else { }"),
            ("except (e) {}", "'except' without a matching 'try'", "except ("),
            ("if (a) {} else x;", "expected '{' or 'if' after 'else', found name 'x'", "x;"),
            ("x = in;", "expected an expression, found keyword 'in'", "in;"),
            ("import ;", "expected a module name after 'import', found ';'", ";"),
            ("capability C { deny read; }", "expected 'resource' or 'allow' in the capability declaration, found name 'deny'", "deny rea"),
            ("capability C { allow fly; }", "expected a permission after 'allow' (read, write, execute, network or system), found name 'fly'", "fly; }"),
            ("if (a = 1) {}", "expected ')' to close '(' opened at line 1, found '=' (use '==' to compare; '=' only assigns)", "= 1) {}"),
            ("x = a[];", "expected an expression, found ']'", "];"),
            ("return }", "expected ';' after 'return', found '}'", "}"),
            ("break", "expected ';' after 'break', found end of input", ""),
        ];
        for (src, message, at) in cases {
            let (got_message, got_at, _) = error_at(src);
            assert_eq!(got_message, message, "message for {src:?}");
            assert_eq!(got_at, at, "position for {src:?}");
        }
    }

    #[test]
    fn rendered_errors_point_at_the_offending_token() {
        use crate::lang::diagnostics::SourceFile;
        let src = "x = 1;\ny = (1 + 2;\n";
        let file = SourceFile::new("t.ml", src);
        assert_eq!(
            parse_err(src).render(&file),
            "t.ml:2:11: SyntaxError: expected ')' to close '(' opened at line 2, found ';'\n    \
             y = (1 + 2;\n              ^"
        );
    }

    #[test]
    fn unclosed_brackets_name_the_opening_line() {
        let (message, at, incomplete) = error_at("x = 1;\ny = f(\n\n  a, b");
        assert_eq!(
            message,
            "expected ',' or ')' to close '(' opened at line 2, found end of input"
        );
        assert_eq!(at, "");
        assert!(incomplete);
        let (message, _, _) = error_at("while (x) {\n  y;\n");
        assert_eq!(
            message,
            "expected '}' to close '{' opened at line 1, found end of input"
        );
    }

    #[test]
    fn assignment_errors() {
        assert_eq!(
            error_at("a = b = 1;"),
            (
                "assignments cannot be chained; assign each variable in its own statement".into(),
                "= 1;".into(),
                false
            )
        );
        assert_eq!(
            error_at("1 = 2;"),
            (
                "cannot assign to this expression".into(),
                "1 = 2;".into(),
                false
            )
        );
        assert_eq!(
            error_at("f(x) = 2;"),
            (
                "cannot assign to this expression".into(),
                "f(x) = 2".into(),
                false
            )
        );
        assert_eq!(error_at("a + b = 2;").0, "cannot assign to this expression");
        assert_eq!(
            error_at("[a, b] = c = d;").0,
            "assignments cannot be chained; assign each variable in its own statement"
        );
        assert_eq!(
            error_at("[a.b, c] = d;").0,
            "cannot assign to this expression"
        );
        assert_eq!(
            error_at("{x = 1;}").0,
            "expected ':' after the property name, found '='"
        );
    }

    #[test]
    fn operators_from_other_languages_get_a_hint() {
        assert_eq!(
            error_at("x += 1;").0,
            "compound assignment '+=' is not supported; write 'x = x + y'"
        );
        assert_eq!(
            error_at("x //= 2;").0,
            "compound assignment '//=' is not supported; write 'x = x // y'"
        );
        assert_eq!(
            error_at("x++;").0,
            "'++' is not supported; write 'x = x + 1'"
        );
        assert_eq!(
            error_at("a ** 2;").0,
            "'**' is not an operator; use math.pow(x, y)"
        );
        assert_eq!(
            error_at("a === b;"),
            (
                "'===' is not an operator; use '=='".into(),
                "=== b;".into(),
                false
            )
        );
        assert_eq!(error_at("a !== b;").0, "'!==' is not an operator; use '!='");
        // Separated by spaces these are ordinary token sequences.
        assert_eq!(error_at("a + + b;").0, "expected an expression, found '+'");
        assert_eq!(expr("a--b"), "(- a (- b))");
    }

    #[test]
    fn import_and_capability_only_at_top_level() {
        assert_eq!(
            error_at("if (a) { import m; }"),
            (
                "'import' is only allowed at the top level of a file".into(),
                "import m".into(),
                false
            )
        );
        assert_eq!(
            error_at("function f() { capability C {} }").0,
            "'capability' is only allowed at the top level of a file"
        );
    }

    #[test]
    fn unsupported_constructs_are_errors() {
        for src in [
            "x = 1 |> f;",
            "match x {}",
            "async function f() {}",
            "x = [...a];",
            "/* c */ x;",
            "x = `t`;",
            "{ x; }",
            "a = (b = 1);",
        ] {
            parse_err(src);
        }
    }

    #[test]
    fn end_of_input_errors_are_incomplete() {
        for src in [
            "if (x) {",
            "f(1, 2",
            "x = ",
            "x = 1",
            "x = 'abc",
            "x = \"line one\n",
            "function f(a",
            "[1, 2",
            "x = {a: 1,",
            "try { a; } except (",
            "y = fn(x) =>",
            "a ? b",
            "import a.",
            "while (true) { if (x) { y = [",
        ] {
            let e = parse_err(src);
            assert!(e.incomplete, "{src:?} should be incomplete: {}", e.message);
        }
    }

    #[test]
    fn other_errors_are_not_incomplete() {
        for src in [
            "x = );",
            "1 = 2;",
            "a = b = 1;",
            "x = 1 @",
            "x = (1;",
            "}",
            "x = 1.5.5;",
            "/*",
        ] {
            let e = parse_err(src);
            assert!(
                !e.incomplete,
                "{src:?} should be a plain syntax error: {}",
                e.message
            );
        }
    }

    #[test]
    fn the_earliest_error_wins_between_lexer_and_parser() {
        // The parser error at ')' comes before the bad character.
        assert_eq!(
            error_at("x = ); y = @;").0,
            "expected an expression, found ')'"
        );
        // The bad character comes first.
        assert_eq!(error_at("y = @; x = );").0, "unexpected character '@'");
        // A program that parses up to an unterminated string reports the string.
        assert_eq!(error_at("x = 1; y = 'abc").0, "unterminated string literal");
        assert_eq!(
            error_at("x = 1 'abc';").0,
            "expected ';' after the statement, found a string"
        );
    }

    // -- Depth limits. These run on the default 2 MiB test thread stack on
    // purpose: the limits must hold there.

    fn assert_too_deep(src: &str, message: &str) {
        let e = parse_err(src);
        assert_eq!(e.message, message);
        assert!(!e.incomplete);
    }

    #[test]
    fn deep_brackets_are_an_error_not_a_stack_overflow() {
        let n = 100_000;
        assert_too_deep(&"(".repeat(n), "expression nested too deeply");
        assert_too_deep(&"[".repeat(n), "expression nested too deeply");
        assert_too_deep(
            &format!("x = {};", "-".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = {};", "!".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = {}", "{a:".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = {}", "f(".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = {}", "a[".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = {}", "fn() => ".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = {}", "a ? b : ".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(&"if (a) {".repeat(n), "blocks nested too deeply");
        assert_too_deep(&"while (a) {".repeat(n), "blocks nested too deeply");
        assert_too_deep(&"function() {".repeat(n), "expression nested too deeply");
        assert_too_deep(&"x = fn() => {".repeat(n), "expression nested too deeply");
        assert_too_deep(&"function f() {".repeat(n), "blocks nested too deeply");
        assert_too_deep(&"try {".repeat(n), "blocks nested too deeply");
    }

    #[test]
    fn long_chains_are_limited_too() {
        // Chains do not recurse in the parser, but they build a deep tree.
        let n = 100_000;
        assert_too_deep(
            &format!("x = 1{};", " + 1".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = a{};", ".b".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = f{};", "()".repeat(n)),
            "expression nested too deeply",
        );
        assert_too_deep(
            &format!("x = a{};", " || b".repeat(n)),
            "expression nested too deeply",
        );
        // Nested chains add up: 20 levels of 20-term sums is 400 levels deep.
        let mut nested = "a".to_string();
        for _ in 0..20 {
            nested = format!("({nested}{})", " + a".repeat(20));
        }
        assert_too_deep(&format!("x = {nested};"), "expression nested too deeply");
    }

    #[test]
    fn reasonable_nesting_is_fine() {
        let n = 150;
        parse_ok(&format!("x = {}1{};", "(".repeat(n), ")".repeat(n)));
        parse_ok(&format!("x = {}1{};", "[".repeat(n), "]".repeat(n)));
        parse_ok(&format!("{}x;{}", "if (a) {".repeat(n), "}".repeat(n)));
        parse_ok(&format!("x = 1{};", " + 1".repeat(n)));
        parse_ok(&format!("x = a{};", ".b".repeat(n)));
        // Long flat lists are not nesting at all.
        let items = vec!["1"; 100_000].join(", ");
        parse_ok(&format!("x = [{items}];"));
        parse_ok(&"x = 1;\n".repeat(100_000));
    }

    // -- The depth accounting really bounds the tree height.

    fn max_of<'a>(items: impl IntoIterator<Item = &'a Expr>) -> u32 {
        items.into_iter().map(expr_height).max().unwrap_or(0)
    }

    fn expr_height(e: &Expr) -> u32 {
        let below = match &e.kind {
            ExprKind::Array(items) => max_of(items),
            ExprKind::Object(props) => max_of(props.iter().map(|(_, v)| v)),
            ExprKind::Function(def) => match &def.body {
                FuncBody::Block(stmts) => block_height(stmts),
                FuncBody::Expr(e) => expr_height(e),
            },
            ExprKind::Unary(_, e) => expr_height(e),
            ExprKind::Member { object: e, .. } => expr_height(e),
            ExprKind::Binary(_, l, r) | ExprKind::Logic(_, l, r) => max_of([&**l, &**r]),
            ExprKind::Index { object, index } => max_of([&**object, &**index]),
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => max_of([&**cond, &**then, &**otherwise]),
            ExprKind::Call { callee, args } => expr_height(callee).max(max_of(args)),
            ExprKind::Slice {
                object,
                start,
                end,
                step,
            } => max_of(
                [Some(object), start.as_ref(), end.as_ref(), step.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|b| &**b),
            ),
            _ => 0,
        };
        below + 1
    }

    fn block_height(stmts: &[Stmt]) -> u32 {
        stmts.iter().map(stmt_height).max().unwrap_or(0)
    }

    fn stmt_height(s: &Stmt) -> u32 {
        let below = match &s.kind {
            StmtKind::FuncDecl(def) => match &def.body {
                FuncBody::Block(stmts) => block_height(stmts),
                FuncBody::Expr(e) => expr_height(e),
            },
            StmtKind::If {
                branches,
                else_body,
            } => branches
                .iter()
                .map(|(c, b)| expr_height(c).max(block_height(b)))
                .chain(else_body.iter().map(|b| block_height(b)))
                .max()
                .unwrap_or(0),
            StmtKind::While { cond, body } => expr_height(cond).max(block_height(body)),
            StmtKind::For { iter, body, .. } => expr_height(iter).max(block_height(body)),
            StmtKind::Try { body, .. } => block_height(body),
            StmtKind::Return(Some(e)) | StmtKind::Throw(e) | StmtKind::Expr(e) => expr_height(e),
            StmtKind::DestructureArray { value, .. }
            | StmtKind::DestructureObject { value, .. } => expr_height(value),
            StmtKind::Assign { value, .. } => expr_height(value),
            _ => 0,
        };
        below + 1
    }

    /// Finds the largest `n` for which `make(n)` still parses and checks that
    /// its tree is no taller than the limit allows.
    fn assert_height_bounded(what: &str, make: impl Fn(usize) -> String) {
        let mut last = None;
        for n in 1..=600 {
            match parse(&make(n)) {
                Ok(program) => last = Some((n, program)),
                Err(e) => {
                    assert!(
                        e.message.contains("too deeply"),
                        "{what} n={n}: {}",
                        e.message
                    );
                    break;
                }
            }
        }
        let (n, program) = last.unwrap_or_else(|| panic!("{what}: nothing parsed"));
        assert!(n < 600, "{what}: no limit reached");
        let height = block_height(&program.items);
        assert!(
            height <= MAX_DEPTH + 3,
            "{what}: n={n} gives height {height}"
        );
    }

    #[test]
    fn accepted_trees_are_never_taller_than_the_limit() {
        assert_height_bounded("sum", |n| format!("x = 1{};", " + 1".repeat(n)));
        assert_height_bounded("members", |n| format!("x = a{};", ".b".repeat(n)));
        assert_height_bounded("calls", |n| format!("x = f{};", "()".repeat(n)));
        assert_height_bounded("unary", |n| format!("x = {}a;", "-".repeat(n)));
        assert_height_bounded("left-nested parens", |n| {
            (0..n).fold("a".to_string(), |acc, _| format!("({acc} + a)")) + ";"
        });
        assert_height_bounded("nested sums", |n| {
            (0..n).fold("a".to_string(), |acc, _| {
                format!("({acc}{})", " + a".repeat(7))
            }) + ";"
        });
        assert_height_bounded("chain of parenthesised chains", |n| {
            let inner = format!("(a{})", " * a".repeat(n));
            format!("x = {inner}{};", format!(" + {inner}").repeat(n))
        });
        assert_height_bounded("sums in calls", |n| {
            (0..n).fold("a".to_string(), |acc, _| format!("f({acc} + a + a).b")) + ";"
        });
        assert_height_bounded("ternary conditions", |n| {
            (0..n).fold("a".to_string(), |acc, _| format!("({acc} || a ? b : c)")) + ";"
        });
        assert_height_bounded("blocks around a chain", |n| {
            format!(
                "{}x = a{};{}",
                "if (a) {".repeat(n),
                ".b".repeat(n),
                "}".repeat(n)
            )
        });
        assert_height_bounded("functions", |n| {
            (0..n).fold("a".to_string(), |acc, _| format!("fn(x) => {acc} + a")) + ";"
        });
        assert_height_bounded("function bodies in chains", |n| {
            (0..n).fold("1".to_string(), |acc, _| {
                format!("function() {{ return {acc}; }}() + 1")
            }) + ";"
        });
    }
}
