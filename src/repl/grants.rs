//! `.capabilities`, `.grant` and `.revoke`: the session's grants as a table,
//! and changing them while the session runs.
//!
//! `.grant` on a terminal asks before granting (a pasted line should not
//! widen what code may reach without the user seeing it); piped sessions
//! grant without asking and say what they granted, so scripts stay usable.
//! Relative path patterns resolve against the working folder, as with
//! `--grant`.

use crate::capabilities::{Grant, GrantSource, Grants};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::Table;
use std::path::PathBuf;

/// Asks the user a yes/no question; `true` means yes.
pub type Confirm = Box<dyn FnMut(&str) -> bool>;

/// `.capabilities`: one row per grant with its patterns and source.
pub fn table(grants: &Grants) -> String {
    let mode = if grants.strict {
        "strict_security: true (what is not granted is denied)"
    } else {
        "strict_security: false (what is not granted is allowed, with a warning)"
    };
    if grants.list().is_empty() {
        return format!("No capabilities granted.\n{mode}");
    }
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header(vec!["Capability", "Resources", "Source"]);
    for grant in grants.list() {
        let resources = if grant.patterns.is_empty() {
            "(any)".to_string()
        } else {
            grant
                .patterns
                .iter()
                .map(|p| shown_pattern(&p.written, &p.resolved))
                .collect::<Vec<_>>()
                .join("\n")
        };
        t.add_row(vec![
            shown_name(grants, &grant.name),
            resources,
            grant.source.to_string(),
        ]);
    }
    format!("{t}\n{mode}")
}

/// A grant's name, with the names `.revoke` took out of it (`* except
/// file.read`).
fn shown_name(grants: &Grants, name: &str) -> String {
    if !name.contains('*') {
        return name.to_string();
    }
    let except: Vec<&str> = grants
        .excluded()
        .iter()
        .filter(|x| x.as_str() != name && glob_covers(name, x))
        .map(String::as_str)
        .collect();
    if except.is_empty() {
        name.to_string()
    } else {
        format!("{name} except {}", except.join(", "))
    }
}

fn glob_covers(pattern: &str, name: &str) -> bool {
    pattern == "*" || glob::Pattern::new(pattern).is_ok_and(|p| p.matches(name))
}

/// The pattern as written, and what it resolved to when that differs.
fn shown_pattern(written: &str, resolved: &str) -> String {
    if written == resolved {
        written.to_string()
    } else {
        format!("{written} ({resolved})")
    }
}

/// `.grant NAME [PATTERN ...]`.
pub fn grant(
    grants: &mut Grants,
    name: &str,
    patterns: &[String],
    confirm: Option<&mut Confirm>,
) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let grant = match Grant::new(name, patterns, &cwd, GrantSource::Repl) {
        Ok(g) => g,
        Err(problem) => return format!("Error: {problem}"),
    };
    let what = describe(&grant);
    if let Some(ask) = confirm {
        if !ask(&format!("Grant {what}? [y/N] ")) {
            return "Not granted.".into();
        }
    }
    grants.add(grant);
    format!("Granted {what}.")
}

/// `.revoke NAME`.
pub fn revoke(grants: &mut Grants, name: &str) -> String {
    let name = crate::capabilities::normalize_name(name);
    match grants.revoke(&name) {
        (0, false) => format!("Error: capability '{name}' is not granted"),
        (0, true) => format!("Revoked '{name}': the wildcard grants no longer cover it."),
        (1, false) => format!("Revoked '{name}'."),
        (n, false) => format!("Revoked '{name}' ({n} grants)."),
        (n, true) => {
            format!("Revoked '{name}' ({n} grants); the wildcard grants no longer cover it.")
        }
    }
}

fn describe(grant: &Grant) -> String {
    if grant.patterns.is_empty() {
        return format!("'{}' for any resource", grant.name);
    }
    let patterns: Vec<String> = grant
        .patterns
        .iter()
        .map(|p| shown_pattern(&p.written, &p.resolved))
        .collect();
    format!("'{}' for {}", grant.name, patterns.join(", "))
}

/// A [`Confirm`] that asks on the terminal and reads one line.
pub fn ask_on_terminal() -> Confirm {
    Box::new(|question: &str| {
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = write!(out, "{question}");
        let _ = out.flush();
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() {
            return false;
        }
        matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
    })
}
