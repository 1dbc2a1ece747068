//! Tokens: what the lexer hands the parser.
//!
//! [`TokenKind`] is a plain `Copy` tag so the parser can compare and look
//! ahead cheaply (`p.peek() == TokenKind::RParen`); the few tokens that carry
//! data (numbers, strings) keep it in [`TokenValue`]. Identifier text is not
//! copied here: the parser slices it out of the source by span when it
//! actually needs a name.

use super::ast::Span;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    // Names and literals.
    Ident,
    Int,
    Float,
    Str,

    // Keywords (spec 1.3). `resource`, `allow`, `read`... are contextual and
    // lexed as `Ident`; the capability parser checks their text.
    Function,
    Fn,
    Return,
    If,
    Elif,
    Else,
    While,
    For,
    In,
    Break,
    Continue,
    Try,
    Except,
    Finally,
    Throw,
    Import,
    As,
    Nonlocal,
    Capability,
    True,
    False,
    Null,
    Undefined,

    // Operators and punctuation (spec 1.7).
    Plus,
    Minus,
    Star,
    Slash,
    SlashSlash,
    Percent,
    EqEq,
    NotEq,
    Lt,
    Gt,
    LtEq,
    GtEq,
    AndAnd,
    OrOr,
    Bang,
    Question,
    Colon,
    Assign,
    Arrow,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Semicolon,
    Dot,

    /// End of input (or the point where lexing stopped on an error).
    Eof,
}

/// Every keyword with its spelling; the single source for both directions.
const KEYWORDS: [(&str, TokenKind); 23] = [
    ("function", TokenKind::Function),
    ("fn", TokenKind::Fn),
    ("return", TokenKind::Return),
    ("if", TokenKind::If),
    ("elif", TokenKind::Elif),
    ("else", TokenKind::Else),
    ("while", TokenKind::While),
    ("for", TokenKind::For),
    ("in", TokenKind::In),
    ("break", TokenKind::Break),
    ("continue", TokenKind::Continue),
    ("try", TokenKind::Try),
    ("except", TokenKind::Except),
    ("finally", TokenKind::Finally),
    ("throw", TokenKind::Throw),
    ("import", TokenKind::Import),
    ("as", TokenKind::As),
    ("nonlocal", TokenKind::Nonlocal),
    ("capability", TokenKind::Capability),
    ("true", TokenKind::True),
    ("false", TokenKind::False),
    ("null", TokenKind::Null),
    ("undefined", TokenKind::Undefined),
];

impl TokenKind {
    /// Every keyword's spelling (for REPL completion and highlighting).
    pub fn keyword_names() -> impl Iterator<Item = &'static str> {
        KEYWORDS.iter().map(|&(text, _)| text)
    }

    /// The keyword spelled `word`, if it is one.
    pub fn keyword(word: &str) -> Option<TokenKind> {
        KEYWORDS
            .iter()
            .find(|(text, _)| *text == word)
            .map(|&(_, kind)| kind)
    }

    pub fn is_keyword(self) -> bool {
        KEYWORDS.iter().any(|&(_, kind)| kind == self)
    }

    /// True for tokens after which `//` is floor division rather than a
    /// comment (spec 1.1): the token ends an operand.
    pub fn ends_operand(self) -> bool {
        matches!(
            self,
            TokenKind::Ident
                | TokenKind::Int
                | TokenKind::Float
                | TokenKind::Str
                | TokenKind::True
                | TokenKind::False
                | TokenKind::Null
                | TokenKind::Undefined
                | TokenKind::RParen
                | TokenKind::RBracket
        )
    }

    /// The fixed spelling of keywords and punctuation; `None` for tokens
    /// whose text varies (names, literals) and for end of input.
    pub fn spelling(self) -> Option<&'static str> {
        if let Some(&(text, _)) = KEYWORDS.iter().find(|&&(_, kind)| kind == self) {
            return Some(text);
        }
        let text = match self {
            TokenKind::Plus => "+",
            TokenKind::Minus => "-",
            TokenKind::Star => "*",
            TokenKind::Slash => "/",
            TokenKind::SlashSlash => "//",
            TokenKind::Percent => "%",
            TokenKind::EqEq => "==",
            TokenKind::NotEq => "!=",
            TokenKind::Lt => "<",
            TokenKind::Gt => ">",
            TokenKind::LtEq => "<=",
            TokenKind::GtEq => ">=",
            TokenKind::AndAnd => "&&",
            TokenKind::OrOr => "||",
            TokenKind::Bang => "!",
            TokenKind::Question => "?",
            TokenKind::Colon => ":",
            TokenKind::Assign => "=",
            TokenKind::Arrow => "=>",
            TokenKind::LParen => "(",
            TokenKind::RParen => ")",
            TokenKind::LBracket => "[",
            TokenKind::RBracket => "]",
            TokenKind::LBrace => "{",
            TokenKind::RBrace => "}",
            TokenKind::Comma => ",",
            TokenKind::Semicolon => ";",
            TokenKind::Dot => ".",
            _ => return None,
        };
        Some(text)
    }
}

/// The data a token carries beyond its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenValue {
    None,
    Int(i64),
    Float(f64),
    /// The decoded contents of a string literal (escapes processed).
    Str(Rc<str>),
}

/// A token is its kind and place; a literal's value (a number, a decoded
/// string) lives in the lexer's list of values, so that the token vector
/// of a big file stays small (16 bytes a token).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// Index of the value in [`crate::lang::lexer::Lexed::values`], or
    /// [`Token::NO_VALUE`].
    pub value: u32,
}

const _: () = assert!(std::mem::size_of::<Token>() == 16);

impl Token {
    pub const NO_VALUE: u32 = u32::MAX;

    pub fn new(kind: TokenKind, span: Span) -> Token {
        Token {
            kind,
            span,
            value: Token::NO_VALUE,
        }
    }

    /// How error messages name this token: `')'`, `keyword 'in'`,
    /// `name 'total'`, `number 12`, `a string`, `end of input`.
    pub fn describe(&self, src: &str) -> String {
        let text = src
            .get(self.span.start as usize..self.span.end as usize)
            .unwrap_or("");
        match self.kind {
            TokenKind::Eof => "end of input".to_string(),
            TokenKind::Ident => format!("name '{}'", shorten(text)),
            TokenKind::Int | TokenKind::Float => format!("number {}", shorten(text)),
            TokenKind::Str => "a string".to_string(),
            kind if kind.is_keyword() => format!("keyword '{text}'"),
            kind => format!("'{}'", kind.spelling().unwrap_or(text)),
        }
    }
}

/// Keeps messages readable when a token is enormous (a 10,000-digit number).
fn shorten(text: &str) -> String {
    const LIMIT: usize = 24;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_round_trip() {
        for (text, kind) in KEYWORDS {
            assert_eq!(TokenKind::keyword(text), Some(kind));
            assert_eq!(kind.spelling(), Some(text));
            assert!(kind.is_keyword());
        }
        assert_eq!(TokenKind::keyword("resource"), None);
        assert!(!TokenKind::Ident.is_keyword());
    }

    #[test]
    fn describe_names_tokens_in_plain_words() {
        let src = "foo in ) 12 'x'";
        let tok = |kind, s, e| Token::new(kind, Span::new(s, e));
        assert_eq!(tok(TokenKind::Ident, 0, 3).describe(src), "name 'foo'");
        assert_eq!(tok(TokenKind::In, 4, 6).describe(src), "keyword 'in'");
        assert_eq!(tok(TokenKind::RParen, 7, 8).describe(src), "')'");
        assert_eq!(tok(TokenKind::Int, 9, 11).describe(src), "number 12");
        assert_eq!(tok(TokenKind::Str, 12, 15).describe(src), "a string");
        assert_eq!(tok(TokenKind::Eof, 15, 15).describe(src), "end of input");
    }

    #[test]
    fn describe_shortens_huge_tokens() {
        let src = "1".repeat(100);
        let tok = Token::new(TokenKind::Int, Span::new(0, 100));
        assert_eq!(tok.describe(&src), format!("number {}...", "1".repeat(24)));
    }
}
