//! String methods: `s.upper()`, `s.split(",")`, `s.find("x", 2)`, ...
//!
//! Strings keep their code-point length cached ([`MlStr`]), so the index
//! conversions here are free for ASCII text and one scan otherwise.

use super::{no_args, no_method, window_args, Method, Table};
use crate::lang::builtins::{expect_args, int_arg, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::format::push_repeated;
use crate::lang::iter::collect;
use crate::lang::mlstr::JOIN_SLACK;
use crate::lang::strpos;
use crate::lang::value::{MlStr, NativeResult, Value};
use crate::lang::vm::Vm;
use std::rc::Rc;

/// The string methods, one row each, ordered by [`super::row_order`] for
/// the lookup in [`call_string_method`]; listings sort them by name.
pub(super) static METHODS: Table<StrMethod> = Table::new(&[
    Method {
        name: "find",
        call: |_, s, a| match a {
            [Value::Str(sub)] => Ok(Value::Int(first_index(s, sub))),
            _ => find(s, "find", a),
        },
        doc: "find(sub, start?, end?): the first code-point index of sub, or -1",
    },
    Method {
        name: "join",
        call: |vm, s, a| join(vm, s, a),
        doc: "join(items): the items (strings) joined with this string between them",
    },
    Method {
        name: "count",
        call: |_, s, a| count(s, a),
        doc: "count(sub, start?, end?): how many non-overlapping times sub occurs",
    },
    Method {
        name: "index",
        call: |_, s, a| find(s, "index", a),
        doc: "index(sub, start?, end?): like find, but a ValueError when sub is missing",
    },
    Method {
        name: "ljust",
        call: |_, s, a| pad(s, "ljust", a),
        doc: "ljust(width, fill?): the string padded on the right to width",
    },
    Method {
        name: "lower",
        call: |_, s, a| case("lower", s, a, str::to_lowercase),
        doc: "lower(): the string in lower case",
    },
    Method {
        name: "rfind",
        call: |_, s, a| find(s, "rfind", a),
        doc: "rfind(sub, start?, end?): the last code-point index of sub, or -1",
    },
    Method {
        name: "rjust",
        call: |_, s, a| pad(s, "rjust", a),
        doc: "rjust(width, fill?): the string padded on the left to width",
    },
    Method {
        name: "split",
        call: |vm, s, a| split(vm, s, a),
        doc: "split(sep?, maxsplit?): the pieces between separators (whitespace runs by default)",
    },
    Method {
        name: "strip",
        call: |_, s, a| strip(s.as_str(), "strip", a),
        doc: "strip(chars?): the string without leading and trailing whitespace (or chars)",
    },
    Method {
        name: "title",
        call: |_, s, a| mapped("title", s, a, title),
        doc: "title(): every word capitalized",
    },
    Method {
        name: "upper",
        call: |_, s, a| case("upper", s, a, str::to_uppercase),
        doc: "upper(): the string in upper case",
    },
    Method {
        name: "center",
        call: |_, s, a| pad(s, "center", a),
        doc: "center(width, fill?): the string centered in width",
    },
    Method {
        name: "lstrip",
        call: |_, s, a| strip(s.as_str(), "lstrip", a),
        doc: "lstrip(chars?): the string without leading whitespace (or chars)",
    },
    Method {
        name: "rindex",
        call: |_, s, a| find(s, "rindex", a),
        doc: "rindex(sub, start?, end?): like rfind, but a ValueError when sub is missing",
    },
    Method {
        name: "rsplit",
        call: |_, s, a| rsplit(s.as_str(), a),
        doc: "rsplit(sep?, maxsplit?): like split, splitting from the right",
    },
    Method {
        name: "rstrip",
        call: |_, s, a| strip(s.as_str(), "rstrip", a),
        doc: "rstrip(chars?): the string without trailing whitespace (or chars)",
    },
    Method {
        name: "isalnum",
        call: |_, s, a| char_class(s.as_str(), "isalnum", a),
        doc: "isalnum(): whether non-empty and every character is a letter or digit",
    },
    Method {
        name: "isalpha",
        call: |_, s, a| char_class(s.as_str(), "isalpha", a),
        doc: "isalpha(): whether non-empty and every character is a letter",
    },
    Method {
        name: "isdigit",
        call: |_, s, a| char_class(s.as_str(), "isdigit", a),
        doc: "isdigit(): whether non-empty and every character is numeric",
    },
    Method {
        name: "islower",
        call: |_, s, a| case_test(s.as_str(), "islower", a),
        doc: "islower(): whether some character is cased and none is upper case",
    },
    Method {
        name: "isspace",
        call: |_, s, a| char_class(s.as_str(), "isspace", a),
        doc: "isspace(): whether non-empty and every character is whitespace",
    },
    Method {
        name: "istitle",
        call: |_, s, a| no_args("istitle", a).map(|_| Value::Bool(is_title(s.as_str()))),
        doc: "istitle(): whether every word starts upper case and goes on lower case",
    },
    Method {
        name: "isupper",
        call: |_, s, a| case_test(s.as_str(), "isupper", a),
        doc: "isupper(): whether some character is cased and none is lower case",
    },
    Method {
        name: "replace",
        call: |vm, s, a| replace(vm, s.as_str(), a),
        doc: "replace(old, new, count?): the string with old replaced by new (count times at most)",
    },
    Method {
        name: "endswith",
        call: |_, s, a| starts_or_ends_with(s, "endswith", a),
        doc: "endswith(suffix, start?, end?): whether the string ends with suffix (or one of an array of them)",
    },
    Method {
        name: "swapcase",
        call: |_, s, a| mapped("swapcase", s, a, swapcase),
        doc: "swapcase(): upper case made lower and lower case made upper",
    },
    Method {
        name: "capitalize",
        call: |_, s, a| mapped("capitalize", s, a, capitalize),
        doc: "capitalize(): the first character upper case, the rest lower case",
    },
    Method {
        name: "startswith",
        call: |_, s, a| starts_or_ends_with(s, "startswith", a),
        doc: "startswith(prefix, start?, end?): whether the string starts with prefix (or one of an array of them)",
    },
]);

/// Padding requests beyond this are almost surely bugs; refuse them instead
/// of exhausting memory (same limit as `"x" * n`).
const MAX_WIDTH: i64 = 100_000_000;

/// A string method: the VM (for long operations' interrupt checks), the
/// receiver and the call's arguments.
pub(super) type StrMethod = fn(&Vm, &Rc<MlStr>, &[Value]) -> NativeResult;

pub(super) fn call_string_method(
    vm: &Vm,
    s: &Rc<MlStr>,
    name: &str,
    args: &[Value],
) -> NativeResult {
    match METHODS.find(name) {
        Some(m) => (m.call)(vm, s, args),
        None => Err(no_method(&Value::Str(s.clone()), name)),
    }
}

/// A method without arguments returning `f` of the text as a new string.
fn mapped(name: &str, s: &MlStr, args: &[Value], f: fn(&str) -> String) -> NativeResult {
    no_args(name, args).map(|_| Value::string(f(s.as_str())))
}

/// `upper()` / `lower()`: ASCII text is mapped in its copy; other text
/// takes Unicode's full mapping `f` (which may change the length, as
/// `"ß".upper()` does).
fn case(name: &str, s: &MlStr, args: &[Value], f: fn(&str) -> String) -> NativeResult {
    no_args(name, args)?;
    match s.ascii_case(name == "upper") {
        Some(copy) => Ok(Value::Str(Rc::new(copy))),
        None => mapped(name, s, args, f),
    }
}

/// Python's `str.isspace` set: Unicode whitespace plus the ASCII
/// information separators 0x1c..0x1f, which Rust does not count.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase()
}

/// Python's `str.title`: a cased character after an uncased one starts a
/// word (so `"they're"` becomes `"They'Re"`, as in Python).
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_cased = false;
    for c in text.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = is_cased(c);
    }
    out
}

fn swapcase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `strip(chars?)`: whitespace by default, else any character of `chars`.
fn strip(text: &str, name: &str, args: &[Value]) -> NativeResult {
    expect_args(name, args, 0, 1)?;
    let set = match opt_arg(args, 0) {
        Some(v) => Some(str_arg(name, "1", v)?),
        None => None,
    };
    let strip_char = |c: char| match set {
        Some(set) => set.contains(c),
        None => is_py_space(c),
    };
    let out = match name {
        "lstrip" => text.trim_start_matches(strip_char),
        "rstrip" => text.trim_end_matches(strip_char),
        _ => text.trim_matches(strip_char),
    };
    Ok(Value::str(out))
}

/// Matches, pieces or items handled between two looks at Ctrl-C and
/// `--timeout` in the long string operations.
const CHECK_EVERY: usize = 4096;

/// `replace(old, new, count?)`; a negative or missing count replaces all.
/// Matches are counted first when the text grows, so that a result too
/// large for memory is a `MemoryError` before anything is built.
fn replace(vm: &Vm, text: &str, args: &[Value]) -> NativeResult {
    expect_args("replace", args, 2, 3)?;
    let old = str_arg("replace", "1", &args[0])?;
    let new = str_arg("replace", "2", &args[1])?;
    let limit = match opt_arg(args, 2) {
        Some(v) => usize::try_from(int_arg("replace", v)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let mut size = text.len() as u128;
    if new.len() > old.len() {
        let mut matches = 0u128;
        for (k, _) in text.match_indices(old).take(limit).enumerate() {
            if k % CHECK_EVERY == CHECK_EVERY - 1 {
                vm.check_interrupt()?;
            }
            matches += 1;
        }
        size += matches * (new.len() - old.len()) as u128;
    }
    let mut out = crate::lang::memory::reserve_string("the replaced string", size)?;
    let mut last = 0;
    for (k, (at, found)) in text.match_indices(old).take(limit).enumerate() {
        if k % CHECK_EVERY == CHECK_EVERY - 1 {
            vm.check_interrupt()?;
        }
        out.push_str(&text[last..at]);
        out.push_str(new);
        last = at + found.len();
    }
    out.push_str(&text[last..]);
    Ok(Value::string(out))
}

/// `split(sep?, maxsplit?)`.
fn split(vm: &Vm, s: &MlStr, args: &[Value]) -> NativeResult {
    expect_args("split", args, 0, 2)?;
    let text = s.as_str();
    // Every piece of ASCII text is ASCII: its length is its count.
    let ascii = s.ascii_len().is_some();
    let maxsplit = match opt_arg(args, 1) {
        Some(v) => usize::try_from(int_arg("split", v)?).ok(),
        None => None,
    };
    vm.check_interrupt()?;
    let Some(sep) = opt_arg(args, 0) else {
        let pieces = split_whitespace(text, maxsplit);
        return pieces_array(vm, pieces.clone().count(), pieces, ascii);
    };
    let sep = str_arg("split", "1", sep)?;
    let limit = maxsplit.map_or(usize::MAX, |m| m.saturating_add(1));
    match sep.as_bytes() {
        [] => Err(RtError::value_error("empty separator")),
        // A one-byte separator (a space, a comma, a newline) is counted as
        // bytes and searched for as a character (a memchr scan).
        [b] => {
            let n = text.bytes().filter(|c| c == b).count() + 1;
            pieces_array(vm, n.min(limit), split_byte(text, *b, limit), ascii)
        }
        _ => {
            let pieces = text.splitn(limit, sep);
            pieces_array(vm, pieces.clone().count(), pieces, ascii)
        }
    }
}

/// `text.splitn(limit, b)` for an ASCII byte `b` (a one-byte separator is
/// ASCII, so every cut is a character boundary). The first bytes of each
/// piece are scanned directly: words and fields are short, and the
/// standard searcher's memchr set-up cost more than the scan (about 135
/// instructions a piece on `bench/wordfreq`'s words); a longer piece goes
/// on with memchr.
pub fn split_byte(text: &str, b: u8, limit: usize) -> impl Iterator<Item = &str> {
    const SCAN: usize = 16;
    let mut rest = Some(text);
    let mut made = 0;
    std::iter::from_fn(move || {
        let piece = rest?;
        made += 1;
        if made >= limit {
            rest = None;
            return Some(piece);
        }
        let bytes = piece.as_bytes();
        let head = &bytes[..bytes.len().min(SCAN)];
        let cut = match head.iter().position(|c| *c == b) {
            Some(i) => Some(i),
            None if bytes.len() > SCAN => {
                // Continuation bytes past the scanned head are never `b`.
                let from = (SCAN..=bytes.len()).find(|k| piece.is_char_boundary(*k))?;
                piece[from..].find(char::from(b)).map(|i| i + from)
            }
            None => None,
        };
        match cut {
            Some(i) => {
                rest = Some(&piece[i + 1..]);
                Some(&piece[..i])
            }
            None => {
                rest = None;
                Some(piece)
            }
        }
    })
}

/// An array of the `n` pieces, each a string value of its own. Counting
/// them first (a second scan, cheap next to making the strings) allocates
/// the array once at its size, and a split too big for memory is a
/// `MemoryError` before anything is built. The pieces of an `ascii` text
/// are made without scanning each to count its code points.
fn pieces_array<'a>(
    vm: &Vm,
    n: usize,
    pieces: impl Iterator<Item = &'a str>,
    ascii: bool,
) -> NativeResult {
    let per_piece = (std::mem::size_of::<Value>() + 48) as u128;
    crate::lang::memory::check("the split pieces", n as u128 * per_piece)?;
    let mut items = Vec::with_capacity(n);
    for (k, part) in pieces.enumerate() {
        if k % CHECK_EVERY == CHECK_EVERY - 1 {
            vm.check_interrupt()?;
        }
        items.push(if ascii {
            Value::Str(MlStr::rc_counted(part, part.len()))
        } else {
            Value::str(part)
        });
    }
    Ok(Value::array(items))
}

/// Python's `str.split()` without a separator: runs of whitespace separate,
/// leading and trailing whitespace produce no empty parts. After `maxsplit`
/// splits the rest is kept whole (minus its leading whitespace).
pub fn split_whitespace(text: &str, maxsplit: Option<usize>) -> impl Iterator<Item = &str> + Clone {
    let mut rest = text.trim_start_matches(is_py_space);
    let mut splits = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if maxsplit.is_some_and(|m| splits >= m) {
            return Some(std::mem::take(&mut rest));
        }
        splits += 1;
        let end = rest.find(is_py_space).unwrap_or(rest.len());
        let piece = &rest[..end];
        rest = rest[end..].trim_start_matches(is_py_space);
        Some(piece)
    })
}

/// `rsplit(sep?, maxsplit?)`: like `split`, but the `maxsplit` splits are
/// made from the right, so the rest is kept whole at the front.
fn rsplit(text: &str, args: &[Value]) -> NativeResult {
    expect_args("rsplit", args, 0, 2)?;
    let maxsplit = match opt_arg(args, 1) {
        Some(v) => usize::try_from(int_arg("rsplit", v)?).ok(),
        None => None,
    };
    let mut parts = match opt_arg(args, 0) {
        None => rsplit_whitespace(text, maxsplit),
        Some(v) => {
            let sep = str_arg("rsplit", "1", v)?;
            if sep.is_empty() {
                return Err(RtError::value_error("empty separator"));
            }
            match maxsplit {
                Some(m) => text.rsplitn(m.saturating_add(1), sep).collect(),
                None => text.rsplit(sep).collect(),
            }
        }
    };
    parts.reverse();
    Ok(Value::array(parts.into_iter().map(Value::str).collect()))
}

/// [`split_whitespace`] from the right, parts in right-to-left order: the
/// rest after `maxsplit` splits keeps its leading whitespace.
fn rsplit_whitespace(text: &str, maxsplit: Option<usize>) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text.trim_end_matches(is_py_space);
    while !rest.is_empty() {
        if maxsplit.is_some_and(|m| out.len() >= m) {
            out.push(rest);
            break;
        }
        let start = rest.rfind(is_py_space).map_or(0, |i| {
            i + rest[i..].chars().next().map_or(1, char::len_utf8)
        });
        out.push(&rest[start..]);
        rest = rest[..start].trim_end_matches(is_py_space);
    }
    out
}

/// `sep.join(items)`: every item must be a string.
fn join(vm: &Vm, sep: &MlStr, args: &[Value]) -> NativeResult {
    expect_args("join", args, 1, 1)?;
    // An array is read in place (nothing here runs ML code that could
    // change it); other iterables are collected first.
    let collected;
    let borrowed;
    let items: &[Value] = match &args[0] {
        Value::Array(a) => {
            borrowed = a.borrow();
            &borrowed
        }
        other => {
            collected = collect(other)?;
            &collected
        }
    };
    let mut size = 0u128;
    let mut chars = 0u128;
    for (i, item) in items.iter().enumerate() {
        let Value::Str(s) = item else {
            return Err(RtError::type_error(format!(
                "sequence item {i}: expected string, {} found",
                item.type_name()
            )));
        };
        size += s.as_str().len() as u128;
        chars += s.char_len() as u128;
    }
    let seps = items.len().saturating_sub(1) as u128;
    size += seps * sep.as_str().len() as u128;
    chars += seps * sep.char_len() as u128;
    let out = crate::lang::memory::reserve_string("the joined string", size)?;
    // Room for the last piece to be stored as a whole field (see
    // `MlStr::append_to`).
    let mut out = out.into_bytes();
    out.reserve_exact(JOIN_SLACK);
    let one_byte = match sep.as_str().as_bytes() {
        [b] => Some(*b),
        _ => None,
    };
    for (i, item) in items.iter().enumerate() {
        if i % CHECK_EVERY == CHECK_EVERY - 1 {
            vm.check_interrupt()?;
        }
        if i > 0 {
            match one_byte {
                Some(b) => out.push(b),
                None => out.extend_from_slice(sep.as_str().as_bytes()),
            }
        }
        if let Value::Str(s) = item {
            s.append_to(&mut out);
        }
    }
    // SAFETY: `out` is the texts and separators, each whole UTF-8, one
    // after another.
    let out = unsafe { String::from_utf8_unchecked(out) };
    let chars = usize::try_from(chars).unwrap_or(usize::MAX);
    Ok(Value::Str(Rc::new(MlStr::counted(out, chars))))
}

/// The text of `s` between code points `start..end` (both within bounds).
fn char_slice(s: &Rc<MlStr>, start: i64, end: i64) -> &str {
    let text = s.as_str();
    if s.is_ascii() {
        let (start, end) = (to_index(start), to_index(end));
        return text.get(start..end).unwrap_or("");
    }
    let start = strpos::byte_offset(s, to_index(start));
    let end = strpos::byte_offset(s, to_index(end));
    text.get(start..end).unwrap_or("")
}

/// The code-point index of byte offset `b` in `text`.
fn char_index(text: &str, b: usize) -> i64 {
    to_i64(text.get(..b).map_or(0, |t| t.chars().count()))
}

fn char_count(text: &str) -> i64 {
    to_i64(text.chars().count())
}

/// `find`, `rfind` (-1 when missing) and `index`, `rindex` (ValueError).
fn find(s: &Rc<MlStr>, name: &str, args: &[Value]) -> NativeResult {
    expect_args(name, args, 1, 3)?;
    let sub = str_arg(name, "1", &args[0])?;
    let (start, end) = match args.len() {
        1 => (0, to_i64(s.char_len())),
        _ => window_args(name, args, 1, s.char_len())?,
    };
    let found = if longer_than_window(sub, start, end) {
        None
    } else {
        let hay = match args.len() {
            1 => s.as_str(),
            _ => char_slice(s, start, end),
        };
        search(hay, sub, name.starts_with('r')).map(|b| {
            let offset = if s.is_ascii() {
                to_i64(b)
            } else {
                char_index(hay, b)
            };
            start + offset
        })
    };
    match (found, name) {
        (Some(i), _) => Ok(Value::Int(i)),
        (None, "find" | "rfind") => Ok(Value::Int(-1)),
        (None, _) => Err(RtError::value_error("substring not found")),
    }
}

/// `s.find(sub)` with no window (the common call): the code-point index
/// of the first `sub` in the whole text, or -1, without the window's
/// argument checks. A needle longer than the text is simply not found.
fn first_index(s: &MlStr, sub: &MlStr) -> i64 {
    // A one-byte needle in a short ASCII text: found in registers.
    if let [b] = sub.as_str().as_bytes() {
        if let Some(at) = s.inline_ascii_find(*b) {
            return at.map_or(-1, to_i64);
        }
    }
    let hay = s.as_str();
    match search(hay, sub.as_str(), false) {
        Some(b) if s.is_ascii() => to_i64(b),
        Some(b) => char_index(hay, b),
        None => -1,
    }
}

/// Whether `sub` has more code points than the window `start..end` (its
/// byte length bounds that, so short needles are not counted).
fn longer_than_window(sub: &str, start: i64, end: i64) -> bool {
    let room = end - start;
    to_i64(sub.len()) > room && char_count(sub) > room
}

fn to_index(i: i64) -> usize {
    usize::try_from(i).unwrap_or(0)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The byte offset of the first (or the `last`) `sub` in `hay`. A one-byte
/// needle (always ASCII) is searched for as a character: a memchr scan,
/// without the setup of the substring search.
fn search(hay: &str, sub: &str, last: bool) -> Option<usize> {
    match (sub.as_bytes(), last) {
        // A short text is scanned here, cheaper than the setup of a
        // memchr call.
        ([b], false) if hay.len() <= 32 => find_byte(hay.as_bytes(), *b),
        ([b], false) => hay.find(char::from(*b)),
        ([b], true) => hay.rfind(char::from(*b)),
        (_, false) => hay.find(sub),
        (_, true) => hay.rfind(sub),
    }
}

/// The first `b` in a short `hay`, eight bytes at a time: a word that
/// has the byte has a zero byte after xor with `b` repeated, and the lowest
/// flag the zero-byte test raises is the first match (a false flag can
/// only appear above a true one).
fn find_byte(hay: &[u8], b: u8) -> Option<usize> {
    const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let pattern = LOW * u64::from(b);
    let mut words = hay.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(word);
        let x = u64::from_le_bytes(bytes) ^ pattern;
        let flags = x.wrapping_sub(LOW) & !x & HIGH;
        if flags != 0 {
            return Some(at + flags.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = words.remainder();
    rest.iter().position(|c| *c == b).map(|k| at + k)
}

/// `count(sub, start?, end?)`: non-overlapping occurrences.
fn count(s: &Rc<MlStr>, args: &[Value]) -> NativeResult {
    expect_args("count", args, 1, 3)?;
    let sub = str_arg("count", "1", &args[0])?;
    let (start, end) = window_args("count", args, 1, s.char_len())?;
    if longer_than_window(sub, start, end) {
        return Ok(Value::Int(0));
    }
    let hay = char_slice(s, start, end);
    let n = match sub.as_bytes() {
        // One byte (ASCII) never overlaps itself nor matches inside a
        // multi-byte character: count the bytes.
        [b] => hay.bytes().filter(|c| c == b).count(),
        _ => hay.matches(sub).count(),
    };
    Ok(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// `startswith(prefix, start?, end?)` / `endswith(...)`; the prefix may be
/// an array of alternatives (Python accepts a tuple).
fn starts_or_ends_with(s: &Rc<MlStr>, name: &str, args: &[Value]) -> NativeResult {
    expect_args(name, args, 1, 3)?;
    let candidates = match &args[0] {
        Value::Array(items) => items.borrow().clone(),
        other => vec![other.clone()],
    };
    let (start, end) = window_args(name, args, 1, s.char_len())?;
    for candidate in &candidates {
        let affix = str_arg(name, "1", candidate)?;
        if longer_than_window(affix, start, end) {
            continue;
        }
        let hay = match args.len() {
            1 => s.as_str(),
            _ => char_slice(s, start, end),
        };
        let hit = if name == "startswith" {
            hay.starts_with(affix)
        } else {
            hay.ends_with(affix)
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// `isdigit`, `isalpha`, `isalnum`, `isspace`: non-empty and every
/// character in the class.
fn char_class(text: &str, name: &str, args: &[Value]) -> NativeResult {
    no_args(name, args)?;
    let test: fn(char) -> bool = match name {
        "isdigit" => char::is_numeric,
        "isalpha" => char::is_alphabetic,
        "isalnum" => char::is_alphanumeric,
        _ => is_py_space,
    };
    Ok(Value::Bool(!text.is_empty() && text.chars().all(test)))
}

/// `isupper` / `islower`: at least one cased character and none of the
/// opposite case.
fn case_test(text: &str, name: &str, args: &[Value]) -> NativeResult {
    no_args(name, args)?;
    let has_cased = text.chars().any(is_cased);
    let opposite = if name == "isupper" {
        text.chars().any(char::is_lowercase)
    } else {
        text.chars().any(char::is_uppercase)
    };
    Ok(Value::Bool(has_cased && !opposite))
}

/// Python's `str.istitle`: some cased character, every uppercase or
/// titlecase one after an uncased character, every lowercase one after a
/// cased character.
fn is_title(text: &str) -> bool {
    let mut any_cased = false;
    let mut prev_cased = false;
    for c in text.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            any_cased = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            any_cased = true;
        } else {
            prev_cased = false;
        }
    }
    any_cased
}

/// The titlecase letters (Unicode category Lt), which Rust's case tests
/// do not count: digraphs such as `ǅ` and Greek letters with prosgegrammeni.
fn is_titlecase(c: char) -> bool {
    matches!(c,
        '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}'
        | '\u{1F88}'..='\u{1F8F}'
        | '\u{1F98}'..='\u{1F9F}'
        | '\u{1FA8}'..='\u{1FAF}'
        | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// `center(width, fill?)`, `ljust`, `rjust`.
fn pad(s: &Rc<MlStr>, name: &str, args: &[Value]) -> NativeResult {
    expect_args(name, args, 1, 2)?;
    let width = int_arg(name, &args[0])?;
    if width > MAX_WIDTH {
        return Err(RtError::value_error(format!("{name}() width too large")));
    }
    let fill = match opt_arg(args, 1) {
        Some(v) => fill_char(name, v)?,
        None => ' ',
    };
    let len = i64::try_from(s.char_len()).unwrap_or(i64::MAX);
    let Some((left, right)) = padding(name, width, len) else {
        return Ok(Value::Str(s.clone()));
    };
    let size = s.as_str().len() as u128 + (left as u128 + right as u128) * fill.len_utf8() as u128;
    let mut out = crate::lang::memory::reserve_string("the padded string", size)?;
    push_repeated(&mut out, fill, left);
    out.push_str(s.as_str());
    push_repeated(&mut out, fill, right);
    Ok(Value::string(out))
}

fn fill_char(name: &str, v: &Value) -> Result<char, RtError> {
    let text = str_arg(name, "2", v)?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(RtError::type_error(
            "The fill character must be exactly one character long",
        )),
    }
}

/// Left and right padding for `center`/`ljust`/`rjust`; `None` when the
/// text is already at least `width` long. `center` splits odd padding the
/// way Python does (the extra character goes left when `width` is odd).
pub fn padding(name: &str, width: i64, len: i64) -> Option<(usize, usize)> {
    let marg = width.checked_sub(len).filter(|m| *m > 0)?;
    let (left, right) = match name {
        "ljust" => (0, marg),
        "rjust" => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & width & 1);
            (left, marg - left)
        }
    };
    Some((usize::try_from(left).ok()?, usize::try_from(right).ok()?))
}

#[cfg(test)]
#[path = "string_tests.rs"]
mod tests;
