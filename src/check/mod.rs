//! `mlpy check`: finds mistakes in ML source without running it — imports
//! of modules that exist nowhere, names never assigned, members an ML
//! module does not define, calls with the wrong number of arguments, and
//! warnings for code that is legal but most likely wrong.
//!
//! The analysis ([`analyze`]) needs only the syntax tree and a
//! [`ModuleLookup`], the one question it asks about the outside world; the
//! registry-backed lookup, file walking and the command itself live in
//! [`project`], so nothing under `src/lang` depends on the registry.

mod exports;
mod imports;
pub mod project;
mod render;
mod scopes;
mod walk;

use crate::lang::ast::{Program, Span};
use std::sync::Arc;

pub use exports::Exports;
pub use render::{render_json, render_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What a finding is about. The codes are stable: editors and scripts
/// match on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// The file does not parse or compile (the run would stop there).
    Syntax,
    UnknownModule,
    UndefinedName,
    UnknownMember,
    ArgumentCount,
    UnusedVariable,
    UnusedImport,
    Unreachable,
    ShadowsBuiltin,
    ShadowsModule,
    FreshFunctionComparison,
    ModuleMemberAssignment,
}

impl Code {
    pub fn id(self) -> &'static str {
        match self {
            Code::Syntax => "E000",
            Code::UnknownModule => "E001",
            Code::UndefinedName => "E002",
            Code::UnknownMember => "E003",
            Code::ArgumentCount => "E004",
            Code::UnusedVariable => "W001",
            Code::UnusedImport => "W002",
            Code::Unreachable => "W003",
            Code::ShadowsBuiltin => "W004",
            Code::ShadowsModule => "W005",
            Code::FreshFunctionComparison => "W006",
            Code::ModuleMemberAssignment => "W007",
        }
    }

    pub fn severity(self) -> Severity {
        match self.id().as_bytes()[0] {
            b'E' => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

/// One problem found, positioned by span in its file.
#[derive(Clone, Debug)]
pub struct Finding {
    pub code: Code,
    /// The code's severity, except that an error in code whose errors are
    /// caught (a `try` body with `except`, a function literal handed to a
    /// function that catches) is only a warning: tests and probes fail on
    /// purpose there.
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// One line saying how to fix it.
    pub hint: String,
}

/// What the checker knows about a module an `import` names.
#[derive(Clone, Debug)]
pub enum ModuleInfo {
    /// A Python bridge module: its members are made at run time, so they
    /// are not checked.
    Opaque,
    /// An ML source module or a built-in one, with the members it defines;
    /// `None` when they are unknown (an ML file that cannot be read or
    /// parsed), and then they are not checked.
    Ml(Option<Arc<Exports>>),
}

/// The checker's view of the module system, supplied by the caller.
pub trait ModuleLookup {
    /// The module `import name;` would load, or `None` if there is none.
    fn find(&self, name: &str) -> Option<ModuleInfo>;
    /// Known module names close to `name`, for "did you mean".
    fn suggestions(&self, name: &str) -> Vec<String>;
}

/// The findings of one parsed (and compiled) program, sorted by position.
pub fn analyze(program: &Program, text: &str, modules: &dyn ModuleLookup) -> Vec<Finding> {
    let mut findings = walk::Checker::run(program, text, modules);
    findings.sort_by_key(|f| (f.span.start, f.code.id()));
    findings
}

/// Exit status for a set of findings (spec of `mlpy check`): 2 if a file
/// did not parse or compile, 1 for errors (or warnings with `strict`), else 0.
pub fn exit_code<'a>(findings: impl IntoIterator<Item = &'a Finding>, strict: bool) -> u8 {
    let mut code = 0;
    for f in findings {
        code = code.max(match (f.code, f.severity) {
            (Code::Syntax, _) => 2,
            (_, Severity::Error) => 1,
            (_, Severity::Warning) if strict => 1,
            _ => 0,
        });
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parser::parse;

    struct NoModules;

    impl ModuleLookup for NoModules {
        fn find(&self, _: &str) -> Option<ModuleInfo> {
            None
        }
        fn suggestions(&self, _: &str) -> Vec<String> {
            Vec::new()
        }
    }

    fn codes(src: &str) -> Vec<&'static str> {
        let program = parse(src).expect("parses");
        analyze(&program, src, &NoModules)
            .iter()
            .map(|f| f.code.id())
            .collect()
    }

    // On the default 2 MiB test stack on purpose: the walk loops over chains.
    #[test]
    fn chains_of_any_length_are_checked_without_recursion() {
        let n = 100_000;
        for src in [
            format!("x = 1{};", " + y".repeat(n)),
            format!("x = a{};", ".b(1)[0]".repeat(n)),
            format!("x = {}z;", "c ? 1 : ".repeat(n)),
            format!("function f() {{ return {}q; }}", "!-".repeat(n)),
        ] {
            assert!(codes(&src).contains(&"E002"));
        }
    }

    #[test]
    fn code_the_compiler_refuses_does_not_upset_the_analysis() {
        assert_eq!(codes("nonlocal x;\nprint(x);"), Vec::<&str>::new());
        assert_eq!(codes("break; continue; return 1;"), vec!["W003"]);
    }

    #[test]
    fn severity_follows_the_code_letter() {
        assert_eq!(Code::UndefinedName.severity(), Severity::Error);
        assert_eq!(Code::Unreachable.severity(), Severity::Warning);
        assert_eq!(Code::Syntax.severity(), Severity::Error);
    }
}
