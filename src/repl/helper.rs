//! The terminal side of the REPL: the rustyline loop (prompts, history file,
//! Ctrl-C / Ctrl-D) and the helper that completes and highlights.
//!
//! Continuation lines are read as separate `readline` calls with the `... `
//! prompt, joined by [`super::Pending`], rather than with rustyline's
//! validator: that keeps one rule (the parser's "incomplete") for the
//! terminal and the pipe alike.
//!
//! Ctrl-C: while a line is being typed the terminal is in raw mode, so
//! rustyline sees the key and we clear the line; while an evaluation runs,
//! the key becomes SIGINT, whose handler (the `ctrlc` crate) sets the VM's
//! interrupt flag, and the evaluation stops with `KeyboardInterrupt`.

use super::commands::{KIND_NAMES, SPECS};
use super::session::{Flow, Session};
use super::{show, Pending};
use crate::lang::token::TokenKind;
use crate::lang::value::{Globals, Key, Value};
use crate::registry::natives::global_names;
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What completion can offer; refreshed after every input.
#[derive(Default)]
pub struct Completions {
    pub modules: Vec<String>,
    pub globals: Option<Rc<Globals>>,
    /// Capability names the library checks, gathered at the first `.grant`
    /// completion (it loads every built-in module once).
    pub capabilities: std::cell::OnceCell<Vec<String>>,
}

impl Completions {
    fn capabilities(&self) -> &[String] {
        self.capabilities.get_or_init(library_capabilities)
    }
}

/// Every capability a built-in module's functions check, and `*`.
fn library_capabilities() -> Vec<String> {
    let mut names: Vec<String> = vec!["*".into()];
    for module in crate::stdlib::names() {
        let Some(module) = crate::stdlib::load(module) else {
            continue;
        };
        for (_, value) in module.globals.entries() {
            if let Value::Native(f) = &value {
                names.extend(f.capabilities.iter().map(|c| c.to_string()));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

pub struct ReplHelper {
    pub data: Completions,
    colour: bool,
}

impl ReplHelper {
    fn refresh(&mut self, session: &Session) {
        self.data.modules = session
            .registry()
            .list(None)
            .iter()
            .map(|e| e.name.to_string())
            .collect();
        self.data.globals = Some(session.globals());
    }
}

/// Start of the word under the cursor: identifiers and dots (so
/// `algorithms.so` is one word).
fn word_start(line: &str) -> usize {
    line.char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn matching<'a>(prefix: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<String> = names
        .filter(|n| n.starts_with(prefix))
        .map(str::to_string)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// What Tab inserts where it indents rather than completes.
pub const INDENT: &str = "    ";

/// Tab indents at the start of a line and after whitespace, an operator or
/// an opening bracket: there is no word to complete, and pasted or typed
/// indentation must stay indentation.
fn wants_indent(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "+-*/%=<>!&|^~?:;,([{".contains(c))
}

/// Completion of the text before the cursor: the start of the replaced
/// word and the candidates.
pub fn complete(before: &str, data: &Completions) -> (usize, Vec<String>) {
    let trimmed = before.trim_start();
    if trimmed.starts_with('.') {
        return complete_command(before, data);
    }
    let start = word_start(before);
    let word = &before[start..];
    let head = before[..start].trim();
    if head == "import" {
        return (
            start,
            matching(word, data.modules.iter().map(String::as_str)),
        );
    }
    if wants_indent(before) {
        return (before.len(), vec![INDENT.to_string()]);
    }
    if let Some(dot) = word.rfind('.') {
        let members = data
            .globals
            .as_ref()
            .and_then(|g| resolve(g, &word[..dot]))
            .map(|v| member_names(&v))
            .unwrap_or_default();
        let prefix = &word[dot + 1..];
        return (
            start + dot + 1,
            matching(prefix, members.iter().map(String::as_str)),
        );
    }
    let globals: Vec<String> = data
        .globals
        .as_ref()
        .map(|g| {
            g.entries()
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect()
        })
        .unwrap_or_default();
    let mut names: Vec<&str> = globals.iter().map(String::as_str).collect();
    for name in TokenKind::keyword_names().chain(global_names().iter().copied()) {
        names.push(name);
    }
    (start, matching(word, names.into_iter()))
}

/// A dot-command's name, then its own arguments: module names where a
/// module is wanted, the command's flags and values, and never ML names.
fn complete_command(before: &str, data: &Completions) -> (usize, Vec<String>) {
    let word_len = before
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .map(char::len_utf8)
        .sum::<usize>();
    let start = before.len() - word_len;
    let word = &before[start..];
    let mut parts = before[..start].split_whitespace();
    let Some(command) = parts.next() else {
        let names = SPECS.iter().map(|s| s.name).chain([".quit"]);
        let mut found = matching(word, names);
        // A command that takes an argument completes with its space, so the
        // next Tab goes straight on to its arguments.
        for name in &mut found {
            if SPECS.iter().any(|s| s.name == name && !s.args.is_empty()) {
                name.push(' ');
            }
        }
        return (start, found);
    };
    let earlier: Vec<&str> = parts.collect();
    if command == ".time" {
        // Its argument is ML code (after an optional repeat count).
        let code_start = before.len() - before.trim_start().len() + command.len();
        let (at, found) = complete(&before[code_start..], data);
        return (code_start + at, found);
    }
    let modules = || matching(word, data.modules.iter().map(String::as_str));
    let found = match (command, earlier.as_slice()) {
        (".reload" | ".modinfo" | ".check", []) => modules(),
        (".reload", [_]) => matching(word, ["--deps"].into_iter()),
        (".watch", []) => matching(word, ["on", "off"].into_iter()),
        (".modules", []) => matching(word, ["--type"].into_iter()),
        (".modules", ["--type"]) => matching(word, KIND_NAMES.iter().map(|(n, _)| *n)),
        // `.help reload` and `.help .reload` both work.
        (".help", []) if word.starts_with('.') => matching(word, SPECS.iter().map(|s| s.name)),
        (".help", []) => matching(word, SPECS.iter().map(|s| &s.name[1..])),
        (".grant" | ".revoke", []) => {
            matching(word, data.capabilities().iter().map(String::as_str))
        }
        (".load", []) | (".save", [] | ["--force"]) => {
            let (at, found) = super::paths::complete(word);
            return (start + at, found);
        }
        _ => Vec::new(),
    };
    (start, found)
}

/// The value of a dotted path of globals and members (`a.b.c`).
fn resolve(globals: &Globals, path: &str) -> Option<Value> {
    let mut parts = path.split('.');
    let mut value = globals.get(parts.next()?)?;
    for part in parts {
        value = member(&value, part)?;
    }
    Some(value)
}

fn member(value: &Value, name: &str) -> Option<Value> {
    match value {
        Value::Module(m) => m.globals.get(name),
        Value::Object(o) => o.borrow().get(&Key::str(name)).cloned(),
        _ => None,
    }
}

/// Names completable after `value.`: a module's members, an object's string
/// keys (at most a few hundred, so a huge object cannot stall the prompt).
fn member_names(value: &Value) -> Vec<String> {
    match value {
        Value::Module(m) => m
            .globals
            .entries()
            .into_iter()
            .map(|(n, _)| n.to_string())
            .collect(),
        Value::Object(o) => o
            .borrow()
            .keys()
            .take(500)
            .filter_map(|k| match k {
                Key::Str(s) => Some(s.as_str().to_string()),
                Key::Int(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl Completer for ReplHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let before = line.get(..pos).unwrap_or(line);
        Ok(complete(before, &self.data))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Validator for ReplHelper {}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.colour || line.trim_start().starts_with('.') {
            return Cow::Borrowed(line);
        }
        Cow::Owned(highlight(line))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.colour
    }
}

impl Helper for ReplHelper {}

/// What a stretch of input is, for its colour.
#[derive(Clone, Copy)]
enum Paint {
    Keyword,
    Text,
    Number,
}

/// `text` in the colour of its kind (crossterm writes the escape codes).
fn styled(kind: Paint, text: &str) -> String {
    use crossterm::style::Stylize;
    match kind {
        Paint::Keyword => text.magenta().bold().to_string(),
        Paint::Text => text.green().to_string(),
        Paint::Number => text.cyan().to_string(),
    }
}

/// Colour keywords, strings and numbers. A light scan, not the lexer: it
/// must cope with half-typed text and never fail.
pub fn highlight(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c == '"' || c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            paint(&mut out, Paint::Text, &chars[start..i]);
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            paint(&mut out, Paint::Number, &chars[start..i]);
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if TokenKind::keyword(&word).is_some() {
                paint(&mut out, Paint::Keyword, &chars[start..i]);
            } else {
                out.push_str(&word);
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn paint(out: &mut String, kind: Paint, text: &[char]) {
    let text: String = text.iter().collect();
    out.push_str(&styled(kind, &text));
}

/// The terminal loop; returns the exit code.
pub fn interactive(mut session: Session, history: Option<PathBuf>) -> u8 {
    // List, like bash: a unique match completes, a second Tab lists the
    // candidates (and never undoes the first completion).
    let config = rustyline::Config::builder()
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut editor: Editor<ReplHelper, FileHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("mlpy: cannot use the terminal ({e}); reading input as a pipe");
            return super::piped(session);
        }
    };
    let mut helper = ReplHelper {
        data: Completions::default(),
        colour: super::width::use_colour(),
    };
    helper.refresh(&session);
    editor.set_helper(Some(helper));
    if let Some(path) = &history {
        if let Some(warning) = super::history::prepare(path) {
            eprintln!("mlpy: warning: {warning}");
        }
        match editor.load_history(path) {
            Ok(()) => {}
            // A first session has no history file yet: nothing to report.
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => eprintln!(
                "mlpy: warning: the history file {} cannot be loaded ({e})",
                path.display()
            ),
        }
    }
    let mut save_failed = false;
    println!(
        "mlpy {} — type .help for commands, .exit to leave",
        env!("CARGO_PKG_VERSION")
    );
    let mut pending = Pending::default();
    loop {
        let prompt = if pending.is_empty() { "ml> " } else { "... " };
        match editor.readline(prompt) {
            Ok(text) => {
                let flow = run_lines(
                    &mut editor,
                    &mut session,
                    &mut pending,
                    &text,
                    &history,
                    &mut save_failed,
                );
                if flow == Flow::Exit {
                    return 0;
                }
            }
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => return 0,
            Err(e) => {
                eprintln!("mlpy: cannot read input: {e}");
                return 1;
            }
        }
    }
}

/// Run what one `readline` returned. A bracketed paste of several lines
/// arrives as one text with newlines; it runs as the inputs a person would
/// have typed line by line: each complete statement on its own, a block
/// whole once it closes, and an unfinished tail left pending for `... `.
fn run_lines(
    editor: &mut Editor<ReplHelper, FileHistory>,
    session: &mut Session,
    pending: &mut Pending,
    text: &str,
    history: &Option<PathBuf>,
    save_failed: &mut bool,
) -> Flow {
    for line in text.split('\n') {
        let Some(input) = pending.push(line) else {
            continue;
        };
        remember(editor, history.as_deref(), &input, save_failed);
        show(&session.before_input());
        let (output, flow) = session.handle(&input);
        show(&output);
        if flow == Flow::Exit {
            return Flow::Exit;
        }
        if let Some(h) = editor.helper_mut() {
            h.refresh(session);
        }
    }
    Flow::Continue
}

/// Add an input to history and append it to the file at once, so a crash
/// loses nothing. The first failure to save is reported (the session keeps
/// its entries); saving is retried with every input.
fn remember(
    editor: &mut Editor<ReplHelper, FileHistory>,
    path: Option<&Path>,
    input: &str,
    save_failed: &mut bool,
) {
    let input = input.strip_suffix("\n;").unwrap_or(input);
    if editor.add_history_entry(input).unwrap_or(false) {
        if let Some(path) = path {
            match editor.append_history(path) {
                Ok(()) => *save_failed = false,
                Err(e) if !*save_failed => {
                    *save_failed = true;
                    eprintln!(
                        "mlpy: warning: history cannot be saved to {} ({e}); this session \
                         keeps its inputs (.history)",
                        path.display()
                    );
                }
                Err(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Completions {
        let globals = Rc::new(Globals::default());
        globals.set("total", Value::Int(1));
        globals.set(
            "point",
            Value::object_from([("x", Value::Int(1)), ("y", Value::Int(2))]),
        );
        Completions {
            modules: vec![
                "math".into(),
                "algorithms.sorting".into(),
                "user_utils".into(),
            ],
            globals: Some(globals),
            capabilities: Default::default(),
        }
    }

    #[test]
    fn completes_dot_commands() {
        let (start, found) = complete(".mod", &data());
        assert_eq!(start, 0);
        assert_eq!(found, vec![".modinfo ", ".modules "]);
    }

    #[test]
    fn completes_module_names_after_import_and_reload() {
        assert_eq!(
            complete("import al", &data()),
            (7, vec!["algorithms.sorting".into()])
        );
        assert_eq!(
            complete(".reload us", &data()),
            (8, vec!["user_utils".into()])
        );
        assert_eq!(complete(".modinfo m", &data()).1, vec!["math"]);
    }

    #[test]
    fn completes_globals_keywords_and_members() {
        assert_eq!(complete("x = to", &data()), (4, vec!["total".into()]));
        assert_eq!(complete("fun", &data()).1, vec!["function"]);
        assert_eq!(
            complete("point.", &data()),
            (6, vec!["x".into(), "y".into()])
        );
    }

    #[test]
    fn tab_indents_where_there_is_no_word() {
        for before in ["", "    ", "t = 1 +", "f(", "x = [1,", "if (a) {"] {
            assert_eq!(
                complete(before, &data()),
                (before.len(), vec![INDENT.to_string()]),
                "{before:?}"
            );
        }
    }

    #[test]
    fn completes_builtins() {
        assert_eq!(complete("pri", &data()), (0, vec!["print".into()]));
        assert_eq!(complete("x = le", &data()).1, vec!["len"]);
    }

    #[test]
    fn dot_command_arguments_complete_their_own_values() {
        assert_eq!(
            complete(".watch o", &data()),
            (7, vec!["off".into(), "on".into()])
        );
        assert_eq!(complete(".watch ", &data()).1, vec!["off", "on"]);
        assert_eq!(complete(".reload user_utils -", &data()).1, vec!["--deps"]);
        assert_eq!(complete(".modules --type m", &data()).1, vec!["ml_source"]);
        assert_eq!(complete(".modinfo ", &data()).1.len(), 3);
        // No ML names where a command takes none or a value of its own.
        assert!(complete(".watch t", &data()).1.is_empty());
        assert!(complete(".vars t", &data()).1.is_empty());
        assert_eq!(
            complete(".help rel", &data()).1,
            vec!["reload", "reloadall"]
        );
        assert_eq!(complete(".grant file.r", &data()).1, vec!["file.read"]);
        assert_eq!(complete(".time 10 to", &data()), (9, vec!["total".into()]));
    }

    #[test]
    fn highlights_keywords_strings_and_numbers() {
        let h = highlight("if x == \"a\" { return 12; }");
        assert!(h.contains(&styled(Paint::Keyword, "if")));
        assert!(h.contains(&styled(Paint::Text, "\"a\"")));
        assert!(h.contains(&styled(Paint::Number, "12")));
        assert!(h.contains("\u{1b}["), "{h:?}");
        assert_eq!(highlight("\"open"), styled(Paint::Text, "\"open"));
    }
}
