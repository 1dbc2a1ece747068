//! "Did you mean" for misspelt names: the edit distance and the rule for
//! when a known name is near enough to be what was meant. Shared by the
//! runtime's errors, the registry's import errors and the REPL's commands.

pub use crate::util::edit_distance;

/// The candidate nearest to `word` if it is near enough to be a typo of it
/// (a third of the word's length, at least one edit); `word` itself never.
/// A miss in a big object asks this of every key, so candidates whose
/// length alone puts them out of reach are skipped, and the distance of the
/// rest is given up as soon as it must exceed the limit.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let chars: Vec<char> = word.chars().collect();
    let limit = 1.max(chars.len() / 3);
    let mut rows = Rows::default();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .filter_map(|c| Some((distance_within(&chars, c, limit, &mut rows)?, c)))
        .min()
        .map(|(_, c)| c)
}

/// The three rows [`distance_within`] works in, reused across candidates.
#[derive(Default)]
struct Rows {
    b: Vec<char>,
    before: Vec<usize>,
    prev: Vec<usize>,
    row: Vec<usize>,
}

/// [`edit_distance`] of `a` and `b` if it is at most `limit`, else `None`
/// (possibly without computing it).
fn distance_within(a: &[char], b: &str, limit: usize, rows: &mut Rows) -> Option<usize> {
    let b_len = if b.is_ascii() {
        b.len()
    } else {
        b.chars().count()
    };
    if a.len().abs_diff(b_len) > limit {
        return None;
    }
    let Rows {
        b: bc,
        before,
        prev,
        row,
    } = rows;
    bc.clear();
    bc.extend(b.chars());
    let n = bc.len();
    before.clear();
    before.resize(n + 1, 0);
    prev.clear();
    prev.extend(0..=n);
    row.clear();
    row.resize(n + 1, 0);
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != bc[j - 1]);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == bc[j - 2] && a[i - 2] == bc[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
        }
        // A swap reaches back two rows, so the distance can no longer come
        // under the limit once two rows in a row are entirely above it.
        if row.iter().min() > Some(&limit) && prev.iter().min() > Some(&limit) {
            return None;
        }
        std::mem::swap(before, prev);
        std::mem::swap(prev, row);
    }
    Some(prev[n]).filter(|&d| d <= limit)
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
        let mut rows = Rows::default();
        for a in words {
            let chars: Vec<char> = a.chars().collect();
            for b in words {
                let full = edit_distance(a, b);
                for limit in 0..6 {
                    let want = Some(full).filter(|&d| d <= limit);
                    assert_eq!(
                        distance_within(&chars, b, limit, &mut rows),
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
