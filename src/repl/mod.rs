//! `mlpy repl`: the interactive front end.
//!
//! Two loops share one [`Session`]: on a terminal, rustyline reads lines
//! with prompts, history and completion; otherwise (piped stdin) lines are
//! read as they arrive, with no prompts, so a script can edit module files
//! between lines and `.reload` them. Both decide when an input is complete
//! with [`classify`], which asks the parser (never counts brackets).
//!
//! Everything the session prints — echoes, error messages, reports — goes to
//! stdout, so a piped transcript is one stream in order; only failures of
//! the REPL itself (unusable terminal) go to stderr.

pub mod commands;
mod gather;
pub mod grants;
mod help;
pub mod helper;
pub mod history;
mod paths;
pub mod pretty;
mod reloads;
pub mod session;
pub mod tables;
mod watch;
pub mod width;

use crate::config::Config;
use crate::lang::parser::parse;
use session::{Flow, Session};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// What `mlpy repl` was asked for on the command line.
pub struct ReplOptions {
    pub config: Config,
    pub grants: Vec<String>,
    /// History file given by `--history`; else the configured one, else the
    /// default under the user's data folder.
    pub history: Option<PathBuf>,
    /// `--timeout`: the time limit of each input.
    pub timeout: Option<std::time::Duration>,
    /// Start in watch mode (`--watch`).
    pub watch: bool,
}

/// Whether the text typed so far can run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Run this text (possibly with the final `;` the user left out).
    Ready(String),
    /// The parser ran into the end of the text: read another line.
    NeedMore,
}

/// Decide whether `text` is a complete input. A statement may omit its
/// final `;`: when the text fails to parse but parses with one appended, the
/// appended form runs. Text that is wrong (not merely unfinished) is Ready,
/// so that running it reports the error.
pub fn classify(text: &str) -> Input {
    if commands::is_command(text) {
        return Input::Ready(text.to_string());
    }
    let Err(diagnostic) = parse(text) else {
        return Input::Ready(text.to_string());
    };
    // `x?` asks for help on x (a `?` cannot end ML code).
    if let Some(subject) = text.trim_end().strip_suffix('?') {
        if parse(&format!("({subject});")).is_ok() {
            return Input::Ready(text.to_string());
        }
    }
    // On its own line so a trailing `// comment` cannot swallow it.
    let with_semicolon = format!("{text}\n;");
    if parse(&with_semicolon).is_ok() {
        Input::Ready(with_semicolon)
    } else if diagnostic.incomplete {
        Input::NeedMore
    } else {
        Input::Ready(text.to_string())
    }
}

/// Lines gathered until they form a complete input.
#[derive(Default)]
pub struct Pending {
    text: String,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// Add a line; returns the input to run once the parser says it is
    /// complete. Blank lines before any text are skipped.
    pub fn push(&mut self, line: &str) -> Option<String> {
        if self.text.is_empty() && line.trim().is_empty() {
            return None;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(line);
        match classify(&self.text) {
            Input::Ready(text) => {
                self.text.clear();
                Some(text)
            }
            Input::NeedMore => None,
        }
    }

    /// Whatever is left at end of input (run it so its error is shown).
    pub fn take(&mut self) -> Option<String> {
        (!self.text.is_empty()).then(|| std::mem::take(&mut self.text))
    }
}

/// Run the REPL until `.exit` or end of input; returns the exit code.
pub fn run(options: ReplOptions) -> u8 {
    let history = options
        .history
        .clone()
        .or_else(|| options.config.history_file.value.clone())
        .or_else(default_history_file);
    let mut session = Session::new(options.config, &options.grants);
    // What discovery found wrong (a file name that cannot be a module name,
    // a bridge module replacing a built-in one) is said once, up front, on
    // stderr, so that an `import` that behaves unexpectedly is explained.
    for problem in session.discovery_problems() {
        eprintln!("{}", fitted(&format!("warning: {problem}")));
    }
    if let Some(limit) = options.timeout {
        session.set_time_limit(limit);
    }
    // Ctrl-C interrupts the running input in both loops (rustyline reads
    // its own Ctrl-C at the prompt).
    crate::limits::route_ctrl_c(session.interrupt_flag());
    if options.watch {
        show(&session.set_watch(true));
    }
    if std::io::stdin().is_terminal() {
        session.set_confirm(grants::ask_on_terminal());
        helper::interactive(session, history)
    } else {
        piped(session)
    }
}

/// Print one result (nothing for an empty one) and flush, so a reader of a
/// pipe sees it before the next input is read.
fn show(text: &str) {
    let mut out = std::io::stdout().lock();
    if !text.is_empty() {
        let _ = writeln!(out, "{text}");
    }
    let _ = out.flush();
}

/// The loop for piped stdin: no prompts, one line at a time as it arrives.
fn piped(mut session: Session) -> u8 {
    let stdin = std::io::stdin();
    let mut pending = Pending::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        // Bytes, not `read_line`: a line that is not UTF-8 must become a
        // syntax error for that input, not the end of the session.
        match stdin.lock().read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                show(&format!("Error: cannot read input: {e}"));
                break;
            }
        }
        let text = String::from_utf8_lossy(&line);
        let Some(input) = pending.push(text.trim_end_matches(['\n', '\r'])) else {
            continue;
        };
        show(&session.before_input());
        let (text, flow) = session.handle(&input);
        show(&text);
        if flow == Flow::Exit {
            return 0;
        }
    }
    if let Some(rest) = pending.take() {
        show(&session.before_input());
        show(&session.handle(&rest).0);
    }
    0
}

/// `$XDG_DATA_HOME/mlpy/history`, else `~/.local/share/mlpy/history`.
pub fn default_history_file() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("mlpy").join("history"))
}

/// `text` wrapped to the terminal's width, continuation lines indented by
/// two spaces; as it is when the output is not a terminal.
fn fitted(text: &str) -> String {
    let Some(cols) = width::terminal_width() else {
        return text.to_string();
    };
    let lines = width::wrap(text, usize::from(cols).saturating_sub(2).max(20));
    lines.join("\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_statements_are_ready() {
        assert_eq!(classify("x = 1;"), Input::Ready("x = 1;".into()));
    }

    #[test]
    fn a_missing_final_semicolon_is_added() {
        assert_eq!(classify("x = 1"), Input::Ready("x = 1\n;".into()));
        assert_eq!(
            classify("1 + 2 // sum"),
            Input::Ready("1 + 2 // sum\n;".into())
        );
    }

    #[test]
    fn open_brackets_and_strings_need_more() {
        assert_eq!(classify("function f(a) {"), Input::NeedMore);
        assert_eq!(classify("x = [1,"), Input::NeedMore);
        assert_eq!(classify("s = \"abc"), Input::NeedMore);
    }

    #[test]
    fn a_question_mark_after_an_expression_is_ready() {
        assert_eq!(classify("len?"), Input::Ready("len?".into()));
        assert_eq!(classify("a ?"), Input::Ready("a ?".into()));
        assert_eq!(classify("x = a ?"), Input::NeedMore);
    }

    #[test]
    fn wrong_input_is_ready_so_it_is_reported() {
        assert!(matches!(classify("x = = 1;"), Input::Ready(_)));
        assert!(matches!(classify(")"), Input::Ready(_)));
    }

    #[test]
    fn pending_joins_lines_until_complete() {
        let mut p = Pending::default();
        assert_eq!(p.push(""), None);
        assert_eq!(p.push("function f(a) {"), None);
        assert_eq!(p.push("  return a * 2;"), None);
        assert_eq!(
            p.push("}"),
            Some("function f(a) {\n  return a * 2;\n}".into())
        );
        assert!(p.is_empty());
        assert_eq!(p.push("x = ["), None);
        assert_eq!(p.take(), Some("x = [".into()));
    }
}
