//! The `Pattern` and `Match` native objects (spec 5.8), with exactly the
//! documented methods and `toString` forms.
//!
//! A Match keeps the searched string (shared, not copied) and its group
//! spans both in bytes (to slice the text) and in code points (what
//! `start`/`end`/`span` report), converted once when the match is made.

use super::engine::{expand, Anchor, CharMap, Compiled, Spans};
use super::ops;
use super::translate::{DOTALL, IGNORECASE, MULTILINE, VERBOSE};
use crate::lang::builtins::{expect_args, int_arg, int_value, opt_arg, Qualified};
use crate::lang::error::RtError;
use crate::lang::format::repr;
use crate::lang::ops::to_int;
use crate::lang::value::{MlStr, NativeObject, NativeResult, Value};
use crate::lang::vm::Vm;
use crate::stdlib::object_methods::{self, method, Method};
use std::rc::Rc;

pub struct PatternObj(pub Rc<Compiled>);

pub fn pattern_value(c: Rc<Compiled>) -> Value {
    Value::NativeObj(Rc::new(Box::new(PatternObj(c))))
}

/// `Pattern` methods, in name order.
const PATTERN_METHODS: &[Method<PatternObj>] = &[
    method(
        "count",
        |p, _, a| p.one_text("count", a).and_then(|t| ops::count(&p.0, t)),
        "count(text): the number of non-overlapping matches",
    ),
    method(
        "findall",
        |p, _, a| p.find("findall", a, ops::findall),
        "findall(text, pos=0, endpos?): every match's text (or groups)",
    ),
    method(
        "finditer",
        |p, _, a| p.find("finditer", a, ops::finditer),
        "finditer(text, pos=0, endpos?): every match as a Match",
    ),
    method(
        "fullmatch",
        |p, _, a| {
            p.find("fullmatch", a, |c, a| {
                ops::find(c, "fullmatch", Anchor::Full, a)
            })
        },
        "fullmatch(text, pos=0, endpos?): the Match of the whole text, or null",
    ),
    method(
        "getFlags",
        |p, _, a| p.none("getFlags", a).map(|()| Value::Int(p.0.flags)),
        "getFlags(): the flags the pattern was compiled with",
    ),
    method(
        "getPattern",
        |p, _, a| p.none("getPattern", a).map(|()| Value::str(&p.0.source)),
        "getPattern(): the pattern's source text",
    ),
    method(
        "match",
        |p, _, a| p.find("match", a, |c, a| ops::find(c, "match", Anchor::Start, a)),
        "match(text, pos=0, endpos?): the Match at the start, or null",
    ),
    method(
        "search",
        |p, _, a| {
            p.find("search", a, |c, a| {
                ops::find(c, "search", Anchor::Search, a)
            })
        },
        "search(text, pos=0, endpos?): the first Match anywhere, or null",
    ),
    method(
        "split",
        PatternObj::split,
        "split(text, maxsplit=0): the text cut at each match",
    ),
    method(
        "sub",
        |p, vm, a| p.substitute(vm, "sub", a).map(|done| Value::string(done.0)),
        "sub(repl, text, count=0): the text with matches replaced",
    ),
    method(
        "subn",
        |p, vm, a| p.substitute(vm, "subn", a).map(ops::subn_value),
        "subn(repl, text, count=0): {result, count} of sub",
    ),
    method(
        "test",
        |p, _, a| p.one_text("test", a).and_then(|t| ops::test(&p.0, t)),
        "test(text): whether the pattern matches anywhere",
    ),
    method(
        "toString",
        |p, _, a| {
            p.none("toString", a)
                .map(|()| Value::string(pattern_text(&p.0)))
        },
        "toString(): Pattern('...', flags=...)",
    ),
];

impl PatternObj {
    fn none(&self, name: &str, args: &[Value]) -> Result<(), RtError> {
        expect_args(Qualified("Pattern", name), args, 0, 0)
    }

    fn one_text<'a>(&self, name: &str, args: &'a [Value]) -> Result<&'a Value, RtError> {
        expect_args(Qualified("Pattern", name), args, 1, 1)?;
        Ok(&args[0])
    }

    /// The search methods: text, then optional `pos` and `endpos`.
    fn find(
        &self,
        name: &str,
        args: &[Value],
        run: impl Fn(&Rc<Compiled>, &[Value]) -> NativeResult,
    ) -> NativeResult {
        expect_args(Qualified("Pattern", name), args, 1, 3)?;
        run(&self.0, args)
    }

    fn split(&self, _vm: &mut Vm, args: &[Value]) -> NativeResult {
        expect_args(Qualified("Pattern", "split"), args, 1, 2)?;
        ops::split(&self.0, &args[0], ops::count_arg("split", args, 1)?)
    }

    fn substitute(
        &self,
        vm: &mut Vm,
        name: &str,
        args: &[Value],
    ) -> Result<(String, usize), RtError> {
        expect_args(Qualified("Pattern", name), args, 2, 3)?;
        let limit = ops::count_arg(name, args, 2)?;
        ops::substitute(vm, &self.0, &args[0], &args[1], limit)
    }
}

impl NativeObject for PatternObj {
    fn type_name(&self) -> &'static str {
        "Pattern"
    }

    fn display(&self) -> Option<String> {
        Some(pattern_text(&self.0))
    }

    object_methods::methods_from_table!(PATTERN_METHODS);

    fn property(&self, name: &str) -> Option<Value> {
        (name == "pattern").then(|| Value::str(&self.0.source))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `Pattern('\\d+')`, `Pattern('a', flags=IGNORECASE | MULTILINE)`; like the
/// reference, only the four flags Python names there are shown.
fn pattern_text(c: &Compiled) -> String {
    let names: Vec<&str> = [
        (IGNORECASE, "IGNORECASE"),
        (MULTILINE, "MULTILINE"),
        (DOTALL, "DOTALL"),
        (VERBOSE, "VERBOSE"),
    ]
    .iter()
    .filter(|(bit, _)| c.flags & bit != 0)
    .map(|(_, n)| *n)
    .collect();
    let source = repr(&Value::str(&c.source));
    if names.is_empty() {
        format!("Pattern({source})")
    } else {
        format!("Pattern({source}, flags={})", names.join(" | "))
    }
}

pub struct MatchObj {
    pattern: Rc<Compiled>,
    text: Rc<MlStr>,
    /// Byte spans of groups 0..=n.
    bytes: Spans,
    /// The same spans in code points.
    chars: Vec<Option<(usize, usize)>>,
}

impl MatchObj {
    pub fn new(pattern: Rc<Compiled>, text: Rc<MlStr>, map: &CharMap, bytes: Spans) -> MatchObj {
        let chars = bytes
            .iter()
            .map(|s| s.map(|(a, b)| (map.to_char(a), map.to_char(b))))
            .collect();
        MatchObj {
            pattern,
            text,
            bytes,
            chars,
        }
    }

    /// Group `id` (a number or a name), if the pattern has it.
    fn group_index(&self, id: Option<&Value>) -> Option<usize> {
        match id {
            None => Some(0),
            Some(Value::Str(name)) => self.pattern.group_named(name.as_str()),
            Some(v) => usize::try_from(to_int(v, "group").ok()?)
                .ok()
                .filter(|g| *g < self.bytes.len()),
        }
    }

    fn group_text(&self, g: usize) -> Value {
        match self.bytes.get(g).copied().flatten() {
            Some((a, b)) => Value::str(&self.text.as_str()[a..b]),
            None => Value::Null,
        }
    }

    /// Code-point span of group `id`; `None` for unknown or absent groups.
    fn span_of(&self, id: Option<&Value>) -> Option<(usize, usize)> {
        self.chars.get(self.group_index(id)?).copied().flatten()
    }

    fn whole_span(&self) -> Value {
        span_value(self.chars.first().copied().flatten())
    }

    fn group_dict(&self, default: Value) -> Value {
        let pairs: Vec<(&str, Value)> = self
            .pattern
            .names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_deref().map(|n| (n, i + 1)))
            .map(|(n, g)| match self.group_text(g) {
                Value::Null => (n, default.clone()),
                v => (n, v),
            })
            .collect();
        Value::object_from(pairs)
    }

    fn last_group(&self) -> Value {
        let name = self
            .pattern
            .last_group(&self.bytes)
            .and_then(|g| self.pattern.names.get(g - 1).cloned().flatten());
        name.map_or(Value::Null, Value::string)
    }
}

/// `Match` methods, in name order.
const MATCH_METHODS: &[Method<MatchObj>] = &[
    method(
        "end",
        |m, _, a| {
            m.group_arg("end", a)
                .map(|id| Value::Int(m.span_of(id).map_or(-1, |(_, e)| e as i64)))
        },
        "end(g=0): where group g ends, or -1",
    ),
    method(
        "expand",
        MatchObj::expand,
        "expand(template): the template with the groups filled in",
    ),
    method(
        "group",
        |m, _, a| {
            m.group_arg("group", a)
                .map(|id| m.group_index(id).map_or(Value::Null, |g| m.group_text(g)))
        },
        "group(n_or_name=0): the text of a group, or null",
    ),
    method(
        "groupCount",
        |m, _, a| {
            m.none("groupCount", a)
                .map(|()| int_value(m.pattern.group_count()))
        },
        "groupCount(): the number of groups in the pattern",
    ),
    method(
        "groupDict",
        |m, _, a| {
            m.group_arg("groupDict", a)
                .map(|d| m.group_dict(d.cloned().unwrap_or(Value::Null)))
        },
        "groupDict(default=null): named groups and their text",
    ),
    method(
        "groups",
        |m, _, a| {
            m.none("groups", a)
                .map(|()| Value::array((1..m.bytes.len()).map(|g| m.group_text(g)).collect()))
        },
        "groups(): the text of every group (null when absent)",
    ),
    method(
        "lastGroup",
        |m, _, a| m.none("lastGroup", a).map(|()| m.last_group()),
        "lastGroup(): the name of the last group that closed, or null",
    ),
    method(
        "span",
        |m, _, a| m.group_arg("span", a).map(|id| span_value(m.span_of(id))),
        "span(g=0): [start, end] of group g, or [-1, -1]",
    ),
    method(
        "start",
        |m, _, a| {
            m.group_arg("start", a)
                .map(|id| Value::Int(m.span_of(id).map_or(-1, |(s, _)| s as i64)))
        },
        "start(g=0): where group g starts, or -1",
    ),
    method(
        "toString",
        |m, _, a| m.none("toString", a).map(|()| Value::string(match_text(m))),
        "toString(): Match(value='...', span=[start, end])",
    ),
    method(
        "value",
        |m, _, a| m.none("value", a).map(|()| m.group_text(0)),
        "value(): the text of the whole match",
    ),
];

impl MatchObj {
    fn none(&self, name: &str, args: &[Value]) -> Result<(), RtError> {
        expect_args(Qualified("Match", name), args, 0, 0)
    }

    /// The optional group (number or name) or default argument.
    fn group_arg<'a>(&self, name: &str, args: &'a [Value]) -> Result<Option<&'a Value>, RtError> {
        expect_args(Qualified("Match", name), args, 0, 1)?;
        Ok(opt_arg(args, 0))
    }

    fn expand(&self, _vm: &mut Vm, args: &[Value]) -> NativeResult {
        expect_args(Qualified("Match", "expand"), args, 1, 1)?;
        let template = ops::text_arg("expand", &args[0])?;
        let pieces = self.pattern.template(template.as_str())?;
        Ok(Value::string(expand(
            &pieces,
            self.text.as_str(),
            &self.bytes,
        )))
    }
}

impl NativeObject for MatchObj {
    fn type_name(&self) -> &'static str {
        "Match"
    }

    fn display(&self) -> Option<String> {
        Some(match_text(self))
    }

    object_methods::methods_from_table!(MATCH_METHODS);

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn match_value(m: MatchObj) -> Value {
    Value::NativeObj(Rc::new(Box::new(m)))
}

/// `Match(value='123', span=[4, 7])`.
fn match_text(m: &MatchObj) -> String {
    format!(
        "Match(value={}, span={})",
        repr(&m.group_text(0)),
        repr(&m.whole_span())
    )
}

/// `[start, end]`, or `[-1, -1]` for a group that is unknown or absent.
fn span_value(span: Option<(usize, usize)>) -> Value {
    match span {
        Some((s, e)) => Value::array(vec![int_value(s), int_value(e)]),
        None => Value::array(vec![Value::Int(-1), Value::Int(-1)]),
    }
}

/// The compiled pattern inside a Pattern value, if `v` is one.
pub fn as_pattern(v: &Value) -> Option<Rc<Compiled>> {
    match v {
        Value::NativeObj(o) => o.as_any().downcast_ref::<PatternObj>().map(|p| p.0.clone()),
        _ => None,
    }
}

/// An integer flags argument (absent or null = 0).
pub fn flags_arg(name: &str, args: &[Value], i: usize) -> Result<i64, RtError> {
    match opt_arg(args, i) {
        Some(v) => int_arg(Qualified("regex", name), v),
        None => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_tables_are_well_formed() {
        object_methods::assert_well_formed("Pattern", PATTERN_METHODS);
        object_methods::assert_well_formed("Match", MATCH_METHODS);
    }
}
