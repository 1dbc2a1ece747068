//! What an ML module defines, as far as importers can see: every name its
//! top level binds, and the arity of those bound only by one function
//! declaration.

use super::scopes::{BindKind, Scope};
use crate::lang::ast::Program;
use rustc_hash::FxHashMap;

#[derive(Debug, Default)]
pub struct Exports {
    /// Member name to its arity, when it is surely a function of that many
    /// parameters.
    names: FxHashMap<Box<str>, Option<u32>>,
}

impl Exports {
    /// The members of the module whose source is `text`, parsed as `program`.
    pub fn of(program: &Program, text: &str) -> Exports {
        let scope = Scope::module(&program.items);
        let mut names: FxHashMap<Box<str>, Option<u32>> = scope
            .names
            .iter()
            .map(|(name, b)| {
                let arity = match (b.kind, b.count) {
                    (BindKind::Function, 1) => b.arity,
                    _ => None,
                };
                (Box::from(&**name), arity)
            })
            .collect();
        // `nonlocal x` in a function with no enclosing `x` binds the global
        // (spec 3.8). Any name after the word counts: erring towards more
        // members only ever hides an error.
        for name in nonlocal_names(text) {
            names.insert(name.into(), None);
        }
        Exports { names }
    }

    /// Members known by name only (a built-in module's table).
    pub fn named<'n>(names: impl IntoIterator<Item = &'n str>) -> Exports {
        Exports {
            names: names.into_iter().map(|n| (Box::from(n), None)).collect(),
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// `Some(n)` if member `name` is surely a function of `n` parameters.
    pub fn arity(&self, name: &str) -> Option<u32> {
        self.names.get(name).copied().flatten()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(|k| &**k)
    }
}

/// The identifiers listed after each `nonlocal` word of `text`.
fn nonlocal_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("nonlocal") {
        let rest = &text[at + "nonlocal".len()..];
        let list = rest.split(';').next().unwrap_or("");
        for part in list.split(',') {
            let word = part.trim();
            if !word.is_empty() && word.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric()) {
                names.push(word);
            }
        }
    }
    names
}
