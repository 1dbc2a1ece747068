//! The regex operations (search, findall, split, sub, ...), written once
//! over a compiled pattern so that module functions (`regex.sub(p, ...)`)
//! and Pattern methods (`p.sub(...)`) cannot drift apart. Arguments arrive
//! as ML values; positions go in and come out as code-point offsets.

use super::engine::{expand, Anchor, CharMap, Compiled, Spans};
use super::objects::{match_value, MatchObj};
use crate::lang::builtins::{int_arg, int_value, opt_arg, Qualified};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::value::{MlStr, NativeResult, Value};
use crate::lang::vm::Vm;
use std::rc::Rc;

/// The text argument of a regex function: must be a string.
pub fn text_arg(name: &str, v: &Value) -> Result<Rc<MlStr>, RtError> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(RtError::type_error(format!(
            "regex.{name}() expected a string, not '{}'",
            other.type_name()
        ))),
    }
}

/// A non-negative count argument (`count`, `maxsplit`); absent means 0.
pub fn count_arg(name: &str, args: &[Value], i: usize) -> Result<usize, RtError> {
    match opt_arg(args, i) {
        Some(v) => {
            Ok(usize::try_from(int_arg(Qualified("regex", name), v)?.max(0)).unwrap_or(usize::MAX))
        }
        None => Ok(0),
    }
}

/// The byte range `pos..endpos` given as code points in `args[i]`, `args[i+1]`.
fn range_args(
    name: &str,
    map: &CharMap,
    args: &[Value],
    i: usize,
    len: usize,
) -> Result<(usize, usize), RtError> {
    let name = format!("regex.{name}");
    let pos = match opt_arg(args, i) {
        Some(v) => map.clamp(int_arg(&name, v)?),
        None => 0,
    };
    let end = match opt_arg(args, i + 1) {
        Some(v) => map.clamp(int_arg(&name, v)?),
        None => len,
    };
    Ok((pos, end))
}

/// `search` / `match` / `fullmatch`: `args` = text, pos?, endpos?.
pub fn find(c: &Rc<Compiled>, name: &str, anchor: Anchor, args: &[Value]) -> NativeResult {
    let text = text_arg(name, &args[0])?;
    let map = CharMap::new(text.as_str());
    let (pos, end) = range_args(name, &map, args, 1, text.as_str().len())?;
    Ok(match c.find_at(text.as_str(), pos, end, anchor)? {
        Some(spans) => match_value(MatchObj::new(c.clone(), text.clone(), &map, spans)),
        None => Value::Null,
    })
}

/// `findall`: whole matches, the one group's texts, or arrays of group texts.
pub fn findall(c: &Rc<Compiled>, args: &[Value]) -> NativeResult {
    let text = text_arg("findall", &args[0])?;
    let s = text.as_str();
    let map = CharMap::new(s);
    let (pos, end) = range_args("findall", &map, args, 1, s.len())?;
    let mut items = Vec::new();
    c.each_match(s, pos, end, 0, |spans| {
        items.push(findall_item(s, spans));
        Ok(())
    })?;
    Ok(Value::array(items))
}

fn findall_item(text: &str, spans: &Spans) -> Value {
    let group = |g: usize| Value::str(spans[g].map_or("", |(a, b)| &text[a..b]));
    match spans.len() {
        1 => group(0),
        2 => group(1),
        n => Value::array((1..n).map(group).collect()),
    }
}

/// `finditer`: an array of Match objects.
pub fn finditer(c: &Rc<Compiled>, args: &[Value]) -> NativeResult {
    let text = text_arg("finditer", &args[0])?;
    let map = CharMap::new(text.as_str());
    let (pos, end) = range_args("finditer", &map, args, 1, text.as_str().len())?;
    let mut items = Vec::new();
    c.each_match(text.as_str(), pos, end, 0, |spans| {
        items.push(match_value(MatchObj::new(
            c.clone(),
            text.clone(),
            &map,
            spans.clone(),
        )));
        Ok(())
    })?;
    Ok(Value::array(items))
}

/// `count`: the number of non-overlapping matches.
pub fn count(c: &Rc<Compiled>, text: &Value) -> NativeResult {
    let text = text_arg("count", text)?;
    let s = text.as_str();
    let n = c.each_match(s, 0, s.len(), 0, |_| Ok(()))?;
    Ok(int_value(n))
}

/// `test`: whether a search finds anything.
pub fn test(c: &Rc<Compiled>, text: &Value) -> NativeResult {
    let text = text_arg("test", text)?;
    let s = text.as_str();
    Ok(Value::Bool(
        c.find_at(s, 0, s.len(), Anchor::Search)?.is_some(),
    ))
}

/// `split`: the pieces between matches, with the groups' texts in between
/// (`null` for groups that did not take part), like Python.
pub fn split(c: &Rc<Compiled>, text: &Value, maxsplit: usize) -> NativeResult {
    let text = text_arg("split", text)?;
    let s = text.as_str();
    let mut parts = Vec::new();
    let mut last = 0;
    c.each_match(s, 0, s.len(), maxsplit, |spans| {
        let (start, end) = spans[0].unwrap_or((last, last));
        parts.push(Value::str(&s[last..start]));
        for g in spans.iter().skip(1) {
            parts.push(g.map_or(Value::Null, |(a, b)| Value::str(&s[a..b])));
        }
        last = end;
        Ok(())
    })?;
    parts.push(Value::str(&s[last..]));
    Ok(Value::array(parts))
}

/// `sub` / `subn`: the new text and the number of replacements. `repl` is a
/// Python template string or a function called with each Match.
pub fn substitute(
    vm: &mut Vm,
    c: &Rc<Compiled>,
    repl: &Value,
    text: &Value,
    limit: usize,
) -> Result<(String, usize), RtError> {
    let text = text_arg("sub", text)?;
    let s = text.as_str();
    let template = match repl {
        Value::Str(t) => Some(c.template(t.as_str())?),
        f if f.is_callable() => None,
        other => {
            return Err(RtError::type_error(format!(
                "regex.sub() replacement must be a string or a function, not '{}'",
                other.type_name()
            )))
        }
    };
    let map = CharMap::new(s);
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let n = c.each_match(s, 0, s.len(), limit, |spans| {
        let (start, end) = spans[0].unwrap_or((last, last));
        out.push_str(&s[last..start]);
        match &template {
            Some(pieces) => out.push_str(&expand(pieces, s, spans)),
            None => {
                let m = match_value(MatchObj::new(c.clone(), text.clone(), &map, spans.clone()));
                out.push_str(&display(&vm.call_value(repl, &[m])?));
            }
        }
        last = end;
        Ok(())
    })?;
    out.push_str(&s[last..]);
    Ok((out, n))
}

/// `subn`'s result object `{result, count}`.
pub fn subn_value((result, n): (String, usize)) -> Value {
    Value::object_from([("result", Value::string(result)), ("count", int_value(n))])
}
