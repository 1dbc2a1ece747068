//! Dot-commands: the table of commands the REPL knows, and the pure
//! function that turns a `.command args` line into a [`Command`] or a usage
//! error with a "did you mean". Kept free of I/O and of the session so the
//! parsing rules are unit-tested on plain strings; running a command is
//! [`super::session::Session::run_command`]'s job.

use crate::lang::value::ModuleKind;
use crate::util::edit_distance;

/// A parsed dot-command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Modules {
        kind: Option<ModuleKind>,
    },
    ModInfo(String),
    /// `.reload NAME [--deps]`: with `dependents`, also re-run the modules
    /// that import NAME.
    Reload {
        name: String,
        dependents: bool,
    },
    ReloadAll,
    /// `.check NAME`: check a module's file without loading it.
    Check(String),
    /// `.watch` (show the state), `.watch on`, `.watch off`.
    Watch(Option<bool>),
    Refresh,
    Perfmon,
    MemReport,
    Vars,
    Clear,
    History,
    Config,
    Capabilities,
    Grant {
        name: String,
        patterns: Vec<String>,
    },
    Revoke(String),
    LastError,
    Profile(ProfileAction),
    Exit,
}

/// What `.profile` was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileAction {
    /// `.profile CODE`: run one input under the profiler, show its table.
    Run(String),
    /// `.profile on`: record every input until `.profile off`.
    On,
    /// `.profile off`: stop recording and show the table.
    Off,
    /// `.profile`: the table of the running or last recording.
    Show,
}

/// One command's name, argument synopsis and one-line description; the
/// single source for `.help`, Tab completion and suggestions.
pub struct Spec {
    pub name: &'static str,
    pub args: &'static str,
    pub about: &'static str,
}

pub const SPECS: &[Spec] = &[
    Spec {
        name: ".help",
        args: "",
        about: "show this list",
    },
    Spec {
        name: ".modules",
        args: "[--type python_bridge|ml_source|builtin]",
        about: "list importable modules by kind",
    },
    Spec {
        name: ".modinfo",
        args: "NAME",
        about: "details of one module",
    },
    Spec {
        name: ".reload",
        args: "NAME [--deps]",
        about: "re-run a module from its file (a failed reload keeps the old one); \
                --deps: its importers too",
    },
    Spec {
        name: ".check",
        args: "NAME",
        about: "check a module for mistakes (mlpy check) without loading it",
    },
    Spec {
        name: ".reloadall",
        args: "",
        about: "reload every imported ML module",
    },
    Spec {
        name: ".watch",
        args: "[on|off]",
        about: "reload modules automatically when their files are saved",
    },
    Spec {
        name: ".refresh",
        args: "",
        about: "rescan the module folders for new or deleted files",
    },
    Spec {
        name: ".perfmon",
        args: "",
        about: "compile/load times, reloads and memory per module",
    },
    Spec {
        name: ".memreport",
        args: "",
        about: "memory by kind, top consumers, process and machine memory",
    },
    Spec {
        name: ".vars",
        args: "",
        about: "the variables defined in this session",
    },
    Spec {
        name: ".clear",
        args: "",
        about: "forget all variables (start with fresh globals)",
    },
    Spec {
        name: ".history",
        args: "",
        about: "the inputs of this session",
    },
    Spec {
        name: ".lasterror",
        args: "",
        about: "the last error again, with its Python traceback when it came from Python",
    },
    Spec {
        name: ".config",
        args: "",
        about: "the effective configuration and where each value came from",
    },
    Spec {
        name: ".capabilities",
        args: "",
        about: "the granted capabilities, their resource patterns and where they came from",
    },
    Spec {
        name: ".grant",
        args: "CAPABILITY [PATTERN ...]",
        about: "grant a capability, for the resources matching the patterns (all if none)",
    },
    Spec {
        name: ".revoke",
        args: "CAPABILITY",
        about: "withdraw every grant of a capability",
    },
    Spec {
        name: ".profile",
        args: "[CODE|on|off]",
        about: "run CODE under the profiler and show calls, total and self time per \
                function; on/off: record every input in between; alone: the last table",
    },
    Spec {
        name: ".exit",
        args: "",
        about: "leave the REPL (also .quit, Ctrl-D)",
    },
];

/// Aliases accepted besides the names in [`SPECS`].
const ALIASES: &[(&str, &str)] = &[(".quit", ".exit")];

/// Why a line is not a valid command: a message, the usage line of the
/// command meant, and the closest command name when the name was unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError {
    pub message: String,
    pub usage: Option<String>,
    pub suggestion: Option<String>,
}

impl UsageError {
    /// The text shown to the user (message, usage, suggestion; one a line).
    pub fn render(&self) -> String {
        let mut out = format!("Error: {}", self.message);
        if let Some(usage) = &self.usage {
            out.push_str(&format!("\nusage: {usage}"));
        }
        if let Some(s) = &self.suggestion {
            out.push_str(&format!("\ndid you mean {s}?"));
        }
        out
    }
}

/// `true` when the line is meant as a dot-command rather than ML code
/// (ML never starts a statement with `.`).
pub fn is_command(line: &str) -> bool {
    line.trim_start().starts_with('.')
}

/// Parse a dot-command line.
pub fn parse_command(line: &str) -> Result<Command, UsageError> {
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or("");
    let args: Vec<&str> = words.collect();
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, target)| target);
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
        return Err(UsageError {
            message: format!("unknown command '{name}' (type .help for the list)"),
            usage: None,
            suggestion: closest(name, SPECS.iter().map(|s| s.name)),
        });
    };
    if spec.name == ".profile" {
        return profile(spec, line);
    }
    build(spec, &args)
}

/// `.profile [CODE|on|off]`: the code is the rest of the line as typed.
fn profile(spec: &Spec, line: &str) -> Result<Command, UsageError> {
    let rest = line
        .trim_start()
        .get(spec.name.len()..)
        .unwrap_or("")
        .trim();
    let action = match rest {
        "" => ProfileAction::Show,
        "on" => ProfileAction::On,
        "off" => ProfileAction::Off,
        code => ProfileAction::Run(code.to_string()),
    };
    Ok(Command::Profile(action))
}

/// The parsed command, once the name is known to be `spec`.
fn build(spec: &Spec, args: &[&str]) -> Result<Command, UsageError> {
    let command = match spec.name {
        ".modules" => return modules(spec, args),
        ".modinfo" => Command::ModInfo(one_name(spec, args)?),
        ".check" => Command::Check(one_name(spec, args)?),
        ".reload" => return reload(spec, args),
        ".watch" => return watch(spec, args),
        ".grant" => match args {
            [name, patterns @ ..] => Command::Grant {
                name: name.to_string(),
                patterns: patterns.iter().map(|p| p.to_string()).collect(),
            },
            [] => {
                let message = ".grant needs a capability name".to_string();
                return Err(usage_error(spec, message, None));
            }
        },
        ".revoke" => match args {
            [name] => Command::Revoke(name.to_string()),
            _ => {
                let message = ".revoke takes one capability name".to_string();
                return Err(usage_error(spec, message, None));
            }
        },
        name => {
            no_args(spec, args)?;
            simple(name)
        }
    };
    Ok(command)
}

/// Commands without arguments, by name.
fn simple(name: &str) -> Command {
    match name {
        ".help" => Command::Help,
        ".reloadall" => Command::ReloadAll,
        ".refresh" => Command::Refresh,
        ".perfmon" => Command::Perfmon,
        ".memreport" => Command::MemReport,
        ".vars" => Command::Vars,
        ".clear" => Command::Clear,
        ".history" => Command::History,
        ".config" => Command::Config,
        ".capabilities" => Command::Capabilities,
        ".lasterror" => Command::LastError,
        _ => Command::Exit,
    }
}

pub fn usage(spec: &Spec) -> String {
    if spec.args.is_empty() {
        spec.name.to_string()
    } else {
        format!("{} {}", spec.name, spec.args)
    }
}

fn usage_error(spec: &Spec, message: String, suggestion: Option<String>) -> UsageError {
    UsageError {
        message,
        usage: Some(usage(spec)),
        suggestion,
    }
}

fn no_args(spec: &Spec, args: &[&str]) -> Result<(), UsageError> {
    match args.first() {
        None => Ok(()),
        Some(extra) => Err(usage_error(
            spec,
            format!("{} takes no arguments (got '{extra}')", spec.name),
            None,
        )),
    }
}

fn one_name(spec: &Spec, args: &[&str]) -> Result<String, UsageError> {
    match args {
        [name] => Ok(name.to_string()),
        [] => Err(usage_error(
            spec,
            format!("{} needs a module name", spec.name),
            None,
        )),
        _ => Err(usage_error(
            spec,
            format!("{} takes one module name", spec.name),
            None,
        )),
    }
}

fn reload(spec: &Spec, args: &[&str]) -> Result<Command, UsageError> {
    let (flags, names): (Vec<&str>, Vec<&str>) = args.iter().partition(|a| a.starts_with("--"));
    if let Some(flag) = flags.iter().find(|f| **f != "--deps") {
        return Err(usage_error(
            spec,
            format!("unknown option '{flag}'"),
            closest(flag, ["--deps"].into_iter()),
        ));
    }
    Ok(Command::Reload {
        name: one_name(spec, &names)?,
        dependents: !flags.is_empty(),
    })
}

fn watch(spec: &Spec, args: &[&str]) -> Result<Command, UsageError> {
    match args {
        [] => Ok(Command::Watch(None)),
        ["on"] => Ok(Command::Watch(Some(true))),
        ["off"] => Ok(Command::Watch(Some(false))),
        [other] => Err(usage_error(
            spec,
            format!("expected 'on' or 'off', got '{other}'"),
            closest(other, ["on", "off"].into_iter()),
        )),
        _ => Err(usage_error(spec, ".watch takes one word".into(), None)),
    }
}

/// The `--type` values of `.modules`.
pub const KIND_NAMES: &[(&str, ModuleKind)] = &[
    ("python_bridge", ModuleKind::PythonBridge),
    ("ml_source", ModuleKind::MlSource),
    ("builtin", ModuleKind::Builtin),
];

fn modules(spec: &Spec, args: &[&str]) -> Result<Command, UsageError> {
    let kind_arg = match args {
        [] => return Ok(Command::Modules { kind: None }),
        ["--type", kind] => *kind,
        [flag] if flag.starts_with("--type=") => &flag["--type=".len()..],
        ["--type"] => return Err(usage_error(spec, "--type needs a kind".into(), None)),
        [other, ..] => {
            let suggestion = closest(other, ["--type"].into_iter());
            return Err(usage_error(
                spec,
                format!("unexpected argument '{other}'"),
                suggestion,
            ));
        }
    };
    match KIND_NAMES.iter().find(|(n, _)| *n == kind_arg) {
        Some((_, kind)) => Ok(Command::Modules { kind: Some(*kind) }),
        None => Err(usage_error(
            spec,
            format!("unknown module kind '{kind_arg}'"),
            closest(kind_arg, KIND_NAMES.iter().map(|(n, _)| *n)),
        )),
    }
}

/// The candidate nearest to `word`, if it is near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_without_arguments() {
        assert_eq!(parse_command(".help"), Ok(Command::Help));
        assert_eq!(parse_command("  .perfmon  "), Ok(Command::Perfmon));
        assert_eq!(parse_command(".quit"), Ok(Command::Exit));
        assert_eq!(parse_command(".exit"), Ok(Command::Exit));
        assert_eq!(parse_command(".memreport"), Ok(Command::MemReport));
    }

    #[test]
    fn commands_with_a_name() {
        assert_eq!(
            parse_command(".reload user_utils"),
            Ok(Command::Reload {
                name: "user_utils".into(),
                dependents: false
            })
        );
        assert_eq!(
            parse_command(".modinfo algorithms.sorting"),
            Ok(Command::ModInfo("algorithms.sorting".into()))
        );
    }

    #[test]
    fn reload_with_dependents_takes_the_flag_before_or_after_the_name() {
        let expected = Ok(Command::Reload {
            name: "base".into(),
            dependents: true,
        });
        assert_eq!(parse_command(".reload base --deps"), expected);
        assert_eq!(parse_command(".reload --deps base"), expected);
        let e = parse_command(".reload base --dep").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("--deps"));
        assert!(parse_command(".reload --deps").is_err());
    }

    #[test]
    fn watch_switches_on_and_off() {
        assert_eq!(parse_command(".watch"), Ok(Command::Watch(None)));
        assert_eq!(parse_command(".watch on"), Ok(Command::Watch(Some(true))));
        assert_eq!(parse_command(".watch off"), Ok(Command::Watch(Some(false))));
        let e = parse_command(".watch of").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("off"));
        assert!(parse_command(".watch on off").is_err());
    }

    #[test]
    fn missing_name_gives_usage() {
        let e = parse_command(".reload").unwrap_err();
        assert_eq!(e.usage.as_deref(), Some(".reload NAME [--deps]"));
        assert!(e.render().contains("needs a module name"));
    }

    #[test]
    fn extra_arguments_are_refused() {
        let e = parse_command(".vars x").unwrap_err();
        assert_eq!(e.usage.as_deref(), Some(".vars"));
        assert!(parse_command(".reload a b").is_err());
    }

    #[test]
    fn unknown_command_suggests_the_nearest() {
        let e = parse_command(".modlues").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some(".modules"));
        assert!(e.render().contains("did you mean .modules?"));
        let e = parse_command(".xyzzy").unwrap_err();
        assert_eq!(e.suggestion, None);
    }

    #[test]
    fn modules_type_filter() {
        assert_eq!(
            parse_command(".modules --type ml_source"),
            Ok(Command::Modules {
                kind: Some(ModuleKind::MlSource)
            })
        );
        assert_eq!(
            parse_command(".modules --type=builtin"),
            Ok(Command::Modules {
                kind: Some(ModuleKind::Builtin)
            })
        );
        let e = parse_command(".modules --type ml_sorce").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("ml_source"));
        let e = parse_command(".modules --tpye ml_source").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("--type"));
        assert!(parse_command(".modules --type").is_err());
    }

    #[test]
    fn grant_and_revoke_take_names_and_patterns() {
        assert_eq!(
            parse_command(".grant file:read /data/*.json ./x/*"),
            Ok(Command::Grant {
                name: "file:read".into(),
                patterns: vec!["/data/*.json".into(), "./x/*".into()],
            })
        );
        assert_eq!(
            parse_command(".grant *"),
            Ok(Command::Grant {
                name: "*".into(),
                patterns: vec![],
            })
        );
        assert!(parse_command(".grant").is_err());
        assert_eq!(
            parse_command(".revoke env.read"),
            Ok(Command::Revoke("env.read".into()))
        );
        assert!(parse_command(".revoke").is_err());
        assert!(parse_command(".revoke a b").is_err());
        assert_eq!(parse_command(".capabilities"), Ok(Command::Capabilities));
    }

    #[test]
    fn dot_lines_are_commands() {
        assert!(is_command(" .help"));
        assert!(!is_command("x = .5;"));
    }
}
