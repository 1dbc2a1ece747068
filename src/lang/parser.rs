//! stub
use super::ast::Program; use super::diagnostics::Diagnostic;
pub fn parse(_src: &str) -> Result<Program, Diagnostic> { Ok(Program { items: vec![] }) }
