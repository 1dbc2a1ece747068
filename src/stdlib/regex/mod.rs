//! The `regex` module (spec 5.8): Python `re` semantics on `fancy-regex`.
//!
//! The work is split along the path a call takes: [`translate`] rewrites
//! Python pattern syntax and [`template`] replacement syntax, [`engine`]
//! compiles, caches and runs patterns (byte offsets, Python's empty-match
//! rule), [`ops`] holds the operations shared by module functions and
//! Pattern methods, and [`objects`] the `Pattern`/`Match` native objects.
//! This file is the function table: module functions take the pattern
//! first (a string or a Pattern) and the flags last, then hand over to
//! `ops`.

mod engine;
mod objects;
mod ops;
mod template;
mod translate;

use super::{functions, Row};
use crate::lang::builtins::{expect_args, Qualified};
use crate::lang::error::RtError;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use engine::{Anchor, Compiled};
use objects::{as_pattern, flags_arg, pattern_value};
use std::rc::Rc;

const COMPILE: &[&str] = &["regex.compile"];
const MATCH: &[&str] = &["regex.match"];

fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "compile" => COMPILE,
        "escape" | "isValid" => &[],
        n if n.chars().all(|c| c.is_ascii_uppercase()) => &[],
        _ => MATCH,
    }
}

const ROWS: &[Row] = &[
    (
        "ASCII",
        ascii,
        "ASCII(): flag 256, \\w \\d \\s \\b match ASCII only",
    ),
    (
        "DOTALL",
        dotall,
        "DOTALL(): flag 16, '.' also matches a newline",
    ),
    (
        "IGNORECASE",
        ignorecase,
        "IGNORECASE(): flag 2, case-insensitive matching",
    ),
    (
        "MULTILINE",
        multiline,
        "MULTILINE(): flag 8, ^ and $ match at every line",
    ),
    (
        "UNICODE",
        unicode,
        "UNICODE(): flag 32, Unicode matching (the default)",
    ),
    (
        "VERBOSE",
        verbose,
        "VERBOSE(): flag 64, blanks and # comments in patterns are ignored",
    ),
    (
        "compile",
        compile,
        "compile(p, flags=0): a Pattern object; invalid patterns raise ValueError",
    ),
    (
        "count",
        count,
        "count(p, text, flags=0): number of non-overlapping matches",
    ),
    (
        "escape",
        escape,
        "escape(text): text with regex special characters backslash-escaped",
    ),
    (
        "findall",
        findall,
        "findall(p, text, flags=0): all matches (group texts when p has groups)",
    ),
    (
        "finditer",
        finditer,
        "finditer(p, text, flags=0): array of Match objects for all matches",
    ),
    (
        "fullmatch",
        fullmatch,
        "fullmatch(p, text, flags=0): Match if p matches the whole text, else null",
    ),
    (
        "isValid",
        is_valid,
        "isValid(p): whether p is a valid pattern",
    ),
    (
        "match",
        match_fn,
        "match(p, text, flags=0): Match if p matches at the start of text, else null",
    ),
    (
        "search",
        search,
        "search(p, text, flags=0): Match for the first match anywhere, else null",
    ),
    (
        "split",
        split,
        "split(p, text, maxsplit=0, flags=0): pieces of text between matches (plus group texts)",
    ),
    (
        "sub",
        sub,
        "sub(p, repl, text, count=0, flags=0): text with matches replaced (\\1, \\g<name> in repl)",
    ),
    (
        "subn",
        subn,
        "subn(p, repl, text, count=0, flags=0): {result, count} of sub",
    ),
    (
        "test",
        test,
        "test(p, text, flags=0): whether p matches anywhere in text",
    ),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("regex", ROWS, capabilities)
}

/// The pattern argument `args[0]`: a Pattern (flags must then be 0, as in
/// Python) or a pattern string compiled with the flags at `args[flags_at]`.
fn pattern_arg(name: &str, args: &[Value], flags_at: usize) -> Result<Rc<Compiled>, RtError> {
    let flags = flags_arg(name, args, flags_at)?;
    if let Some(c) = as_pattern(&args[0]) {
        if flags != 0 {
            return Err(RtError::value_error(
                "cannot process flags argument with a compiled pattern",
            ));
        }
        return Ok(c);
    }
    match &args[0] {
        Value::Str(p) => engine::compile(p.as_str(), flags),
        other => Err(RtError::type_error(format!(
            "regex.{name}() pattern must be a string or Pattern, not '{}'",
            other.type_name()
        ))),
    }
}

fn flag(name: &str, args: &[Value], bit: i64) -> NativeResult {
    expect_args(Qualified("regex", name), args, 0, 0)?;
    Ok(Value::Int(bit))
}

fn ascii(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    flag("ASCII", args, translate::ASCII)
}

fn dotall(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    flag("DOTALL", args, translate::DOTALL)
}

fn ignorecase(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    flag("IGNORECASE", args, translate::IGNORECASE)
}

fn multiline(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    flag("MULTILINE", args, translate::MULTILINE)
}

fn unicode(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    flag("UNICODE", args, translate::UNICODE)
}

fn verbose(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    flag("VERBOSE", args, translate::VERBOSE)
}

fn compile(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("regex.compile", args, 1, 2)?;
    let c = pattern_arg("compile", args, 1)?;
    // Like Python, compiling a Pattern hands back that very Pattern.
    if as_pattern(&args[0]).is_some() {
        return Ok(args[0].clone());
    }
    Ok(pattern_value(c))
}

/// `name(p, text, flags?)` → `ops` on the text alone.
fn with_text(name: &str, args: &[Value]) -> Result<Rc<Compiled>, RtError> {
    expect_args(Qualified("regex", name), args, 2, 3)?;
    pattern_arg(name, args, 2)
}

fn search(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    ops::find(
        &with_text("search", args)?,
        "search",
        Anchor::Search,
        &args[1..2],
    )
}

fn match_fn(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    ops::find(
        &with_text("match", args)?,
        "match",
        Anchor::Start,
        &args[1..2],
    )
}

fn fullmatch(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    ops::find(
        &with_text("fullmatch", args)?,
        "fullmatch",
        Anchor::Full,
        &args[1..2],
    )
}

fn findall(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    ops::findall(&with_text("findall", args)?, &args[1..2])
}

fn finditer(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    ops::finditer(&with_text("finditer", args)?, &args[1..2])
}

fn test(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    ops::test(&with_text("test", args)?, &args[1])
}

fn count(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    ops::count(&with_text("count", args)?, &args[1])
}

fn split(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("regex.split", args, 2, 4)?;
    let c = pattern_arg("split", args, 3)?;
    ops::split(&c, &args[1], ops::count_arg("split", args, 2)?)
}

/// Shared by `sub` and `subn`: `(p, repl, text, count=0, flags=0)`.
fn substitute(vm: &mut Vm, name: &str, args: &[Value]) -> Result<(String, usize), RtError> {
    expect_args(Qualified("regex", name), args, 3, 5)?;
    let c = pattern_arg(name, args, 4)?;
    let limit = ops::count_arg(name, args, 3)?;
    ops::substitute(vm, &c, &args[1], &args[2], limit)
}

fn sub(vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::string(substitute(vm, "sub", args)?.0))
}

fn subn(vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(ops::subn_value(substitute(vm, "subn", args)?))
}

fn escape(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("regex.escape", args, 1, 1)?;
    let text = ops::text_arg("escape", &args[0])?;
    Ok(Value::string(template::escape(text.as_str())))
}

fn is_valid(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("regex.isValid", args, 1, 1)?;
    Ok(Value::Bool(match &args[0] {
        Value::Str(p) => engine::compile(p.as_str(), 0).is_ok(),
        other => as_pattern(other).is_some(),
    }))
}
