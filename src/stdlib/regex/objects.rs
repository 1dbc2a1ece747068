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
use std::rc::Rc;

pub struct PatternObj(pub Rc<Compiled>);

pub fn pattern_value(c: Rc<Compiled>) -> Value {
    Value::NativeObj(Rc::new(Box::new(PatternObj(c))))
}

const PATTERN_METHODS: &[&str] = &[
    "count",
    "findall",
    "finditer",
    "fullmatch",
    "getFlags",
    "getPattern",
    "match",
    "search",
    "split",
    "sub",
    "subn",
    "test",
    "toString",
];

impl NativeObject for PatternObj {
    fn type_name(&self) -> &'static str {
        "Pattern"
    }

    fn display(&self) -> Option<String> {
        Some(pattern_text(&self.0))
    }

    fn method_names(&self) -> Vec<&'static str> {
        PATTERN_METHODS.to_vec()
    }

    fn call_method(&self, vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult {
        let c = &self.0;
        let qualified = format!("Pattern.{name}");
        match name {
            "search" | "match" | "fullmatch" | "findall" | "finditer" => {
                expect_args(&qualified, args, 1, 3)?;
                match name {
                    "search" => ops::find(c, name, Anchor::Search, args),
                    "match" => ops::find(c, name, Anchor::Start, args),
                    "fullmatch" => ops::find(c, name, Anchor::Full, args),
                    "findall" => ops::findall(c, args),
                    _ => ops::finditer(c, args),
                }
            }
            "split" => {
                expect_args(&qualified, args, 1, 2)?;
                ops::split(c, &args[0], ops::count_arg(name, args, 1)?)
            }
            "sub" | "subn" => {
                expect_args(&qualified, args, 2, 3)?;
                let limit = ops::count_arg(name, args, 2)?;
                let done = ops::substitute(vm, c, &args[0], &args[1], limit)?;
                Ok(if name == "sub" {
                    Value::string(done.0)
                } else {
                    ops::subn_value(done)
                })
            }
            "test" | "count" => {
                expect_args(&qualified, args, 1, 1)?;
                if name == "test" {
                    ops::test(c, &args[0])
                } else {
                    ops::count(c, &args[0])
                }
            }
            "getPattern" | "getFlags" | "toString" => {
                expect_args(&qualified, args, 0, 0)?;
                Ok(match name {
                    "getPattern" => Value::str(&c.source),
                    "getFlags" => Value::Int(c.flags),
                    _ => Value::string(pattern_text(c)),
                })
            }
            _ => Err(no_method("Pattern", name)),
        }
    }

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

const MATCH_METHODS: &[&str] = &[
    "end",
    "expand",
    "group",
    "groupCount",
    "groupDict",
    "groups",
    "lastGroup",
    "span",
    "start",
    "toString",
    "value",
];

impl NativeObject for MatchObj {
    fn type_name(&self) -> &'static str {
        "Match"
    }

    fn display(&self) -> Option<String> {
        Some(match_text(self))
    }

    fn method_names(&self) -> Vec<&'static str> {
        MATCH_METHODS.to_vec()
    }

    fn call_method(&self, _vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult {
        let qualified = format!("Match.{name}");
        let (min, max) = match name {
            "group" | "groupDict" | "start" | "end" | "span" => (0, 1),
            "expand" => (1, 1),
            _ => (0, 0),
        };
        expect_args(&qualified, args, min, max)?;
        let id = opt_arg(args, 0);
        Ok(match name {
            "group" => self
                .group_index(id)
                .map_or(Value::Null, |g| self.group_text(g)),
            "groups" => Value::array((1..self.bytes.len()).map(|g| self.group_text(g)).collect()),
            "groupDict" => self.group_dict(id.cloned().unwrap_or(Value::Null)),
            "start" => Value::Int(self.span_of(id).map_or(-1, |(s, _)| s as i64)),
            "end" => Value::Int(self.span_of(id).map_or(-1, |(_, e)| e as i64)),
            "span" => span_value(self.span_of(id)),
            "value" => self.group_text(0),
            "lastGroup" => self.last_group(),
            "groupCount" => int_value(self.pattern.group_count()),
            "expand" => {
                let template = ops::text_arg("expand", &args[0])?;
                let pieces = self.pattern.template(template.as_str())?;
                Value::string(expand(&pieces, self.text.as_str(), &self.bytes))
            }
            "toString" => Value::string(match_text(self)),
            _ => return Err(no_method("Match", name)),
        })
    }

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

fn no_method(type_name: &str, name: &str) -> RtError {
    RtError::attribute_error(format!("'{type_name}' object has no method '{name}'"))
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
