//! `ModuleName`: a dotted module name checked once, so the rest of the
//! registry never handles an invalid one.

use std::fmt;

/// A valid dotted module name such as `algorithms.graph.dijkstra`: one or
/// more identifiers (`[A-Za-z_][A-Za-z0-9_]*`) joined by dots.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleName(String);

impl ModuleName {
    pub fn parse(text: &str) -> Result<ModuleName, String> {
        if text.is_empty() {
            return Err("a module name cannot be empty".into());
        }
        for part in text.split('.') {
            if !is_identifier(part) {
                return Err(format!(
                    "'{text}' is not a valid module name: '{part}' is not an identifier \
                     (letters, digits and '_', not starting with a digit)"
                ));
            }
        }
        Ok(ModuleName(text.to_string()))
    }

    /// The name of the module in file `rel` (a path relative to a module
    /// folder, `a/b/c.ml` → `a.b.c`), or why it cannot be one.
    pub fn from_relative_path(rel: &std::path::Path) -> Result<ModuleName, String> {
        let mut parts = Vec::new();
        for component in rel.with_extension("").components() {
            let part = component.as_os_str().to_string_lossy();
            if !is_identifier(&part) {
                return Err(format!(
                    "'{}' cannot be a module name: '{part}' is not an identifier \
                     (use letters, digits and '_', e.g. data_processing.ml)",
                    rel.display()
                ));
            }
            parts.push(part.into_owned());
        }
        ModuleName::parse(&parts.join("."))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Names like `UserUtils` work but break the snake_case convention.
    pub fn is_conventional(&self) -> bool {
        !self.0.chars().any(|c| c.is_ascii_uppercase())
    }
}

impl fmt::Display for ModuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn paths_become_dotted_names() {
        let n = ModuleName::from_relative_path(Path::new("algorithms/graph/dijkstra.ml")).unwrap();
        assert_eq!(n.as_str(), "algorithms.graph.dijkstra");
    }

    #[test]
    fn invalid_file_names_are_rejected_with_a_reason() {
        for bad in [
            "data-processing.ml",
            "algorithms.sorting.ml",
            "2fast.ml",
            "a b.ml",
        ] {
            let err = ModuleName::from_relative_path(Path::new(bad)).unwrap_err();
            assert!(err.contains("cannot be a module name"), "{bad}: {err}");
        }
        assert!(ModuleName::parse("a..b").is_err());
    }

    #[test]
    fn capitalized_names_are_valid_but_unconventional() {
        let n = ModuleName::from_relative_path(Path::new("UserUtils.ml")).unwrap();
        assert!(!n.is_conventional());
    }
}
