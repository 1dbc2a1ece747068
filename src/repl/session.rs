//! One REPL session: a VM, the registry it imports from, and the global
//! scope that every input runs in. Inputs and dot-commands go in as text and
//! come out as the text to print, so the same session serves the terminal
//! loop, the piped loop and the tests. Nothing here may end the process: an
//! error (even an internal panic) becomes a message and the session goes on.

use super::commands::{self, Command, ProfileAction, SPECS};
use super::grants::{self, Confirm};
use super::watch::WatchMode;
use super::{gather, reloads, tables};
use crate::config::Config;
use crate::driver::{eval_in_globals, registry_vm, EvalError};
use crate::lang::error::RtError;
use crate::lang::value::{Globals, ModuleKind};
use crate::lang::vm::{Interrupt, Vm};
use crate::limits::Watchdog;
use crate::registry::loader::RegistryLoader;
use crate::registry::ModuleRegistry;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Arc;

mod convenience;

/// Whether the loop should read another input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Exit,
}

pub struct Session {
    vm: Vm,
    registry: Arc<ModuleRegistry>,
    /// The loader installed in `vm`: what `.modinfo` reads bridge details from.
    loader: Rc<RegistryLoader>,
    globals: Rc<Globals>,
    config: Config,
    /// ML inputs and commands of this session, in order (for `.history`).
    history: Vec<String>,
    /// `--timeout`: each input's time limit.
    watchdog: Option<Watchdog>,
    /// Asks before `.grant` (set on a terminal; piped sessions do not ask).
    confirm: Option<Confirm>,
    /// Set while watch mode is on.
    watch: Option<WatchMode>,
    /// The latest error an input or `.reload` produced (for `.lasterror`).
    last_error: Option<LastError>,
    /// ML inputs that ran without an error, for `.save`.
    saved: Vec<String>,
}

/// An error as printed, and the Python traceback behind it if any.
struct LastError {
    text: String,
    python_traceback: Option<String>,
}

impl LastError {
    fn runtime(e: &RtError) -> LastError {
        LastError {
            text: crate::bridge::render_error(e),
            python_traceback: crate::bridge::python_traceback(e),
        }
    }
}

impl Session {
    pub fn new(config: Config, grants: &[String]) -> Session {
        let (vm, loader) = registry_vm(&config, None, grants);
        Session {
            vm,
            registry: loader.registry.clone(),
            loader,
            globals: Rc::new(Globals::default()),
            config,
            history: Vec::new(),
            watchdog: None,
            confirm: None,
            watch: None,
            last_error: None,
            saved: Vec::new(),
        }
    }

    /// Turn watch mode on or off; the line to show.
    pub fn set_watch(&mut self, on: bool) -> String {
        if !on {
            return match self.watch.take() {
                Some(_) => "Watch mode is off.".into(),
                None => "Watch mode was not on.".into(),
            };
        }
        if let Some(watch) = &self.watch {
            return watch.describe();
        }
        let follow = self.config.watch_reload_dependents.value;
        match WatchMode::start(&self.registry, follow) {
            Ok(watch) => {
                let text = watch.describe();
                self.watch = Some(watch);
                text
            }
            Err(e) => format!("Error: watch mode could not start: {e}"),
        }
    }

    /// In watch mode, reload what was saved since the last input; the lines
    /// to show before the next input runs (empty otherwise).
    pub fn before_input(&mut self) -> String {
        let Some(watch) = self.watch.as_mut() else {
            return String::new();
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            watch.before_input(&mut self.vm, &self.registry)
        }));
        self.vm.flush();
        match outcome {
            Ok(lines) => lines.join("\n"),
            Err(_) => "[watch] internal error while reloading; the session continues".into(),
        }
    }

    /// Give every input at most `limit` to run (`TimeoutError` after it).
    pub fn set_time_limit(&mut self, limit: std::time::Duration) {
        self.watchdog = Some(Watchdog::new(&self.vm, limit));
    }

    /// Ask the user with `confirm` before each `.grant`.
    pub fn set_confirm(&mut self, confirm: Confirm) {
        self.confirm = Some(confirm);
    }

    /// Discovery warnings of the session's module folders.
    pub fn discovery_problems(&self) -> Vec<String> {
        self.registry.problems()
    }

    /// The flag that interrupts a running evaluation (for the Ctrl-C handler).
    pub fn interrupt_flag(&self) -> Arc<Interrupt> {
        self.vm.interrupt_flag()
    }

    pub fn registry(&self) -> &Arc<ModuleRegistry> {
        &self.registry
    }

    /// The prompt's global scope (replaced by `.clear`).
    pub fn globals(&self) -> Rc<Globals> {
        self.globals.clone()
    }

    /// Names defined at the prompt, for completion.
    pub fn global_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .globals
            .entries()
            .into_iter()
            .map(|(n, _)| n.to_string())
            .collect();
        names.sort();
        names
    }

    /// Run one complete input: a dot-command or ML source text.
    pub fn handle(&mut self, input: &str) -> (String, Flow) {
        let input = input.trim_end();
        if input.trim().is_empty() {
            return (String::new(), Flow::Continue);
        }
        // History shows what was typed, not the `;` the REPL added.
        let typed = input.strip_suffix("\n;").unwrap_or(input);
        self.history.push(typed.to_string());
        // Under a memory budget, what the last input freed is given back
        // first, so the watch does not count it against this one.
        if crate::lang::memory::budget_mb().is_some() {
            crate::alloc::release_free_memory();
        }
        // A Ctrl-C pressed (or a time limit passed) while nothing ran must
        // not interrupt this input.
        self.vm.clear_interrupt();
        if let Some(dog) = &self.watchdog {
            dog.arm();
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if commands::is_command(input) {
                match commands::parse_command(input) {
                    Ok(command) => self.run_command(command),
                    Err(e) => (e.render(), Flow::Continue),
                }
            } else {
                (self.eval(input), Flow::Continue)
            }
        }));
        if let Some(dog) = &self.watchdog {
            dog.disarm();
        }
        // A `.profile CODE` cut short by an internal error must not leave
        // every later input profiled.
        if outcome.is_err() {
            self.vm.stop_profiling();
        }
        // Module top levels run by `.reload` print too; show that first.
        self.vm.flush();
        outcome.unwrap_or_else(|_| {
            let message = "Error: internal error while running this input; the session continues";
            (message.to_string(), Flow::Continue)
        })
    }

    /// What bridge modules cost together, once a worker has started.
    fn bridge_shared_costs(&self) -> Option<crate::bridge::SharedCosts> {
        Some(self.loader.bridge.shared_costs()).filter(|c| c.start_time.is_some())
    }

    /// The source name of the input being run: `<repl:N>`, N its number
    /// in `.history`, so that an error points at that entry.
    fn input_name(&self) -> String {
        format!("<repl:{}>", self.history.len().max(1))
    }

    /// Run ML source in the session's globals; the echo (`=> value`), the
    /// rendered error, or nothing. The source is named `<repl:N>` after
    /// the input's number in `.history`, so an error points at that entry.
    pub fn eval(&mut self, text: &str) -> String {
        if let Some(subject) = convenience::help_subject(text, &self.globals) {
            return self.help_on(subject);
        }
        let name = self.input_name();
        let error = match eval_in_globals(&mut self.vm, &self.globals, &name, text, true) {
            Ok(value) => {
                self.saved.push(text.to_string());
                if !super::pretty::is_shown(&value) {
                    return String::new();
                }
                let echo = convenience::echo_text(&value);
                // `_` is the last value shown, as in Python and Node.
                self.globals.set("_", value);
                return format!("=> {echo}");
            }
            Err(EvalError::Compile(text)) => LastError {
                text,
                python_traceback: None,
            },
            Err(EvalError::Runtime(e)) => LastError::runtime(&e),
        };
        let text = error.text.clone();
        self.last_error = Some(error);
        text
    }

    pub fn run_command(&mut self, command: Command) -> (String, Flow) {
        let text = match command {
            Command::Exit => return (String::new(), Flow::Exit),
            Command::Help(None) => help(),
            Command::Help(Some(name)) => convenience::command_help(&name),
            Command::Load(path) => self.load(&path),
            Command::Save { path, force } => self.save(&path, force),
            Command::Time { repeat, code } => self.time(repeat, &code),
            Command::Modules { kind } => {
                tables::modules(&gather::listed_modules(&self.registry, &self.vm, kind))
            }
            Command::ModInfo(name) => self.modinfo(&name),
            Command::Reload { name, dependents } => self.reload(&name, dependents),
            Command::ReloadAll => self.reload_all(),
            Command::Check(name) => self.check(&name),
            Command::Watch(None) => match &self.watch {
                Some(watch) => watch.describe(),
                None => "Watch mode is off (.watch on starts it).".into(),
            },
            Command::Watch(Some(on)) => self.set_watch(on),
            Command::Refresh => self.refresh(),
            Command::Perfmon => tables::perfmon(
                &crate::registry::report::rows(&self.registry, &self.vm),
                self.registry.discovery_time().as_secs_f64() * 1000.0,
                self.bridge_shared_costs(),
            ),
            Command::MemReport => tables::memreport(
                &crate::registry::report::rows(&self.registry, &self.vm),
                gather::system_memory(),
            ),
            Command::Vars => self.vars(),
            Command::Clear => {
                self.globals = Rc::new(Globals::default());
                "Cleared all variables (imported modules stay loaded; import them again to use them).".into()
            }
            Command::History => self.history_text(),
            Command::Config => self.config_text(),
            Command::Capabilities => grants::table(self.vm.grants()),
            Command::Grant { name, patterns } => grants::grant(
                self.vm.grants_mut(),
                &name,
                &patterns,
                self.confirm.as_mut(),
            ),
            Command::Revoke(name) => grants::revoke(self.vm.grants_mut(), &name),
            Command::LastError => self.last_error_text(),
            Command::Profile(action) => self.profile(action),
        };
        (text, Flow::Continue)
    }

    fn profile(&mut self, action: ProfileAction) -> String {
        let profiling = self.vm.is_profiling();
        match action {
            ProfileAction::Run(_) | ProfileAction::On if profiling => {
                "Error: a profile is being recorded; .profile off ends it".into()
            }
            ProfileAction::Run(code) => self.profile_input(&code),
            ProfileAction::On => {
                self.vm.start_profiling();
                "Profiling on: every input is recorded until .profile off.".into()
            }
            ProfileAction::Off if !profiling => "Profiling is not on.".into(),
            ProfileAction::Off | ProfileAction::Show => {
                let report = match action {
                    ProfileAction::Off => self.vm.stop_profiling(),
                    _ => self.vm.profile_report(),
                };
                match report {
                    Some(report) => tables::profile::profile(&report).trim_end().to_string(),
                    None => "No profile yet (.profile CODE, or .profile on).".into(),
                }
            }
        }
    }

    /// Run `code` as one input with the profiler on; its echo or error,
    /// then the profile table.
    fn profile_input(&mut self, code: &str) -> String {
        let code = match super::classify(code) {
            super::Input::Ready(text) => text,
            super::Input::NeedMore => code.to_string(),
        };
        self.vm.start_profiling();
        let result = self.eval(&code);
        let report = self.vm.stop_profiling().unwrap_or_default();
        let table = tables::profile::profile(&report);
        if result.is_empty() {
            table.trim_end().to_string()
        } else {
            format!("{result}\n{}", table.trim_end())
        }
    }

    fn unknown_module(&self, name: &str) -> String {
        let mut out = format!("Error: no module named '{name}'");
        let suggestions = self.registry.suggestions(name);
        if !suggestions.is_empty() {
            out.push_str(&format!("\ndid you mean {}?", suggestions.join(", ")));
        }
        out
    }

    fn modinfo(&self, name: &str) -> String {
        match gather::modinfo(&self.loader, &self.vm, name) {
            Some(info) => tables::modinfo(&info),
            None => self.unknown_module(name),
        }
    }

    /// `.reload NAME [--deps]`: imports the module if it was not imported
    /// yet; on an error the previous version stays in use (the loader swaps
    /// only on success).
    fn reload(&mut self, name: &str, dependents: bool) -> String {
        if self.registry.get(name).is_none() {
            return self.unknown_module(name);
        }
        // The code may be right at run time, so errors the checker finds
        // do not stop the reload; they are shown first.
        let findings = crate::check::project::module_errors(&self.registry, name);
        let (text, error) = reloads::reload(&mut self.vm, &self.registry, name, dependents);
        let text = match findings {
            Some(findings) => format!("{findings}\n{text}"),
            None => text,
        };
        match error {
            Some(e) => self.last_error = Some(LastError::runtime(&e)),
            None => {
                if let Some(watch) = self.watch.as_mut() {
                    watch.forget_failure(name);
                }
            }
        }
        text
    }

    /// `.check NAME`
    fn check(&self, name: &str) -> String {
        if self.registry.get(name).is_none() {
            return self.unknown_module(name);
        }
        crate::check::project::check_module(&self.registry, name)
    }

    fn last_error_text(&self) -> String {
        let Some(error) = &self.last_error else {
            return "No error in this session yet.".into();
        };
        match &error.python_traceback {
            Some(tb) => format!("{}\n\nPython traceback:\n{}", error.text, tb.trim_end()),
            None => format!(
                "{}\n\n(no Python traceback: the error did not come from a Python bridge module)",
                error.text
            ),
        }
    }

    fn reload_all(&mut self) -> String {
        let names: Vec<String> = self
            .vm
            .loaded_module_names()
            .into_iter()
            .filter(|n| {
                self.registry
                    .get(n)
                    .is_some_and(|e| e.kind == ModuleKind::MlSource)
            })
            .collect();
        if names.is_empty() {
            return "No ML source modules are imported yet.".into();
        }
        let lines: Vec<String> = names.iter().map(|n| self.reload(n, false)).collect();
        lines.join("\n")
    }

    fn refresh(&mut self) -> String {
        let names = |r: &ModuleRegistry| -> BTreeSet<String> {
            r.list(None).iter().map(|e| e.name.to_string()).collect()
        };
        let before = names(&self.registry);
        self.registry.refresh();
        let after = names(&self.registry);
        let mut out = format!("Rescanned module folders: {} modules", after.len());
        for added in after.difference(&before) {
            out.push_str(&format!("\n+ {added}"));
        }
        for removed in before.difference(&after) {
            out.push_str(&format!("\n- {removed}"));
        }
        for problem in self.registry.problems() {
            out.push_str(&format!("\nwarning: {problem}"));
        }
        out
    }

    fn vars(&self) -> String {
        let entries = self.globals.entries();
        if entries.is_empty() {
            return "No variables defined.".into();
        }
        let mut t = tables::table(&["Name", "Type", "Value"]);
        let budget = value_budget(&entries);
        for (name, value) in entries {
            t.add_row(vec![
                name.to_string(),
                value.type_name().to_string(),
                super::pretty::one_line(&value, budget),
            ]);
        }
        t.to_string()
    }

    fn history_text(&self) -> String {
        self.history
            .iter()
            .enumerate()
            .map(|(i, line)| format!("{:>4}  {}", i + 1, line.replace('\n', "\n      ")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn config_text(&self) -> String {
        let mut out = self.config.describe();
        let grants = self.vm.granted_capabilities();
        let grants = if grants.is_empty() {
            "(none)".to_string()
        } else {
            grants.join(", ")
        };
        out.push_str(&format!("granted capabilities: {grants}"));
        out
    }
}

/// Most characters of a value `.vars` formats for its table cell.
const VALUE_CELL: usize = 60;

/// Characters for `.vars`' value cells: what the terminal leaves beside the
/// name and type columns (and the table's borders), so values are cut
/// with a count rather than wrapped by the table.
fn value_budget(entries: &[(Rc<str>, crate::lang::value::Value)]) -> usize {
    let Some(width) = super::width::terminal_width() else {
        return VALUE_CELL;
    };
    let name = entries.iter().map(|(n, _)| n.chars().count()).max();
    let kind = entries.iter().map(|(_, v)| v.type_name().len()).max();
    // Borders and padding: `│ a ┆ b ┆ c │` is 10 columns besides the cells.
    usize::from(width)
        .saturating_sub(name.unwrap_or(0).max(4) + kind.unwrap_or(0).max(4) + 10)
        .clamp(16, VALUE_CELL)
}

fn help() -> String {
    let width = usize::from(super::width::terminal_width().unwrap_or(80)).max(40);
    // Usages up to this long share a line with their description; longer
    // ones put it on the next line, so the descriptions keep room to read.
    let column = SPECS
        .iter()
        .map(|s| commands::usage(s).len())
        .filter(|&n| n <= 24)
        .max()
        .unwrap_or(0);
    let indent = 2 + column + 2;
    let mut out = String::from("Commands:\n");
    for spec in SPECS {
        let usage = commands::usage(spec);
        let mut about = super::width::wrap(spec.about, width - indent).into_iter();
        if usage.len() <= column {
            let first = about.next().unwrap_or_default();
            out.push_str(&format!("  {usage:<column$}  {first}\n"));
        } else {
            out.push_str(&format!("  {usage}\n"));
        }
        for line in about {
            out.push_str(&format!("{:indent$}{line}\n", ""));
        }
    }
    out.push('\n');
    let tail = "Anything else is ML code: a final ';' may be left out, and the value of a \
                final expression is shown as '=> value' (and kept in _). Unfinished input \
                (an open bracket or string) continues on the next line.";
    out.push_str(&super::width::wrap(tail, width - 1).join("\n"));
    out
}
