//! A compiled Python pattern and the match loop every regex function uses.
//!
//! `Compiled` keeps two engines: the pattern itself and a copy that must end
//! at the end of the text (Python's `fullmatch` lets the engine backtrack
//! until the whole text is used, which checking a search result afterwards
//! cannot do). Positions inside are byte offsets; [`CharMap`] turns them
//! into the code-point offsets ML programs see. Module-level calls such as
//! `regex.test(p, s)` in a loop would recompile every time, so compiled
//! patterns are cached per thread (values are `!Send`; a VM is one thread).

use super::template::{parse_template, Piece};
use super::translate::{translate, ASCII, DOTALL, IGNORECASE, MULTILINE, UNICODE, VERBOSE};
use crate::lang::error::{ErrorKind, RtError};
use fancy_regex::{Regex, RegexBuilder, RegexInput};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Byte spans of group 0..=n of one match (`None`: did not participate).
pub type Spans = Vec<Option<(usize, usize)>>;

pub struct Compiled {
    /// The pattern as the program wrote it.
    pub source: String,
    /// The flags as the program passed them.
    pub flags: i64,
    regex: Regex,
    full: Regex,
    /// Names of groups 1..=n.
    pub names: Vec<Option<String>>,
    /// Group numbers in the order their `)` appears in the pattern.
    pub close_order: Vec<usize>,
}

/// How a match must be placed.
#[derive(Clone, Copy, PartialEq)]
pub enum Anchor {
    /// Anywhere at or after the start position.
    Search,
    /// At the start position.
    Start,
    /// At the start position and through the end.
    Full,
}

const CACHE_LIMIT: usize = 128;
const BACKTRACK_LIMIT: usize = 1_000_000;

thread_local! {
    static CACHE: RefCell<HashMap<(String, i64), Rc<Compiled>>> = RefCell::new(HashMap::new());
}

/// Compiles (or fetches from the cache) `pattern` under Python `flags`.
pub fn compile(pattern: &str, flags: i64) -> Result<Rc<Compiled>, RtError> {
    let key = (pattern.to_string(), flags);
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(hit);
    }
    let compiled = Rc::new(build(pattern, flags)?);
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, compiled.clone());
    });
    Ok(compiled)
}

/// Flag bits Python accepts for text patterns (TEMPLATE, DEBUG and LOCALE
/// are Python-internal or bytes-only).
const KNOWN_FLAGS: i64 = IGNORECASE | MULTILINE | DOTALL | UNICODE | VERBOSE | ASCII;

fn build(pattern: &str, flags: i64) -> Result<Compiled, RtError> {
    // Long patterns are cut in messages so an error stays one readable line.
    let shown: String = match pattern.char_indices().nth(80) {
        Some((cut, _)) => format!("{}...", &pattern[..cut]),
        None => pattern.to_string(),
    };
    let invalid = |e: String| {
        let e: String = e.chars().take(200).collect();
        RtError::value_error(format!("Invalid regex pattern '{shown}': {e}"))
    };
    if flags & !KNOWN_FLAGS != 0 {
        return Err(invalid(format!("unknown flags {flags}")));
    }
    let t = translate(pattern, flags).map_err(invalid)?;
    let engine = |p: String| {
        RegexBuilder::new(&p)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .map_err(|e| invalid(e.to_string()))
    };
    let full = engine(format!(r"(?:{})\z", t.pattern))?;
    let regex = engine(t.pattern)?;
    Ok(Compiled {
        source: pattern.to_string(),
        flags,
        regex,
        full,
        names: t.names,
        close_order: t.close_order,
    })
}

impl Compiled {
    pub fn group_count(&self) -> usize {
        self.names.len()
    }

    /// The number of the group called `name`.
    pub fn group_named(&self, name: &str) -> Option<usize> {
        let i = self.names.iter().position(|n| n.as_deref() == Some(name))?;
        Some(i + 1)
    }

    /// The first match in `text[..end]` placed as `anchor` says, from byte `pos`.
    pub fn find_at(
        &self,
        text: &str,
        pos: usize,
        end: usize,
        anchor: Anchor,
    ) -> Result<Option<Spans>, RtError> {
        let end = end.min(text.len());
        if pos > end {
            return Ok(None);
        }
        let hay = &text[..end];
        let regex = if anchor == Anchor::Full {
            &self.full
        } else {
            &self.regex
        };
        let input = RegexInput::new(hay)
            .from_pos(pos)
            .anchored(anchor != Anchor::Search);
        let caps = regex.captures_input(input).map_err(runtime)?;
        Ok(caps.map(|c| {
            (0..=self.group_count())
                .map(|g| c.get(g).map(|m| (m.start(), m.end())))
                .collect()
        }))
    }

    /// Calls `each` for successive non-overlapping matches in `text[pos..end]`,
    /// at most `limit` of them (0 = no limit), with Python's rule for empty
    /// matches: one may not start where the previous empty match was.
    pub fn each_match(
        &self,
        text: &str,
        pos: usize,
        end: usize,
        limit: usize,
        mut each: impl FnMut(&Spans) -> Result<(), RtError>,
    ) -> Result<usize, RtError> {
        let mut at = pos;
        let mut last_empty: Option<usize> = None;
        let mut count = 0;
        while limit == 0 || count < limit {
            // Ctrl-C and --timeout are looked at every 256 matches.
            if count % 256 == 255 {
                crate::limits::check_running()?;
            }
            let Some(spans) = self.find_at(text, at, end, Anchor::Search)? else {
                break;
            };
            let (s, e) = spans[0].unwrap_or((at, at));
            if s == e && last_empty == Some(s) {
                match next_char(text, s) {
                    Some(next) if next <= end => {
                        at = next;
                        continue;
                    }
                    _ => break,
                }
            }
            each(&spans)?;
            count += 1;
            last_empty = (s == e).then_some(e);
            at = e;
        }
        Ok(count)
    }

    /// A parsed replacement template for this pattern.
    pub fn template(&self, template: &str) -> Result<Vec<Piece>, RtError> {
        parse_template(template, self.group_count(), |n| self.group_named(n))
            .map_err(RtError::value_error)
    }

    /// The group that closed last among those that took part (Python's
    /// `lastindex`): latest end, ties going to the later `)`.
    pub fn last_group(&self, spans: &Spans) -> Option<usize> {
        let order = |g: usize| self.close_order.iter().position(|x| *x == g).unwrap_or(0);
        (1..spans.len())
            .filter_map(|g| spans[g].map(|(_, e)| (e, order(g), g)))
            .max()
            .map(|(_, _, g)| g)
    }
}

/// Fills a parsed template from one match (groups that did not take part are empty).
pub fn expand(pieces: &[Piece], text: &str, spans: &Spans) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Group(g) => {
                if let Some(Some((s, e))) = spans.get(*g) {
                    out.push_str(&text[*s..*e]);
                }
            }
        }
    }
    out
}

fn next_char(text: &str, at: usize) -> Option<usize> {
    text[at..].chars().next().map(|c| at + c.len_utf8())
}

fn runtime(e: fancy_regex::Error) -> RtError {
    RtError::new(
        ErrorKind::RuntimeError,
        format!("regex matching failed: {e}"),
    )
}

/// Byte offset ↔ code-point offset for one text (identity for ASCII).
pub struct CharMap {
    /// Byte offset of each code point, for non-ASCII text.
    starts: Option<Vec<usize>>,
    len: usize,
}

impl CharMap {
    pub fn new(text: &str) -> CharMap {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        CharMap {
            starts,
            len: text.len(),
        }
    }

    pub fn to_char(&self, byte: usize) -> usize {
        match &self.starts {
            None => byte,
            Some(starts) => starts.partition_point(|b| *b < byte),
        }
    }

    /// The byte offset of code point `ch`, clamped to the text.
    pub fn to_byte(&self, ch: usize) -> usize {
        match &self.starts {
            None => ch.min(self.len),
            Some(starts) => starts.get(ch).copied().unwrap_or(self.len),
        }
    }

    /// Python's clamping of `pos`/`endpos`: negatives count as 0.
    pub fn clamp(&self, ch: i64) -> usize {
        self.to_byte(usize::try_from(ch.max(0)).unwrap_or(usize::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(p: &str, text: &str) -> Vec<(usize, usize)> {
        let c = compile(p, 0).unwrap();
        let mut out = Vec::new();
        c.each_match(text, 0, text.len(), 0, |s| {
            out.push(s[0].unwrap());
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn empty_matches_follow_python() {
        assert_eq!(
            all("x*", "abxd"),
            vec![(0, 0), (1, 1), (2, 3), (3, 3), (4, 4)]
        );
    }

    #[test]
    fn anchors() {
        let c = compile("a|ab", 0).unwrap();
        assert_eq!(
            c.find_at("ab", 0, 2, Anchor::Full).unwrap().unwrap()[0],
            Some((0, 2))
        );
        assert!(c.find_at("xab", 0, 3, Anchor::Start).unwrap().is_none());
        assert_eq!(
            c.find_at("xab", 1, 3, Anchor::Start).unwrap().unwrap()[0],
            Some((1, 2))
        );
        let d = compile("^a", 0).unwrap();
        assert!(d.find_at("ba", 1, 2, Anchor::Search).unwrap().is_none());
    }

    /// Random patterns built from regex syntax fragments either compile and
    /// run or fail with an error; none may panic.
    #[test]
    fn random_patterns_never_panic() {
        const PARTS: &[&str] = &[
            "a", "é", "(", ")", "[", "]", "^", "$", "\\", "\\d", "\\1", "\\b", "{", "}", "{2,",
            "*", "+", "?", "|", ".", "-", "(?", "P<n>", "P=n", "<=", "<!", "=", "!", "#", " ", ":",
            "i", "x", "\\Z", "\\0", "\\x4", "\\u00e9", ",", "1",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..3000 {
            let len = 1 + next(8);
            let pattern: String = (0..len).map(|_| PARTS[next(PARTS.len())]).collect();
            let flags = [0, IGNORECASE, MULTILINE | DOTALL, VERBOSE, ASCII][next(5)];
            let Ok(c) = build(&pattern, flags) else {
                continue;
            };
            for text in ["", "aé1 b\n", "ééa-a"] {
                for anchor in [Anchor::Search, Anchor::Start, Anchor::Full] {
                    let _ = c.find_at(text, 0, text.len(), anchor);
                }
                let _ = c.each_match(text, 0, text.len(), 0, |_| Ok(()));
            }
        }
    }

    #[test]
    fn char_map_counts_code_points() {
        let m = CharMap::new("héllo");
        assert_eq!(m.to_char(3), 2);
        assert_eq!(m.to_byte(2), 3);
        assert_eq!(m.clamp(-4), 0);
        assert_eq!(m.clamp(99), 6);
    }
}
