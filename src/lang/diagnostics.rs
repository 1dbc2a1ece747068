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

    /// The name (identifier characters) starting at `offset`, or the one
    /// character there: what a caret under a runtime error points at.
    pub fn word_span(&self, offset: u32) -> Span {
        let start = floor_char_boundary(&self.text, (offset as usize).min(self.text.len()));
        let rest = &self.text[start..];
        let word = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let len = if word > 0 {
            word
        } else {
            rest.chars().next().map_or(0, char::len_utf8)
        };
        Span::new(start, start + len)
    }

    /// `name:line:col`
    pub fn location(&self, offset: u32) -> String {
        let (line, col) = self.line_col(offset);
        format!("{}:{}:{}", self.name, line, col)
    }

    /// The source line of `span` with a caret line under it. A line longer
    /// than [`SNIPPET_WIDTH`] characters is cut to a window around the caret,
    /// marked with `...`: a generated or minified line would otherwise be
    /// printed twice over (once as text, once as padding).
    pub fn snippet(&self, span: Span) -> String {
        let line = self.line_text(span.start);
        let (_, col) = self.line_col(span.start);
        let line_chars = line.chars().count();
        let span_chars = self.text[floor_char_boundary(&self.text, span.start as usize)..]
            .chars()
            .take((span.end.saturating_sub(span.start)) as usize)
            .take_while(|c| *c != '\n')
            .count();
        let width = span_chars.clamp(1, (line_chars + 1).saturating_sub(col - 1).max(1));
        let (skip, shown) = snippet_window(line_chars, col - 1);
        let cut_before = if skip > 0 { "..." } else { "" };
        let cut_after = if skip + shown < line_chars { "..." } else { "" };
        let visible: String = line.chars().skip(skip).take(shown).collect();
        // Tabs before the caret are copied so it lines up however wide the
        // terminal draws a tab.
        let pad: String = cut_before
            .chars()
            .chain(line.chars().skip(skip).take(col - 1 - skip))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let width = width.min((shown + 1).saturating_sub(col - 1 - skip)).max(1);
        let mut out = String::new();
        let _ = writeln!(out, "    {cut_before}{visible}{cut_after}");
        let _ = write!(out, "    {pad}{}", "^".repeat(width));
        out
    }
}

/// Characters of a source line shown under an error at most.
pub const SNIPPET_WIDTH: usize = 160;

/// Which characters of a line of `line_chars` to show for a caret at
/// `caret` (0-based, at most `line_chars`): `(skipped, shown)`.
fn snippet_window(line_chars: usize, caret: usize) -> (usize, usize) {
    if line_chars <= SNIPPET_WIDTH {
        return (0, line_chars);
    }
    let skip = caret
        .saturating_sub(SNIPPET_WIDTH / 2)
        .min(line_chars - SNIPPET_WIDTH);
    (skip, SNIPPET_WIDTH)
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
    fn long_lines_are_cut_to_a_window_around_the_caret() {
        let line = format!("{}x = = 1;{}", "a;".repeat(500), " b;".repeat(500));
        let f = SourceFile::new("t.ml", line.as_str());
        let d = Diagnostic::syntax("expected an expression", Span::new(1004, 1005));
        let rendered = d.render(&f);
        let mut lines = rendered.lines().skip(1);
        let (text, caret) = (lines.next().unwrap(), lines.next().unwrap());
        assert!(
            text.starts_with("    ...a;a;") && text.ends_with(" b; ..."),
            "{text}"
        );
        assert_eq!(text.chars().count(), 4 + 3 + SNIPPET_WIDTH + 3);
        let at = caret.find('^').unwrap();
        assert_eq!(&text[at..at + 3], "= 1", "{text}\n{caret}");

        // At the very start and end the window does not move past the line.
        let start = Diagnostic::syntax("x", Span::new(0, 1)).render(&f);
        assert!(
            start.contains("\n    a;a;") && start.ends_with("\n    ^"),
            "{start}"
        );
        let end = Diagnostic::syntax("x", Span::new(line.len(), line.len()));
        let end = end.render(&f);
        let caret = end.lines().last().unwrap();
        assert_eq!(caret.chars().count(), 4 + 3 + SNIPPET_WIDTH + 1, "{end}");
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
