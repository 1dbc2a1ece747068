//! The conveniences IPython and Node users expect, as session methods:
//! `.load FILE`, `.save FILE`, `.time [N] CODE`, `.help CMD`, and
//! `help(x)` / `x?` printed as text.

use super::{LastError, Session};
use crate::driver::{compile_in_globals, eval_in_globals, EvalError};
use crate::lang::parser::parse;
use crate::lang::value::{Globals, Value};
use crate::repl::commands::{self, SPECS};
use crate::repl::{pretty, width};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// Largest file `.load` reads: far beyond any script, small enough that a
/// wrong path (a disk image, a log) is refused instead of swallowing memory.
const MAX_LOAD_BYTES: u64 = 16 << 20;

/// Lines an echo may take when the terminal's height is unknown.
const ECHO_LINES: usize = 40;

/// What an input asks help for: the text of `x` in `help(x)` or `x?`. The
/// builtin `help` returns its text as a string; at the prompt it is printed
/// as text instead. A `help` of the user's own is left alone.
pub(super) fn help_subject<'t>(text: &'t str, globals: &Globals) -> Option<&'t str> {
    let text = text.trim_end();
    let text = text.strip_suffix("\n;").unwrap_or(text).trim();
    let text = text.strip_suffix(';').unwrap_or(text).trim_end();
    let subject = match text.strip_suffix('?') {
        Some(subject) => subject.trim(),
        None => {
            if globals.get("help").is_some() {
                return None;
            }
            let inner = text.strip_prefix("help")?.trim_start();
            inner.strip_prefix('(')?.strip_suffix(')')?.trim()
        }
    };
    // `help(a)(b)` and `help(a) + help(b)` are ordinary code.
    let whole = balanced(subject) && parse(&format!("({subject});")).is_ok();
    (!subject.is_empty() && whole).then_some(subject)
}

/// No bracket in `text` closes one opened before it (strings skipped).
fn balanced(text: &str) -> bool {
    let mut depth = 0i32;
    let mut quote = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth < 0 {
                        return false;
                    }
                }
                _ => {}
            },
        }
    }
    depth == 0
}

/// The `=> ` text of a value: one line when it fits, else spread over the
/// terminal and cut to a screenful.
pub(super) fn echo_text(value: &Value) -> String {
    let (width, rows) = width::terminal_size().unwrap_or((80, ECHO_LINES as u16 + 2));
    let lines = usize::from(rows)
        .saturating_sub(2)
        .clamp(10, ECHO_LINES * 2);
    pretty::block(value, usize::from(width), 3, lines)
}

/// `.help CMD`: the command's usage and description, wrapped.
pub(super) fn command_help(name: &str) -> String {
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
        return format!("Error: unknown command '{name}'");
    };
    let width = usize::from(width::terminal_width().unwrap_or(80)).max(40);
    let mut out = format!("usage: {}\n", commands::usage(spec));
    out.push_str(&width::wrap(spec.about, width - 3).iter().fold(
        String::new(),
        |mut acc, line| {
            let _ = writeln!(acc, "  {line}");
            acc
        },
    ));
    out.trim_end().to_string()
}

/// Compile `code` as a prompt input would be (a final `;` may be left
/// out).
fn compile_input(
    name: &str,
    code: &str,
    globals: &Globals,
) -> Result<crate::lang::chunk::Chunk, String> {
    let code = match parse(code) {
        Err(_) if parse(&format!("{code}\n;")).is_ok() => format!("{code}\n;"),
        _ => code.to_string(),
    };
    compile_in_globals(globals, name, &code, true)
}

/// `3.21 ms`, `12.4 µs`, `1.52 s`.
fn duration_text(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

impl Session {
    /// `help(x)` / `x?`: evaluate `x` and describe it.
    pub(super) fn help_on(&mut self, subject: &str) -> String {
        let name = self.input_name();
        match eval_in_globals(
            &mut self.vm,
            &self.globals,
            &name,
            &format!("({subject});"),
            true,
        ) {
            Ok(value) => {
                let width = usize::from(width::terminal_width().unwrap_or(80)).max(40);
                super::super::help::describe(&value, width)
            }
            Err(e) => self.remember_error(e),
        }
    }

    fn remember_error(&mut self, e: EvalError) -> String {
        let error = match e {
            EvalError::Compile(text) => LastError {
                text,
                python_traceback: None,
            },
            EvalError::Runtime(e) => LastError::runtime(&e),
        };
        let text = error.text.clone();
        self.last_error = Some(error);
        text
    }

    /// `.load FILE`: run the file in the session's globals, as if its text
    /// had been typed as one input; what it defines stays defined.
    pub(super) fn load(&mut self, path: &str) -> String {
        let text = match read_script(Path::new(path)) {
            Ok(text) => text,
            Err(e) => return format!("Error: cannot load {path}: {e}"),
        };
        match eval_in_globals(&mut self.vm, &self.globals, path, &text, false) {
            Ok(_) => {
                // `.save` keeps a note, not the file's text: the file may change.
                self.saved.push(format!("// .load {path}"));
                format!("Loaded {path}.")
            }
            Err(e) => self.remember_error(e),
        }
    }

    /// `.save FILE`: the inputs that ran without an error, in order, as a
    /// file `mlpy run` accepts. An existing file is replaced only with
    /// `--force`: a slip of the name must not lose someone's work.
    pub(super) fn save(&mut self, path: &str, force: bool) -> String {
        if self.saved.is_empty() {
            return "Nothing to save yet (no input has run without an error).".into();
        }
        let target = Path::new(path);
        match std::fs::symlink_metadata(target) {
            Ok(meta) if meta.is_dir() => return format!("Error: {path} is a folder"),
            Ok(_) if !force => {
                return format!("Error: {path} already exists (.save --force {path} replaces it)")
            }
            Ok(meta) if !meta.is_file() => {
                return format!("Error: {path} is not a regular file; not replaced")
            }
            _ => {}
        }
        let mut text = String::from("// Saved from an mlpy REPL session.\n");
        for input in &self.saved {
            text.push_str(&statement(input));
            text.push('\n');
        }
        match write_new_or_replace(target, &text, force) {
            Ok(()) => format!("Saved {} inputs to {path}.", self.saved.len()),
            Err(e) => format!("Error: cannot write {path}: {e}"),
        }
    }

    /// `.time [N] CODE`: compile once, run N times, report the wall time of
    /// one run (and with N > 1 the mean and the fastest, as `%timeit`).
    pub(super) fn time(&mut self, repeat: u32, code: &str) -> String {
        let name = self.input_name();
        let chunk = match compile_input(&name, code, &self.globals) {
            Ok(chunk) => chunk,
            Err(text) => return self.remember_error(EvalError::Compile(text)),
        };
        let mut times = Vec::with_capacity(repeat.min(10_000) as usize);
        let mut last = Value::Null;
        for _ in 0..repeat {
            let start = Instant::now();
            let result = self.vm.run_chunk(&chunk, &self.globals);
            let took = start.elapsed();
            self.vm.flush();
            match result {
                Ok(value) => last = value,
                Err(e) => return self.remember_error(EvalError::Runtime(e)),
            }
            times.push(took);
        }
        let mut out = String::new();
        if pretty::is_shown(&last) {
            let _ = writeln!(out, "=> {}", pretty::one_line(&last, 70));
        }
        out.push_str(&timing_line(&times));
        out
    }
}

/// `Time: 1.21 ms` or `100 runs: mean 1.21 ms, fastest 1.02 ms`.
fn timing_line(times: &[Duration]) -> String {
    match times {
        [one] => format!("Time: {}", duration_text(*one)),
        _ => {
            let total: Duration = times.iter().sum();
            let mean = total / times.len() as u32;
            let fastest = times.iter().min().copied().unwrap_or_default();
            format!(
                "{} runs: mean {}, fastest {}",
                pretty::thousands(times.len()),
                duration_text(mean),
                duration_text(fastest)
            )
        }
    }
}

/// An input as a statement of a file: the `;` the prompt let the user
/// leave out is added back (on its own line after a `//` comment).
fn statement(input: &str) -> String {
    if let Some(typed) = input.strip_suffix("\n;") {
        // After a `//` a `;` would be a comment or floor division.
        let last_line = typed.lines().last().unwrap_or("");
        if !last_line.contains("//") && parse(&format!("{typed};")).is_ok() {
            return format!("{typed};");
        }
    }
    input.to_string()
}

/// Without `force` the file is created only if nothing is at the path at
/// the moment of writing (`O_EXCL`, which also refuses a symlink), so a file
/// made after the check above is not replaced either.
fn write_new_or_replace(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)?.write_all(text.as_bytes())
}

/// The text of a script to `.load`: a regular file (a FIFO or device would
/// block the prompt), of a sane size, in UTF-8.
fn read_script(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a folder".into());
    }
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_LOAD_BYTES {
        return Err(format!(
            "{} bytes is more than the {} MB a script may have",
            pretty::thousands(meta.len() as usize),
            MAX_LOAD_BYTES >> 20
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_subjects() {
        let g = Globals::default();
        assert_eq!(help_subject("help(len)", &g), Some("len"));
        assert_eq!(help_subject("help( math.sqrt )\n;", &g), Some("math.sqrt"));
        assert_eq!(help_subject("len?", &g), Some("len"));
        assert_eq!(help_subject("a.b ?", &g), Some("a.b"));
        assert_eq!(help_subject("help()", &g), None);
        assert_eq!(help_subject("help(a) + help(b)", &g), None);
        assert_eq!(help_subject("help(f(\")\"))", &g), Some("f(\")\")"));
        assert_eq!(help_subject("x = 1", &g), None);
        g.set("help", Value::Int(1));
        assert_eq!(help_subject("help(len)", &g), None);
    }

    #[test]
    fn saved_statements_get_their_semicolon_back() {
        assert_eq!(statement("x = 1\n;"), "x = 1;");
        assert_eq!(statement("x = 1 // one\n;"), "x = 1 // one\n;");
        assert_eq!(statement("function f() {}"), "function f() {}");
    }

    #[test]
    fn timing_lines() {
        let ms = Duration::from_millis;
        assert_eq!(timing_line(&[ms(3)]), "Time: 3.00 ms");
        assert_eq!(
            timing_line(&[ms(2), ms(4)]),
            "2 runs: mean 3.00 ms, fastest 2.00 ms"
        );
        assert_eq!(duration_text(Duration::from_micros(12)), "12.0 µs");
    }
}
