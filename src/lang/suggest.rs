//! "Did you mean" for misspelt names: the edit distance and the rule for
//! when a known name is near enough to be what was meant. Shared by the
//! runtime's errors, the registry's import errors and the REPL's commands.

pub use crate::util::edit_distance;
use crate::util::edit_distance_within;

/// The candidate nearest to `word` if it is near enough to be a typo of it
/// (a third of the word's length, at least one edit); `word` itself never.
/// Candidates out of reach are dropped early (see [`edit_distance_within`]).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let chars: Vec<char> = word.chars().collect();
    let limit = 1.max(chars.len() / 3);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .filter_map(|c| Some((edit_distance_within(&chars, c, limit)?, c)))
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

    /// The bounded distance agrees with the full one wherever it answers,
    /// and answers whenever the full one is within the limit.
    #[test]
    fn bounded_distance_agrees_with_edit_distance() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "kitten", "sitting", "héllo", "hello", "xyzzy",
            "abcdef", "badcfe",
        ];
        for a in words {
            let chars: Vec<char> = a.chars().collect();
            for b in words {
                let full = edit_distance(a, b);
                for limit in 0..6 {
                    let want = Some(full).filter(|&d| d <= limit);
                    assert_eq!(
                        edit_distance_within(&chars, b, limit),
                        want,
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn near_names_are_suggested_far_ones_not() {
        assert_eq!(closest("prnt", ["print", "len", "range"]), Some("print"));
        assert_eq!(closest("gret", ["greet", "shout"]), Some("greet"));
        assert_eq!(closest("xyz", ["print", "len"]), None);
        assert_eq!(closest("len", ["len"]), None);
        assert_eq!(closest("alpah", ["alpha", "beta"]), Some("alpha"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("ab", ["ba", "abcd"]), Some("ba"));
        assert_eq!(closest("ééé", ["éé", "x"]), Some("éé"));
        assert_eq!(
            hint("user_util", ["user_utils"]),
            " (did you mean 'user_utils'?)"
        );
    }
}
