//! The lexer: source text to a vector of [`Token`]s (spec section 1).
//!
//! Lexing is eager, so the parser gets random access for its few lookaheads
//! (destructuring `{a, b} =`, arrow bodies). The one context-sensitive rule is
//! `//`: floor division when the previous token ends an operand, otherwise a
//! line comment (spec 1.1), which is why the lexer keeps its output at hand
//! while scanning.
//!
//! A lexical error does not abort immediately: [`tokenize`] returns the tokens
//! before it, an `Eof` at the error position and the error itself. The parser
//! runs over those tokens, and whichever error comes first in the source is
//! reported, so users always see the earliest problem.

use super::ast::Span;
use super::diagnostics::Diagnostic;
use super::token::{Token, TokenKind, TokenValue};

/// The result of lexing: always ends with an `Eof` token. When `error` is
/// set, the `Eof` sits where the bad input starts.
#[derive(Debug)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    /// The values of the literal tokens, indexed by [`Token::value`].
    pub values: Vec<TokenValue>,
    pub error: Option<Diagnostic>,
}

pub fn tokenize(src: &str) -> Lexed {
    Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        // Indented code has a token every four bytes or so; reserving for
        // one every three up front means a big file's token vector is
        // almost never copied to a doubled one (pages never written are
        // never touched).
        tokens: Vec::with_capacity(src.len() / 3 + 16),
        values: Vec::new(),
    }
    .run()
}

type LexResult<T> = Result<T, Diagnostic>;

struct Lexer<'src> {
    src: &'src str,
    bytes: &'src [u8],
    pos: usize,
    tokens: Vec<Token>,
    values: Vec<TokenValue>,
}

impl Lexer<'_> {
    fn run(mut self) -> Lexed {
        // A UTF-8 byte order mark is an editor artefact, not program text.
        if self.src.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        loop {
            self.skip_trivia();
            if self.pos >= self.bytes.len() {
                break;
            }
            match self.token() {
                Ok(token) => self.tokens.push(token),
                Err(error) => return self.finish(Some(error)),
            }
        }
        self.finish(None)
    }

    fn finish(mut self, error: Option<Diagnostic>) -> Lexed {
        let at = error
            .as_ref()
            .map_or(self.bytes.len(), |e| e.span.start as usize);
        self.tokens
            .push(Token::new(TokenKind::Eof, Span::new(at, at)));
        Lexed {
            tokens: self.tokens,
            values: self.values,
            error,
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Skips whitespace and `//` comments. Only a `//` that cannot be floor
    /// division is a comment, so this asks what the previous token was.
    fn skip_trivia(&mut self) {
        loop {
            match self.peek(0) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'/') if self.peek(1) == Some(b'/') && !self.after_operand() => {
                    self.skip_line();
                }
                _ => return,
            }
        }
    }

    fn skip_line(&mut self) {
        self.pos = match self.bytes[self.pos..].iter().position(|&b| b == b'\n') {
            Some(offset) => self.pos + offset,
            None => self.bytes.len(),
        };
    }

    /// Does the last token end an operand? A keyword right after `.` is a
    /// property name (`obj.if // 2`), so it counts as one too.
    fn after_operand(&self) -> bool {
        let mut recent = self.tokens.iter().rev().map(|t| t.kind);
        match recent.next() {
            Some(kind) if kind.ends_operand() => true,
            Some(kind) if kind.is_keyword() => recent.next() == Some(TokenKind::Dot),
            _ => false,
        }
    }

    fn token(&mut self) -> LexResult<Token> {
        match self.bytes[self.pos] {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => Ok(self.word()),
            b'0'..=b'9' => self.number(),
            b'.' if self.peek(1).is_some_and(|b| b.is_ascii_digit()) => self.number(),
            quote @ (b'"' | b'\'') => self.string(quote),
            _ => self.operator(),
        }
    }

    fn word(&mut self) -> Token {
        let start = self.pos;
        self.pos += 1;
        while self
            .peek(0)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        let kind = TokenKind::keyword(&self.src[start..self.pos]).unwrap_or(TokenKind::Ident);
        Token::new(kind, Span::new(start, self.pos))
    }

    fn eat_digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek(0).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `DIGITS [. [DIGITS]] [EXPONENT] | . DIGITS [EXPONENT]` (spec 1.4).
    fn number(&mut self) -> LexResult<Token> {
        let start = self.pos;
        self.eat_digits();
        let mut is_float = false;
        if self.peek(0) == Some(b'.') {
            is_float = true;
            self.pos += 1;
            self.eat_digits();
        }
        if self.exponent_follows() {
            is_float = true;
            self.pos += 1;
            if matches!(self.peek(0), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.eat_digits();
        }
        self.reject_glued_number(start)?;
        let text = &self.src[start..self.pos];
        let span = Span::new(start, self.pos);
        let value = number_value(text, is_float)
            .ok_or_else(|| Diagnostic::syntax(format!("invalid number literal '{text}'"), span))?;
        let kind = match value {
            TokenValue::Int(_) => TokenKind::Int,
            _ => TokenKind::Float,
        };
        Ok(self.literal(kind, span, value))
    }

    fn literal(&mut self, kind: TokenKind, span: Span, value: TokenValue) -> Token {
        self.values.push(value);
        Token {
            kind,
            span,
            value: (self.values.len() - 1) as u32,
        }
    }

    fn exponent_follows(&self) -> bool {
        let digit_at = |n: usize| self.peek(n).is_some_and(|b| b.is_ascii_digit());
        matches!(self.peek(0), Some(b'e' | b'E'))
            && (digit_at(1) || (matches!(self.peek(1), Some(b'+' | b'-')) && digit_at(2)))
    }

    /// `1.5.5`, `12abc` and `1e` are errors rather than two tokens that
    /// would only produce a confusing message later.
    fn reject_glued_number(&mut self, start: usize) -> LexResult<()> {
        let glued = match self.peek(0) {
            Some(b'.') => self.peek(1).is_some_and(|b| b.is_ascii_digit()),
            Some(b) => b.is_ascii_alphanumeric() || b == b'_',
            None => false,
        };
        if !glued {
            return Ok(());
        }
        while self
            .peek(0)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        Err(Diagnostic::syntax(
            format!("invalid number literal '{text}'"),
            Span::new(start, self.pos),
        ))
    }

    fn string(&mut self, quote: u8) -> LexResult<Token> {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            let run = self.pos;
            while self.peek(0).is_some_and(|b| b != quote && b != b'\\') {
                self.pos += 1;
            }
            // Quote and backslash are ASCII, so the run ends on a char boundary.
            text.push_str(&self.src[run..self.pos]);
            match self.peek(0) {
                None => return Err(unterminated(start)),
                Some(b) if b == quote => break,
                Some(_) => self.escape(&mut text).ok_or_else(|| unterminated(start))?,
            }
        }
        self.pos += 1;
        let span = Span::new(start, self.pos);
        Ok(self.literal(TokenKind::Str, span, TokenValue::Str(text.into())))
    }

    /// Handles the escape at the backslash under `pos` (spec 1.5). Unknown
    /// escapes keep their backslash, so regex patterns such as `'\d+'` mean
    /// what their authors wrote. `None` when the input ends after `\`.
    fn escape(&mut self, text: &mut String) -> Option<()> {
        self.peek(1)?;
        match self.decode_escape() {
            Some((c, len)) => {
                text.push(c);
                self.pos += len;
            }
            None => {
                // Kept verbatim; whatever follows is read as ordinary text.
                text.push('\\');
                self.pos += 1;
            }
        }
        Some(())
    }

    /// The character a known escape stands for and the escape's length.
    fn decode_escape(&self) -> Option<(char, usize)> {
        let c = match self.peek(1)? {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'0' => '\0',
            b'\\' => '\\',
            b'"' => '"',
            b'\'' => '\'',
            b'x' => return self.hex_escape(2).map(|c| (c, 4)),
            b'u' => return self.hex_escape(4).map(|c| (c, 6)),
            _ => return None,
        };
        Some((c, 2))
    }

    /// The character of `\x` / `\u` followed by exactly `digits` hex digits;
    /// `None` (keep verbatim) for too few digits or a surrogate code point.
    fn hex_escape(&self, digits: usize) -> Option<char> {
        let from = self.pos + 2;
        let hex = self.src.get(from..from + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    }

    fn operator(&mut self) -> LexResult<Token> {
        let start = self.pos;
        let (kind, len) = match (self.bytes[start], self.peek(1)) {
            (b'/', Some(b'*')) => return Err(self.block_comment()),
            (b'/', Some(b'/')) => (TokenKind::SlashSlash, 2),
            (b'=', Some(b'=')) => (TokenKind::EqEq, 2),
            (b'=', Some(b'>')) => (TokenKind::Arrow, 2),
            (b'!', Some(b'=')) => (TokenKind::NotEq, 2),
            (b'<', Some(b'=')) => (TokenKind::LtEq, 2),
            (b'>', Some(b'=')) => (TokenKind::GtEq, 2),
            (b'&', Some(b'&')) => (TokenKind::AndAnd, 2),
            (b'|', Some(b'|')) => (TokenKind::OrOr, 2),
            (byte, _) => (
                single_char_operator(byte).ok_or_else(|| self.unexpected())?,
                1,
            ),
        };
        self.pos += len;
        Ok(Token::new(kind, Span::new(start, self.pos)))
    }

    fn block_comment(&self) -> Diagnostic {
        Diagnostic::syntax(
            "block comments '/* */' are not supported; use '//' line comments",
            Span::new(self.pos, self.pos + 2),
        )
    }

    fn unexpected(&self) -> Diagnostic {
        let c = self.src[self.pos..].chars().next().unwrap_or('\u{fffd}');
        let span = Span::new(self.pos, self.pos + c.len_utf8());
        let hint = match c {
            '&' => "; the 'and' operator is '&&'",
            '|' => "; the 'or' operator is '||'",
            _ => "",
        };
        Diagnostic::syntax(
            format!("unexpected character '{}'{hint}", c.escape_debug()),
            span,
        )
    }
}

fn single_char_operator(byte: u8) -> Option<TokenKind> {
    Some(match byte {
        b'+' => TokenKind::Plus,
        b'-' => TokenKind::Minus,
        b'*' => TokenKind::Star,
        b'/' => TokenKind::Slash,
        b'%' => TokenKind::Percent,
        b'<' => TokenKind::Lt,
        b'>' => TokenKind::Gt,
        b'!' => TokenKind::Bang,
        b'?' => TokenKind::Question,
        b':' => TokenKind::Colon,
        b'=' => TokenKind::Assign,
        b'(' => TokenKind::LParen,
        b')' => TokenKind::RParen,
        b'[' => TokenKind::LBracket,
        b']' => TokenKind::RBracket,
        b'{' => TokenKind::LBrace,
        b'}' => TokenKind::RBrace,
        b',' => TokenKind::Comma,
        b';' => TokenKind::Semicolon,
        b'.' => TokenKind::Dot,
        _ => return None,
    })
}

/// An int literal too large for `i64` becomes a float (spec 1.4), the same
/// promotion integer arithmetic uses on overflow.
fn number_value(text: &str, is_float: bool) -> Option<TokenValue> {
    if !is_float {
        if let Ok(n) = text.parse::<i64>() {
            return Some(TokenValue::Int(n));
        }
    }
    text.parse::<f64>().ok().map(TokenValue::Float)
}

/// Incomplete rather than plain wrong: a REPL reading a multi-line string
/// should ask for the next line.
fn unterminated(start: usize) -> Diagnostic {
    Diagnostic::incomplete("unterminated string literal", Span::new(start, start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn lex(src: &str) -> Vec<Token> {
        let lexed = tokenize(src);
        if let Some(error) = lexed.error {
            panic!("unexpected lex error in {src:?}: {}", error.message);
        }
        lexed.tokens
    }

    fn kinds(src: &str) -> Vec<TokenKind> {
        lex(src).iter().map(|t| t.kind).collect()
    }

    fn lex_error(src: &str) -> Diagnostic {
        tokenize(src).error.expect("expected a lex error")
    }

    fn first_value(src: &str) -> TokenValue {
        let lexed = tokenize(src);
        assert!(lexed.error.is_none(), "unexpected lex error in {src:?}");
        lexed.values[lexed.tokens[0].value as usize].clone()
    }

    fn string_value(src: &str) -> String {
        match first_value(src) {
            TokenValue::Str(s) => s.to_string(),
            other => panic!("not a string: {other:?}"),
        }
    }

    fn number(src: &str) -> TokenValue {
        first_value(src)
    }

    #[test]
    fn double_slash_after_operand_is_floor_division() {
        assert_eq!(kinds("a // b"), [Ident, SlashSlash, Ident, Eof]);
        assert_eq!(kinds("7//2"), [Int, SlashSlash, Int, Eof]);
        assert_eq!(
            kinds("f(x) // 2"),
            [Ident, LParen, Ident, RParen, SlashSlash, Int, Eof]
        );
        assert_eq!(
            kinds("a[0] // 2"),
            [Ident, LBracket, Int, RBracket, SlashSlash, Int, Eof]
        );
        assert_eq!(kinds("'s' // 2"), [Str, SlashSlash, Int, Eof]);
        assert_eq!(kinds("true // x"), [True, SlashSlash, Ident, Eof]);
        assert_eq!(kinds("o.if // 2"), [Ident, Dot, If, SlashSlash, Int, Eof]);
    }

    #[test]
    fn double_slash_elsewhere_is_a_comment() {
        assert_eq!(kinds("x = 1; // c"), [Ident, Assign, Int, Semicolon, Eof]);
        assert_eq!(kinds("} // note"), [RBrace, Eof]);
        assert_eq!(kinds("// only a comment"), [Eof]);
        assert_eq!(kinds("x = // c\n 2;"), [Ident, Assign, Int, Semicolon, Eof]);
        assert_eq!(
            kinds("if (x) { // c\n}"),
            [If, LParen, Ident, RParen, LBrace, RBrace, Eof]
        );
    }

    #[test]
    fn trailing_comment_after_last_element_is_division() {
        // The documented pitfall of spec 1.1.
        assert_eq!(
            kinds("[1, 2 // two\n]"),
            [LBracket, Int, Comma, Int, SlashSlash, Ident, RBracket, Eof]
        );
    }

    #[test]
    fn block_comments_are_errors() {
        let e = lex_error("x = 1; /* no */");
        assert!(e.message.contains("block comments"), "{}", e.message);
        assert_eq!(e.span, Span::new(7, 9));
        assert!(!e.incomplete);
    }

    #[test]
    fn escapes_are_processed() {
        assert_eq!(string_value(r#""a\nb\tc\rd\0e""#), "a\nb\tc\rd\0e");
        assert_eq!(string_value(r#""q\"q\'q\\""#), "q\"q'q\\");
        assert_eq!(string_value(r#"'it\'s'"#), "it's");
        assert_eq!(string_value(r#""\x41\u00e9\u263A""#), "Aé☺");
    }

    #[test]
    fn unknown_escapes_are_kept_verbatim() {
        assert_eq!(string_value(r"'\d+'"), r"\d+");
        assert_eq!(string_value(r"'\bcat\b'"), r"\bcat\b");
        assert_eq!(string_value(r"'(\\d{2})'"), r"(\d{2})");
        assert_eq!(string_value(r"'\xZZ\u12'"), r"\xZZ\u12");
        // A surrogate is not a character: keep the text.
        assert_eq!(string_value(r"'\uD800'"), r"\uD800");
        assert_eq!(string_value("'\\é'"), "\\é");
    }

    #[test]
    fn strings_may_span_lines_and_use_either_quote() {
        assert_eq!(string_value("'a\nb'"), "a\nb");
        assert_eq!(string_value("\"it's\""), "it's");
        assert_eq!(string_value("'say \"hi\"'"), "say \"hi\"");
        assert_eq!(string_value("'ünï'"), "ünï");
    }

    #[test]
    fn unterminated_strings_are_incomplete() {
        for src in ["x = 'abc", "\"abc\\\"", "'abc\\", "'"] {
            let e = lex_error(src);
            assert!(e.incomplete, "{src:?}");
            assert_eq!(e.message, "unterminated string literal");
        }
        let lexed = tokenize("x = 'abc");
        assert_eq!(lexed.error.unwrap().span, Span::new(4, 5));
        // The tokens before the error survive, followed by Eof at the error.
        let kinds: Vec<_> = lexed.tokens.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [Ident, Assign, Eof]);
        assert_eq!(lexed.tokens[2].span, Span::new(4, 4));
    }

    #[test]
    fn number_forms() {
        assert_eq!(number("42"), TokenValue::Int(42));
        assert_eq!(number("42.0"), TokenValue::Float(42.0));
        assert_eq!(number("5."), TokenValue::Float(5.0));
        assert_eq!(number(".5"), TokenValue::Float(0.5));
        assert_eq!(number("1e3"), TokenValue::Float(1000.0));
        assert_eq!(number("2.5E-1"), TokenValue::Float(0.25));
        assert_eq!(number("5.e1"), TokenValue::Float(50.0));
        assert_eq!(kinds("5."), [Float, Eof]);
        assert_eq!(kinds(".5"), [Float, Eof]);
    }

    #[test]
    fn huge_int_literal_becomes_float() {
        assert_eq!(number("9223372036854775807"), TokenValue::Int(i64::MAX));
        assert_eq!(
            number("9223372036854775808"),
            TokenValue::Float(9223372036854775808.0)
        );
        assert_eq!(kinds("99999999999999999999999"), [Float, Eof]);
    }

    #[test]
    fn malformed_numbers_are_errors() {
        for (src, text) in [
            ("1.5.5", "1.5.5"),
            ("x = 12abc;", "12abc"),
            ("1e", "1e"),
            ("3..4", "3..4"),
        ] {
            let e = lex_error(src);
            assert_eq!(
                e.message,
                format!("invalid number literal '{text}'"),
                "{src}"
            );
            assert!(!e.incomplete);
        }
        assert_eq!(lex_error("x = 12abc;").span, Span::new(4, 9));
    }

    #[test]
    fn member_access_on_numbers_and_dots() {
        assert_eq!(kinds("1.5.x"), [Float, Dot, Ident, Eof]);
        assert_eq!(kinds("a.b"), [Ident, Dot, Ident, Eof]);
        assert_eq!(kinds("a .5"), [Ident, Float, Eof]);
    }

    #[test]
    fn operators_take_the_longest_match() {
        assert_eq!(
            kinds("== != <= >= && || => = ! < > + - * / % ? : , ; ."),
            [
                EqEq, NotEq, LtEq, GtEq, AndAnd, OrOr, Arrow, Assign, Bang, Lt, Gt, Plus, Minus,
                Star, Slash, Percent, Question, Colon, Comma, Semicolon, Dot, Eof
            ]
        );
    }

    #[test]
    fn keywords_and_contextual_words() {
        assert_eq!(
            kinds("fn function in undefined"),
            [Fn, Function, In, Undefined, Eof]
        );
        assert_eq!(kinds("resource allow read"), [Ident, Ident, Ident, Eof]);
        assert_eq!(kinds("None nil _x1"), [Ident, Ident, Ident, Eof]);
    }

    #[test]
    fn unexpected_characters() {
        let e = lex_error("x = 1 @ 2;");
        assert_eq!(e.message, "unexpected character '@'");
        assert_eq!(e.span, Span::new(6, 7));
        assert!(lex_error("a & b").message.contains("'&&'"));
        assert!(lex_error("a | b").message.contains("'||'"));
        let e = lex_error("x = é;");
        assert_eq!(e.message, "unexpected character 'é'");
        assert_eq!(e.span, Span::new(4, 6));
        assert_eq!(
            lex_error("\u{a0}").message,
            "unexpected character '\\u{a0}'"
        );
    }

    #[test]
    fn spans_are_byte_offsets() {
        let tokens = lex("ab = 'é';");
        let spans: Vec<_> = tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
        assert_eq!(spans, [(0, 2), (3, 4), (5, 9), (9, 10), (10, 10)]);
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        assert_eq!(kinds("\u{feff}x;"), [Ident, Semicolon, Eof]);
    }
}
