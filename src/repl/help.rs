//! `help(x)` and `x?` at the prompt: a function's signature and doc, a
//! module's members with theirs, printed as text wrapped to the terminal.
//!
//! The language has no doc strings; an ML function's doc is the run of `//`
//! comment lines just above its `function` line, as a reader of the file
//! would take it. Functions written in Rust carry a one-line doc of their
//! own, which starts with their signature.

use crate::lang::builtins::help_text;
use crate::lang::value::{Closure, Module, Value};

/// Most lines of a doc comment shown for one function.
const DOC_LINES: usize = 12;

/// The help text of a value, lines at most `width` columns wide.
pub fn describe(value: &Value, width: usize) -> String {
    let lines = match value {
        Value::Func(c) => function_help(c),
        Value::Module(m) => module_help(m, value, width),
        other => help_text(other).lines().map(str::to_string).collect(),
    };
    let mut out = Vec::new();
    for line in lines {
        let indent = line.len() - line.trim_start().len();
        let wrapped = super::width::wrap(&line, width.saturating_sub(indent).max(20));
        if wrapped.is_empty() {
            out.push(String::new());
        }
        for (i, part) in wrapped.into_iter().enumerate() {
            let pad = if i == 0 { indent } else { indent + 4 };
            out.push(format!("{:pad$}{part}", ""));
        }
    }
    out.join("\n")
}

/// `function name(a, b)`, where it was defined, and its doc comment.
fn function_help(c: &Closure) -> Vec<String> {
    let mut lines = vec![signature(c)];
    if let Some((place, doc)) = source_doc(c) {
        lines.extend(doc.into_iter().map(|d| format!("    {d}")));
        lines.push(format!("defined at {place}"));
    }
    lines
}

fn signature(c: &Closure) -> String {
    let proto = &c.proto.proto;
    let params: Vec<&str> = proto.params().collect();
    if proto.anonymous {
        format!("function({})", params.join(", "))
    } else {
        format!("function {}({})", proto.name, params.join(", "))
    }
}

/// `file:line` of the function's `function` line and the `//` comment
/// lines right above it.
fn source_doc(c: &Closure) -> Option<(String, Vec<String>)> {
    let proto = &c.proto.proto;
    let offset = proto.debug.offset_of(0)?;
    let file = &proto.file;
    let (line, _) = file.line_col(offset);
    let lines: Vec<&str> = file.text.lines().collect();
    // The first instruction is in the body; the header is at most a few
    // lines above it (parameters may be spread over lines).
    let needle = format!("function {}", proto.name);
    let header = (line.saturating_sub(20)..line)
        .rev()
        .find(|&i| lines.get(i).is_some_and(|l| l.contains(&needle)))?;
    let mut doc: Vec<String> = lines[..header]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("//"))
        .map(|l| l.trim_start_matches('/').trim().to_string())
        .collect();
    doc.reverse();
    doc.truncate(DOC_LINES);
    Some((format!("{}:{}", file.name, header + 1), doc))
}

/// `module NAME`, then its functions (signature and first doc line) and
/// its other members.
fn module_help(m: &Module, value: &Value, width: usize) -> Vec<String> {
    let mut entries = m.globals.entries();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut lines = vec![format!("module {}", m.name)];
    let mut values = Vec::new();
    let mut functions = Vec::new();
    for (name, value) in &entries {
        match member_line(name, value) {
            Some(line) => functions.push(line),
            None => values.push(name.to_string()),
        }
    }
    if !functions.is_empty() {
        lines.push(format!("Functions ({}):", functions.len()));
        lines.extend(
            functions
                .into_iter()
                .map(|f| format!("  {}", fit(&f, width - 2))),
        );
    }
    if !values.is_empty() {
        lines.push(format!("Values ({}): {}", values.len(), values.join(", ")));
    }
    // The builtin help's last line says what the module's functions need.
    if let Some(needs) = help_text(value)
        .lines()
        .last()
        .filter(|l| l.starts_with("Requires"))
    {
        lines.push(needs.to_string());
    }
    lines
}

/// One line for a module's function member; `None` for other values.
fn member_line(name: &str, value: &Value) -> Option<String> {
    match value {
        Value::Func(c) => {
            let doc = source_doc(c).and_then(|(_, d)| d.into_iter().next());
            let params: Vec<&str> = c.proto.proto.params().collect();
            let sig = format!("{name}({})", params.join(", "));
            Some(match doc {
                Some(d) => format!("{sig}: {d}"),
                None => sig,
            })
        }
        Value::Native(f) if f.doc.is_empty() => Some(format!("{name}(...)")),
        Value::Native(f) => Some(f.doc.to_string()),
        _ => None,
    }
}

/// `text` cut to `width` characters, with `...` where it was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let cut: String = text.chars().take(width.saturating_sub(3)).collect();
    format!("{cut}...")
}
