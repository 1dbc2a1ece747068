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
//! Depth: only real nesting counts — brackets, blocks and function
//! literals, plus the `then` branch of a ternary, which recurses — and more
//! than [`MAX_DEPTH`] levels is an error reported at the outermost open
//! bracket. Chains are not nesting: operator chains, postfix chains
//! (`a.b(c)[d]...`), prefix operators and `c ? a : c2 ? b : ...` are built
//! in loops here, so they may be any length. The tree they build is as deep
//! as the chain is long; every stage that walks the tree (compiler, scope
//! analysis, checker, and `Drop` of [`super::ast::Expr`]) follows a chain's
//! links in a loop instead of recursing down it.
//!
//! The rules are split along the grammar: `statement.rs` holds programs,
//! blocks and every statement form; `expression.rs` holds the ternary and
//! precedence-climbing levels, postfix chains, primaries and function
//! literals. This file keeps what both share: the `Parser` state, token
//! access, error builders and the depth accounting described above.

mod expression;
mod statement;
#[cfg(test)]
mod tests;

use super::ast::{Name, Program, Span};
use super::diagnostics::Diagnostic;
use super::lexer::{tokenize, Lexed};
use super::token::{Token, TokenKind, TokenValue};
use std::fmt::Display;

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
    let Lexed {
        tokens,
        values,
        error,
    } = tokenize(src);
    let parsed = Parser::new(src, tokens, values).program();
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

struct Parser<'src> {
    src: &'src str,
    /// Always ends with an `Eof` token, which is never consumed.
    tokens: Vec<Token>,
    /// Literal values, by [`Token::value`].
    values: Vec<TokenValue>,
    pos: usize,
    /// Nesting level of the construct being parsed.
    depth: u32,
    /// Where the outermost open level began: the depth error points there,
    /// since that is where the runaway nesting starts.
    outermost: Span,
    /// One shared `Name` per distinct identifier: a file names the same
    /// variables over and over, and one allocation each is plenty.
    names: rustc_hash::FxHashMap<&'src str, Name>,
}

// ---------------------------------------------------------------------------
// Token access, errors and depth accounting.

impl<'src> Parser<'src> {
    fn new(src: &'src str, tokens: Vec<Token>, values: Vec<TokenValue>) -> Parser<'src> {
        Parser {
            src,
            tokens,
            values,
            pos: 0,
            depth: 0,
            outermost: Span::default(),
            names: Default::default(),
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
    /// The value of a literal token (`TokenValue::None` for others).
    fn value_of(&self, token: &Token) -> TokenValue {
        self.values
            .get(token.value as usize)
            .cloned()
            .unwrap_or(TokenValue::None)
    }

    fn advance(&mut self) -> Token {
        let token = self.tokens[self.pos];
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

    /// The identifier at `span` as a shared name.
    fn name_at(&mut self, span: Span) -> Name {
        let text = self.text(span);
        self.names
            .entry(text)
            .or_insert_with(|| text.into())
            .clone()
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

    /// Goes one nesting level deeper; pair with [`Parser::leave`]. The check
    /// comes before anything is consumed, so the current token is the one
    /// that opens the level. (Plain calls rather than a closure-taking
    /// wrapper: every frame per level counts against the stack.)
    ///
    /// Errors end the whole parse, so a `?` that returns before the matching
    /// `leave` does no harm.
    fn enter(&mut self, what: Nesting) -> PResult<()> {
        if self.depth == 0 {
            self.outermost = self.span();
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep(what));
        }
        self.depth += 1;
        Ok(())
    }

    #[cold]
    fn too_deep(&self, what: Nesting) -> Diagnostic {
        let line = self.line_of(self.span());
        Diagnostic::syntax(
            format!(
                "{} (more than {MAX_DEPTH} levels; the limit is reached at line {line})",
                what.message()
            ),
            self.outermost,
        )
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// An identifier (never a keyword).
    fn ident(&mut self, expected: impl Display) -> PResult<(Name, Span)> {
        if !self.at(TokenKind::Ident) {
            return Err(self.error_expected(expected));
        }
        let span = self.advance().span;
        Ok((self.name_at(span), span))
    }

    /// A property name: an identifier or any keyword (`obj.if`, `{in: 1}`).
    fn property_name(&mut self, expected: impl Display) -> PResult<(Name, Span)> {
        if !(self.at(TokenKind::Ident) || self.peek().is_keyword()) {
            return Err(self.error_expected(expected));
        }
        let span = self.advance().span;
        Ok((self.name_at(span), span))
    }

    fn expect_semicolon(&mut self) -> PResult<Span> {
        self.expect(TokenKind::Semicolon, "expected ';' after the statement")
    }
}
