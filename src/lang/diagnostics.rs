//! Compile-time diagnostics (syntax and compile errors) and the one place
//! that turns a byte span into `file:line:col`, the source line and a caret.

use super::ast::Span;
use std::fmt::Write as _;
use std::sync::Arc;

/// A named source text. Shared (`Arc`) because compiled chunks keep it for
/// rendering runtime tracebacks long after compilation.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: name.into(),
            text: text.into(),
        })
    }

    /// 1-based line and column (column counted in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let offset = floor_char_boundary(&self.text, offset);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// The text of the line holding `offset`, without its newline.
    pub fn line_text(&self, offset: u32) -> &str {
        let offset = floor_char_boundary(&self.text, (offset as usize).min(self.text.len()));
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        self.text[start..end].trim_end_matches('\r')
    }

    /// `name:line:col`
    pub fn location(&self, offset: u32) -> String {
        let (line, col) = self.line_col(offset);
        format!("{}:{}:{}", self.name, line, col)
    }

    /// The source line of `span` with a caret line under it.
    pub fn snippet(&self, span: Span) -> String {
        let line = self.line_text(span.start);
        let (_, col) = self.line_col(span.start);
        let line_chars = line.chars().count();
        let span_chars = self.text[span.start.min(self.text.len() as u32) as usize..]
            .chars()
            .take((span.end.saturating_sub(span.start)) as usize)
            .take_while(|c| *c != '\n')
            .count();
        let width = span_chars.clamp(1, (line_chars + 1).saturating_sub(col - 1).max(1));
        // Tabs before the caret are copied so it lines up however wide the
        // terminal draws a tab.
        let pad: String = line
            .chars()
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let mut out = String::new();
        let _ = writeln!(out, "    {line}");
        let _ = write!(out, "    {pad}{}", "^".repeat(width));
        out
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticKind {
    SyntaxError,
    CompileError,
}

/// One syntax or compile error, positioned by span.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub message: String,
    pub span: Span,
    /// The input ended before the construct did (open bracket, unterminated
    /// string): a REPL should read another line instead of reporting it.
    pub incomplete: bool,
}

impl Diagnostic {
    pub fn syntax(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            kind: DiagnosticKind::SyntaxError,
            message: message.into(),
            span,
            incomplete: false,
        }
    }

    pub fn compile(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            kind: DiagnosticKind::CompileError,
            message: message.into(),
            span,
            incomplete: false,
        }
    }

    pub fn incomplete(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            incomplete: true,
            ..Diagnostic::syntax(message, span)
        }
    }

    /// `file:line:col: SyntaxError: message` + source line + caret.
    pub fn render(&self, file: &SourceFile) -> String {
        let kind = match self.kind {
            DiagnosticKind::SyntaxError => "SyntaxError",
            DiagnosticKind::CompileError => "CompileError",
        };
        format!(
            "{}: {}: {}\n{}",
            file.location(self.span.start),
            kind,
            self.message,
            file.snippet(self.span)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new("t.ml", "ab\nçd = 1;\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // 'd' follows a two-byte character
        assert_eq!(f.line_col(5), (2, 2));
        assert_eq!(f.line_text(5), "çd = 1;");
    }

    #[test]
    fn caret_keeps_the_tabs_of_the_source_line() {
        let f = SourceFile::new("t.ml", "\tx = ;\n");
        let d = Diagnostic::syntax("expected an expression", Span::new(5, 6));
        assert!(
            d.render(&f).ends_with("    \tx = ;\n    \t    ^"),
            "{:?}",
            d.render(&f)
        );
    }

    #[test]
    fn render_shows_location_line_and_caret() {
        let f = SourceFile::new("t.ml", "x = 1;\ny = ;\n");
        let d = Diagnostic::syntax("expected an expression", Span::new(11, 12));
        assert_eq!(
            d.render(&f),
            "t.ml:2:5: SyntaxError: expected an expression\n    y = ;\n        ^"
        );
    }
}
