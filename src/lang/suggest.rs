//! "Did you mean" for misspelt names: the edit distance and the rule for
//! when a known name is near enough to be what was meant. Shared by the
//! runtime's errors, the registry's import errors and the REPL's commands.

pub use crate::util::edit_distance;

/// The candidate nearest to `word` if it is near enough to be a typo of it
/// (a third of the word's length, at least one edit); `word` itself never.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = 1.max(word.chars().count() / 3);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// ` (did you mean 'x'?)`, or nothing when no candidate is near.
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or(String::new(), |c| format!(" (did you mean '{c}'?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested_far_ones_not() {
        assert_eq!(closest("prnt", ["print", "len", "range"]), Some("print"));
        assert_eq!(closest("gret", ["greet", "shout"]), Some("greet"));
        assert_eq!(closest("xyz", ["print", "len"]), None);
        assert_eq!(closest("len", ["len"]), None);
        assert_eq!(closest("alpah", ["alpha", "beta"]), Some("alpha"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            hint("user_util", ["user_utils"]),
            " (did you mean 'user_utils'?)"
        );
    }
}
