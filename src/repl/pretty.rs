//! Values as the REPL shows them (`=> ...` and `.vars`): short ones on one
//! line, nested ones spread over lines within the terminal's width, long
//! ones cut with a count (`... 99,900 more items`).
//!
//! Formatting is bounded by what is shown, never by the size of the value:
//! every step takes room from a character budget (one line) or a line
//! budget (a block), and stops when it is spent, so a 20-million-element
//! array costs what its first screenful costs. Nesting is walked by
//! recursion, which is safe because each level spends at least one
//! character or one line of a small budget.

use crate::lang::format;
use crate::lang::value::{Key, Value};
use std::rc::Rc;

/// Whether the REPL echoes the value: everything but `null` (asked without
/// formatting it, which for a huge array would cost what this module saves).
pub fn is_shown(value: &Value) -> bool {
    !matches!(plain(value), Value::Null | Value::Undef)
}

/// The value on one line of about `budget` characters at most.
pub fn one_line(value: &Value, budget: usize) -> String {
    let mut out = String::new();
    flat(value, budget.max(8), &mut out, &mut Vec::new());
    out
}

/// The value in at most `max_lines` lines of `width` columns (the first
/// line is shorter by `first_indent`, the width of a prefix such as `=> `).
pub fn block(value: &Value, width: usize, first_indent: usize, max_lines: usize) -> String {
    let width = width.max(20);
    let mut line = String::new();
    if flat(
        value,
        width - first_indent.min(width / 2),
        &mut line,
        &mut Vec::new(),
    ) {
        return line;
    }
    if let Some(value) = container(value) {
        let mut layout = Layout {
            width,
            max_lines: max_lines.max(3),
            lines: Vec::new(),
            path: Vec::new(),
        };
        layout.block(String::new(), &value, 0, "");
        return layout.lines.join("\n");
    }
    // A long string (or other long scalar): as much as the lines hold.
    let mut out = String::new();
    flat(value, width * max_lines.max(1), &mut out, &mut Vec::new());
    out
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The value itself, or what a captured variable's cell holds.
fn plain(value: &Value) -> Value {
    match value {
        Value::Cell(cell) => cell.borrow().clone(),
        other => other.clone(),
    }
}

/// An array or object (through a cell), the values [`Layout`] spreads.
fn container(value: &Value) -> Option<Value> {
    match plain(value) {
        v @ (Value::Array(_) | Value::Object(_)) => Some(v),
        _ => None,
    }
}

/// Identity of a container, for the recursion check.
fn identity(value: &Value) -> Option<usize> {
    match value {
        Value::Array(items) => Some(Rc::as_ptr(items) as *const u8 as usize),
        Value::Object(map) => Some(crate::lang::value::ObjRef::as_ptr(map) as usize),
        _ => None,
    }
}

fn len(value: &Value) -> usize {
    match value {
        Value::Array(items) => items.borrow().len(),
        Value::Object(map) => map.borrow().len(),
        _ => 0,
    }
}

/// The `i`th element of a container: for an object, its key as text too.
fn element(value: &Value, i: usize) -> Option<(Option<String>, Value)> {
    match value {
        Value::Array(items) => items.borrow().get(i).map(|v| (None, v.clone())),
        Value::Object(map) => map.borrow().get_index(i).map(|(key, v)| {
            let key = match key {
                Key::Int(n) => n.to_string(),
                Key::Str(s) => one_line(&Value::string(s.as_str().to_string()), 40),
            };
            (Some(format!("{key}: ")), v.clone())
        }),
        _ => None,
    }
}

fn brackets(value: &Value) -> (&'static str, &'static str) {
    match value {
        Value::Object(_) => ("{", "}"),
        _ => ("[", "]"),
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// `... 12 more items` (or `... 1 more item`).
fn more(n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("... {} more item{s}", thousands(n))
}

/// Room below which a cut element is left out rather than shown cut.
const SHOW_CUT: usize = 6;

/// Appends `value` on one line using about `budget` characters; `false`
/// when something was left out.
fn flat(value: &Value, budget: usize, out: &mut String, path: &mut Vec<usize>) -> bool {
    let value = plain(value);
    let Some(id) = identity(&value) else {
        return scalar(&value, budget, out);
    };
    if path.contains(&id) {
        let (open, close) = brackets(&value);
        out.push_str(&format!("{open}...{close}"));
        return true;
    }
    path.push(id);
    let complete = elements(&value, budget, out, path);
    path.pop();
    complete
}

/// The bracketed elements of a container, as many as fit.
fn elements(value: &Value, budget: usize, out: &mut String, path: &mut Vec<usize>) -> bool {
    let (open, close) = brackets(value);
    let n = len(value);
    out.push_str(open);
    let mut used = 1;
    for i in 0..n {
        let Some((key, item)) = element(value, i) else {
            break;
        };
        let sep = if i > 0 { ", " } else { "" };
        let key = key.unwrap_or_default();
        let last = i + 1 == n;
        // Room for this element, keeping enough for the closing bracket
        // and, unless it is the last, a `... N more items` after it.
        let reserve = 1 + if last { 0 } else { 2 + chars(&more(n - i - 1)) };
        let room = budget.saturating_sub(used + chars(sep) + chars(&key) + reserve);
        let mut piece = String::new();
        let complete = room > 0 && flat(&item, room, &mut piece, path);
        if !complete {
            out.push_str(sep);
            // A cut element still shows its start when there is room for
            // one worth reading; the count covers the rest.
            let left = if room >= SHOW_CUT && chars(&piece) <= room {
                out.push_str(&key);
                out.push_str(&piece);
                n - i - 1
            } else {
                n - i
            };
            if left > 0 {
                if left < n - i {
                    out.push_str(", ");
                }
                out.push_str(&more(left));
            }
            out.push_str(close);
            return false;
        }
        out.push_str(sep);
        out.push_str(&key);
        out.push_str(&piece);
        used += chars(sep) + chars(&key) + chars(&piece);
    }
    out.push_str(close);
    true
}

/// A string or other non-container, cut to `budget` characters.
fn scalar(value: &Value, budget: usize, out: &mut String) -> bool {
    let text = match value {
        // Quote only a prefix: a huge string must not be copied whole.
        Value::Str(s) if s.as_str().len() > budget * 4 + 8 => {
            let head: String = s.as_str().chars().take(budget).collect();
            format::repr(&Value::string(head))
        }
        Value::Str(_) => format::repr(value),
        other => format::display(other),
    };
    let whole = match value {
        Value::Str(s) => s.as_str().len() <= budget * 4 + 8,
        _ => true,
    };
    if whole && chars(&text) <= budget {
        out.push_str(&text);
        return true;
    }
    let cut: String = text.chars().take(budget.saturating_sub(3)).collect();
    out.push_str(&cut);
    out.push_str("...");
    false
}

/// Lines of a value spread over the terminal.
struct Layout {
    width: usize,
    max_lines: usize,
    lines: Vec<String>,
    path: Vec<usize>,
}

impl Layout {
    /// `prefix` and the opening bracket, the elements indented below, the
    /// closing bracket and `suffix`.
    fn block(&mut self, prefix: String, value: &Value, indent: usize, suffix: &str) {
        let (open, close) = brackets(value);
        let Some(id) = identity(value) else {
            return;
        };
        if self.path.contains(&id) {
            self.lines
                .push(format!("{:indent$}{prefix}{open}...{close}{suffix}", ""));
            return;
        }
        self.path.push(id);
        self.lines.push(format!("{:indent$}{prefix}{open}", ""));
        self.items(value, indent + 2);
        self.lines.push(format!("{:indent$}{close}{suffix}", ""));
        self.path.pop();
    }

    /// The elements, packed several to a line when they are short scalars,
    /// a nested block for a container that does not fit on its line.
    fn items(&mut self, value: &Value, indent: usize) {
        let n = len(value);
        let room = self.width.saturating_sub(indent);
        let mut packed = String::new();
        for i in 0..n {
            // Room for this element's line, the count and the closing
            // bracket, or stop here.
            if self.lines.len() + usize::from(!packed.is_empty()) + 3 > self.max_lines {
                self.flush(&mut packed, indent);
                self.lines.push(format!("{:indent$}{}", "", more(n - i)));
                return;
            }
            let Some((key, item)) = element(value, i) else {
                break;
            };
            let key = key.unwrap_or_default();
            let comma = if i + 1 < n { "," } else { "" };
            let mut piece = String::new();
            let budget = room.saturating_sub(chars(&key) + 1);
            let fits = flat(&item, budget, &mut piece, &mut self.path);
            if fits && key.is_empty() && container(&item).is_none() {
                if !packed.is_empty() && chars(&packed) + 1 + chars(&piece) + 1 > room {
                    self.flush(&mut packed, indent);
                }
                if !packed.is_empty() {
                    packed.push(' ');
                }
                packed.push_str(&piece);
                packed.push_str(comma);
                continue;
            }
            self.flush(&mut packed, indent);
            match container(&item) {
                Some(inner) if !fits && self.lines.len() + 4 < self.max_lines => {
                    self.block(key, &inner, indent, comma);
                }
                _ => self
                    .lines
                    .push(format!("{:indent$}{key}{piece}{comma}", "")),
            }
        }
        self.flush(&mut packed, indent);
    }

    fn flush(&mut self, packed: &mut String, indent: usize) {
        if !packed.is_empty() {
            self.lines.push(format!("{:indent$}{packed}", ""));
            packed.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(n: i64) -> Value {
        Value::array((0..n).map(Value::Int).collect())
    }

    #[test]
    fn short_values_stay_as_they_print() {
        assert_eq!(one_line(&ints(3), 60), "[0, 1, 2]");
        assert_eq!(block(&ints(3), 80, 3, 40), "[0, 1, 2]");
        let obj = Value::object_from([("x", Value::Int(1)), ("y", Value::string("a".into()))]);
        assert_eq!(one_line(&obj, 60), "{'x': 1, 'y': 'a'}");
    }

    #[test]
    fn long_arrays_are_cut_with_a_count() {
        let text = one_line(&ints(100_000), 40);
        assert!(text.starts_with("[0, 1, 2"), "{text}");
        assert!(text.ends_with("more items]"), "{text}");
        assert!(text.contains("99,9"), "{text}");
        assert!(chars(&text) <= 40, "{text}");
    }

    #[test]
    fn blocks_fit_the_width_and_the_line_budget() {
        let text = block(&ints(20_000_000), 80, 3, 10);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() <= 10, "{text}");
        assert!(lines.iter().all(|l| chars(l) <= 80), "{text}");
        assert!(text.contains("more items"), "{text}");
        assert_eq!(lines.last(), Some(&"]"));
    }

    #[test]
    fn nested_values_spread_over_lines() {
        let row = |k: i64| Value::array((0..30).map(|i| Value::Int(i * k)).collect());
        let value = Value::object_from([("first", row(1)), ("second", row(1000))]);
        let text = block(&value, 60, 3, 40);
        assert!(text.starts_with("{\n  'first': ["), "{text}");
        assert!(text.lines().all(|l| chars(l) <= 60), "{text}");
        assert!(text.ends_with("\n}"), "{text}");
    }

    #[test]
    fn a_long_first_element_shows_its_start() {
        let obj = Value::object_from([
            ("greeting", Value::string("hello ".repeat(40))),
            ("n", Value::Int(3)),
        ]);
        let text = one_line(&obj, 50);
        assert!(text.starts_with("{'greeting': 'hello hello"), "{text}");
        assert!(text.ends_with("..., ... 1 more item}"), "{text}");
        assert!(chars(&text) <= 50, "{text}");
    }

    #[test]
    fn long_strings_are_cut() {
        let s = Value::string("x".repeat(1_000_000));
        let text = one_line(&s, 30);
        assert!(chars(&text) <= 30, "{text}");
        assert!(text.starts_with("'xxx") && text.ends_with("..."), "{text}");
    }

    #[test]
    fn cycles_print_as_markers() {
        let a = ints(2);
        if let Value::Array(items) = &a {
            items.borrow_mut().push(a.clone());
        }
        assert_eq!(one_line(&a, 60), "[0, 1, [...]]");
        if let Value::Array(items) = &a {
            items.borrow_mut().clear();
        }
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(99_900), "99,900");
        assert_eq!(thousands(20_000_000), "20,000,000");
    }
}
