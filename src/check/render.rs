//! Findings as text for people (`file:line:col`, the source line, a caret,
//! the code and a hint) and as JSON for editors.

use super::Finding;
use crate::lang::diagnostics::SourceFile;
use std::fmt::Write as _;

/// One finding in the terminal form:
///
/// ```text
/// app.ml:3:5: error[E002]: undefined name 'prnt'
///     prnt("hi");
///     ^^^^
///     hint: did you mean 'print'?
/// ```
pub fn render_text(file: &SourceFile, finding: &Finding) -> String {
    let mut out = format!(
        "{}: {}[{}]: {}\n{}",
        file.location(finding.span.start),
        finding.severity.as_str(),
        finding.code.id(),
        finding.message,
        file.snippet(finding.span)
    );
    let _ = write!(out, "\n    hint: {}", finding.hint);
    out
}

/// One finding as a JSON object: file, line, col, end (line and col just
/// past the span), code, severity, message and hint. Lines and columns
/// count from 1, columns in characters.
pub fn render_json(file: &SourceFile, finding: &Finding) -> serde_json::Value {
    let (line, col) = file.line_col(finding.span.start);
    let (end_line, end_col) = file.line_col(finding.span.end.max(finding.span.start));
    serde_json::json!({
        "file": file.name,
        "line": line,
        "col": col,
        "end": {"line": end_line, "col": end_col},
        "code": finding.code.id(),
        "severity": finding.severity.as_str(),
        "message": finding.message,
        "hint": finding.hint,
    })
}
