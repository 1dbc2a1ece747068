//! One REPL session: a VM, the registry it imports from, and the global
//! scope that every input runs in. Inputs and dot-commands go in as text and
//! come out as the text to print, so the same session serves the terminal
//! loop, the piped loop and the tests. Nothing here may end the process: an
//! error (even an internal panic) becomes a message and the session goes on.

use super::commands::{self, Command, SPECS};
use super::{gather, tables};
use crate::config::Config;
use crate::driver::{run_in_globals, session_vm};
use crate::lang::format;
use crate::lang::value::{Globals, ModuleKind};
use crate::lang::vm::Vm;
use crate::registry::ModuleRegistry;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Whether the loop should read another input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Exit,
}

pub struct Session {
    vm: Vm,
    registry: Arc<ModuleRegistry>,
    globals: Rc<Globals>,
    config: Config,
    /// ML inputs and commands of this session, in order (for `.history`).
    history: Vec<String>,
    /// Number of ML inputs run, for the `<repl:N>` source names.
    inputs: usize,
}

impl Session {
    pub fn new(config: Config, grants: &[String]) -> Session {
        let (vm, registry) = session_vm(&config, None, grants);
        Session {
            vm,
            registry,
            globals: Rc::new(Globals::default()),
            config,
            history: Vec::new(),
            inputs: 0,
        }
    }

    /// The flag that interrupts a running evaluation (for the Ctrl-C handler).
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
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
        // A Ctrl-C pressed while nothing ran must not interrupt this input.
        self.vm.interrupt_flag().store(false, Ordering::Relaxed);
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
        // Module top levels run by `.reload` print too; show that first.
        self.vm.flush();
        outcome.unwrap_or_else(|_| {
            let message = "Error: internal error while running this input; the session continues";
            (message.to_string(), Flow::Continue)
        })
    }

    /// Run ML source in the session's globals; the echo (`=> value`), the
    /// rendered error, or nothing.
    pub fn eval(&mut self, text: &str) -> String {
        self.inputs += 1;
        let name = format!("<repl:{}>", self.inputs);
        match run_in_globals(&mut self.vm, &self.globals, &name, text, true) {
            Ok(value) => format::echo(&value).map_or(String::new(), |v| format!("=> {v}")),
            Err(failure) => failure.message().to_string(),
        }
    }

    pub fn run_command(&mut self, command: Command) -> (String, Flow) {
        let text = match command {
            Command::Exit => return (String::new(), Flow::Exit),
            Command::Help => help(),
            Command::Modules { kind } => {
                tables::modules(&gather::listed_modules(&self.registry, &self.vm, kind))
            }
            Command::ModInfo(name) => self.modinfo(&name),
            Command::Reload(name) => self.reload(&name),
            Command::ReloadAll => self.reload_all(),
            Command::Refresh => self.refresh(),
            Command::Perfmon => tables::perfmon(
                &crate::registry::report::rows(&self.registry, &self.vm),
                self.registry.discovery_time().as_secs_f64() * 1000.0,
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
        };
        (text, Flow::Continue)
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
        match gather::modinfo(&self.registry, &self.vm, name) {
            Some(info) => tables::modinfo(&info),
            None => self.unknown_module(name),
        }
    }

    /// `.reload NAME`: imports the module if it was not imported yet; on an
    /// error the previous version stays in use (the loader swaps only on
    /// success).
    fn reload(&mut self, name: &str) -> String {
        let Some(entry) = self.registry.get(name) else {
            return self.unknown_module(name);
        };
        let kind = tables::kind_label(entry.kind);
        let was_loaded = self.vm.loaded_module_names().iter().any(|n| n == name);
        match self.vm.reload(name) {
            Ok(report) => {
                let took = tables::format_ms(report.took.as_secs_f64() * 1000.0);
                // Built-in modules have no source to compare.
                let what = match (entry.kind, report.recompiled) {
                    (ModuleKind::Builtin, _) => "",
                    (_, true) => ", recompiled",
                    (_, false) => ", unchanged",
                };
                format!("[OK] Module '{name}' reloaded ({kind}, {took}{what})")
            }
            Err(e) => {
                let kept = if was_loaded {
                    "the previous version stays in use"
                } else {
                    "it is still not loaded"
                };
                format!(
                    "[FAILED] Module '{name}' was not reloaded; {kept}\n{}",
                    e.render()
                )
            }
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
        let lines: Vec<String> = names.iter().map(|n| self.reload(n)).collect();
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
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(vec!["Name", "Type", "Value"]);
        for (name, value) in entries {
            t.add_row(vec![
                name.to_string(),
                value.type_name().to_string(),
                short(&format::repr(&value)),
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

/// At most 60 characters of a value's text, for one table cell.
fn short(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.chars().count() > 60 || first_line.len() < text.len() {
        let cut: String = first_line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        first_line.to_string()
    }
}

fn help() -> String {
    let width = SPECS
        .iter()
        .map(|s| commands::usage(s).len())
        .max()
        .unwrap_or(0);
    let mut out = String::from("Commands:\n");
    for spec in SPECS {
        out.push_str(&format!(
            "  {:<width$}  {}\n",
            commands::usage(spec),
            spec.about
        ));
    }
    out.push_str(
        "\nAnything else is ML code: a final ';' may be left out, and the value of a\n\
         final expression is shown as '=> value'. Unfinished input (an open bracket\n\
         or string) continues on the next line.",
    );
    out
}
