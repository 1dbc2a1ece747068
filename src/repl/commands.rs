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
    /// `.help` (the list) or `.help CMD` (one command).
    Help(Option<String>),
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
    /// `.load FILE`: run a file in the session's globals.
    Load(String),
    /// `.save [--force] FILE`: the session's successful inputs as a file;
    /// an existing file is replaced only with `--force`.
    Save {
        path: String,
        force: bool,
    },
    /// `.time [N] CODE`: run CODE N times (once by default) and report
    /// the wall time.
    Time {
        repeat: u32,
        code: String,
    },
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

impl Command {
    /// The name of the command's row in [`SPECS`].
    pub fn name(&self) -> &'static str {
        match self {
            Command::Help(_) => ".help",
            Command::Modules { .. } => ".modules",
            Command::ModInfo(_) => ".modinfo",
            Command::Reload { .. } => ".reload",
            Command::ReloadAll => ".reloadall",
            Command::Check(_) => ".check",
            Command::Watch(_) => ".watch",
            Command::Refresh => ".refresh",
            Command::Perfmon => ".perfmon",
            Command::MemReport => ".memreport",
            Command::Vars => ".vars",
            Command::Clear => ".clear",
            Command::History => ".history",
            Command::Config => ".config",
            Command::Capabilities => ".capabilities",
            Command::Grant { .. } => ".grant",
            Command::Revoke(_) => ".revoke",
            Command::LastError => ".lasterror",
            Command::Load(_) => ".load",
            Command::Save { .. } => ".save",
            Command::Time { .. } => ".time",
            Command::Profile(_) => ".profile",
            Command::Exit => ".exit",
        }
    }
}

/// The words after a command's name, and the same text as typed (for
/// commands whose argument is ML code, where spacing matters).
pub struct Args<'a> {
    pub words: &'a [&'a str],
    pub rest: &'a str,
}

/// Turns a command's arguments into the command (or a usage error).
type Parse = fn(&Spec, &Args) -> Result<Command, UsageError>;

/// One command's name, argument synopsis, one-line description and parser;
/// the single source for `.help`, Tab completion, suggestions and parsing,
/// so a new command is one row here plus its code in the session.
pub struct Spec {
    pub name: &'static str,
    pub args: &'static str,
    pub about: &'static str,
    pub parse: Parse,
}

pub const SPECS: &[Spec] = &[
    Spec {
        name: ".help",
        args: "[COMMAND]",
        about: "show this list, or the help of one command",
        parse: help,
    },
    Spec {
        name: ".modules",
        args: "[--type python_bridge|ml_source|builtin]",
        about: "list importable modules by kind",
        parse: modules,
    },
    Spec {
        name: ".modinfo",
        args: "NAME",
        about: "details of one module",
        parse: |s, a| one_name(s, a.words).map(Command::ModInfo),
    },
    Spec {
        name: ".reload",
        args: "NAME [--deps]",
        about: "re-run a module from its file (a failed reload keeps the old one); \
                --deps: its importers too",
        parse: reload,
    },
    Spec {
        name: ".check",
        args: "NAME",
        about: "check a module for mistakes (mlpy check) without loading it",
        parse: |s, a| one_name(s, a.words).map(Command::Check),
    },
    Spec {
        name: ".reloadall",
        args: "",
        about: "reload every imported ML module",
        parse: |s, a| no_args(s, a, Command::ReloadAll),
    },
    Spec {
        name: ".watch",
        args: "[on|off]",
        about: "reload modules automatically when their files are saved",
        parse: watch,
    },
    Spec {
        name: ".refresh",
        args: "",
        about: "rescan the module folders for new or deleted files",
        parse: |s, a| no_args(s, a, Command::Refresh),
    },
    Spec {
        name: ".perfmon",
        args: "",
        about: "compile/load times, reloads and memory per module",
        parse: |s, a| no_args(s, a, Command::Perfmon),
    },
    Spec {
        name: ".memreport",
        args: "",
        about: "memory by kind, top consumers, process and machine memory",
        parse: |s, a| no_args(s, a, Command::MemReport),
    },
    Spec {
        name: ".vars",
        args: "",
        about: "the variables defined in this session",
        parse: |s, a| no_args(s, a, Command::Vars),
    },
    Spec {
        name: ".clear",
        args: "",
        about: "forget all variables (start with fresh globals)",
        parse: |s, a| no_args(s, a, Command::Clear),
    },
    Spec {
        name: ".history",
        args: "",
        about: "the inputs of this session",
        parse: |s, a| no_args(s, a, Command::History),
    },
    Spec {
        name: ".load",
        args: "FILE",
        about: "run an ML file in this session (its variables and functions stay defined)",
        parse: |s, a| one_word(s, a.words, "a file name").map(Command::Load),
    },
    Spec {
        name: ".save",
        args: "[--force] FILE",
        about: "write this session's successful inputs to an ML file \
                (--force: replace an existing file)",
        parse: save,
    },
    Spec {
        name: ".time",
        args: "[N] CODE",
        about: "run ML code (N times) and report the wall time (mean and fastest of N)",
        parse: time,
    },
    Spec {
        name: ".lasterror",
        args: "",
        about: "the last error again, with its Python traceback when it came from Python",
        parse: |s, a| no_args(s, a, Command::LastError),
    },
    Spec {
        name: ".config",
        args: "",
        about: "the effective configuration and where each value came from",
        parse: |s, a| no_args(s, a, Command::Config),
    },
    Spec {
        name: ".capabilities",
        args: "",
        about: "the granted capabilities, their resource patterns and where they came from",
        parse: |s, a| no_args(s, a, Command::Capabilities),
    },
    Spec {
        name: ".grant",
        args: "CAPABILITY [PATTERN ...]",
        about: "grant a capability, for the resources matching the patterns (all if none)",
        parse: grant,
    },
    Spec {
        name: ".revoke",
        args: "CAPABILITY",
        about: "withdraw every grant of a capability",
        parse: |s, a| match a.words {
            [name] => Ok(Command::Revoke(name.to_string())),
            _ => Err(usage_error(
                s,
                ".revoke takes one capability name".into(),
                None,
            )),
        },
    },
    Spec {
        name: ".profile",
        args: "[CODE|on|off]",
        about: "run CODE under the profiler and show calls, total and self time per \
                function; on/off: record every input in between; alone: the last table",
        parse: |_, a| {
            Ok(Command::Profile(match a.rest.trim() {
                "" => ProfileAction::Show,
                "on" => ProfileAction::On,
                "off" => ProfileAction::Off,
                code => ProfileAction::Run(code.to_string()),
            }))
        },
    },
    Spec {
        name: ".exit",
        args: "",
        about: "leave the REPL (also .quit, Ctrl-D)",
        parse: |s, a| no_args(s, a, Command::Exit),
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

/// The row of a command name (or alias), or the error for an unknown one.
pub fn find(name: &str) -> Result<&'static Spec, UsageError> {
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, target)| target);
    SPECS
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| UsageError {
            message: format!("unknown command '{name}' (type .help for the list)"),
            usage: None,
            suggestion: closest(name, SPECS.iter().map(|s| s.name)),
        })
}

/// Parse a dot-command line.
pub fn parse_command(line: &str) -> Result<Command, UsageError> {
    let line = line.trim();
    let (name, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(n, r)| (n, r.trim_start()));
    let spec = find(name)?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    (spec.parse)(
        spec,
        &Args {
            words: &words,
            rest,
        },
    )
}

fn help(spec: &Spec, args: &Args) -> Result<Command, UsageError> {
    match args.words {
        [] => Ok(Command::Help(None)),
        [name] => {
            let dotted = if name.starts_with('.') {
                name.to_string()
            } else {
                format!(".{name}")
            };
            let found = find(&dotted).map_err(|mut e| {
                e.usage = Some(usage(spec));
                e
            })?;
            Ok(Command::Help(Some(found.name.to_string())))
        }
        _ => Err(usage_error(
            spec,
            ".help takes one command name".into(),
            None,
        )),
    }
}

fn grant(spec: &Spec, args: &Args) -> Result<Command, UsageError> {
    match args.words {
        [name, patterns @ ..] => Ok(Command::Grant {
            name: name.to_string(),
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
        }),
        [] => Err(usage_error(
            spec,
            ".grant needs a capability name".into(),
            None,
        )),
    }
}

fn save(spec: &Spec, args: &Args) -> Result<Command, UsageError> {
    let (flags, names): (Vec<&str>, Vec<&str>) =
        args.words.iter().partition(|a| a.starts_with("--"));
    if let Some(flag) = flags.iter().find(|f| **f != "--force") {
        return Err(usage_error(
            spec,
            format!("unknown option '{flag}'"),
            closest(flag, ["--force"].into_iter()),
        ));
    }
    Ok(Command::Save {
        path: one_word(spec, &names, "a file name")?,
        force: !flags.is_empty(),
    })
}

/// Most repeats `.time` accepts: enough for a micro-benchmark, and an
/// input that cannot keep the prompt away for days by a typo.
pub const MAX_REPEAT: u32 = 1_000_000;

fn time(spec: &Spec, args: &Args) -> Result<Command, UsageError> {
    let (first, after) = args
        .rest
        .split_once(char::is_whitespace)
        .unwrap_or((args.rest, ""));
    let counted = first.chars().all(|c| c.is_ascii_digit() || c == '_') && !after.trim().is_empty();
    let (repeat, code) = if counted && !first.is_empty() {
        let repeat = first
            .replace('_', "")
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_REPEAT).contains(n))
            .ok_or_else(|| {
                usage_error(
                    spec,
                    format!("the repeat count must be from 1 to {MAX_REPEAT}, got '{first}'"),
                    None,
                )
            })?;
        (repeat, after.trim())
    } else {
        (1, args.rest.trim())
    };
    if code.is_empty() {
        return Err(usage_error(spec, ".time needs code to run".into(), None));
    }
    Ok(Command::Time {
        repeat,
        code: code.to_string(),
    })
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

fn no_args(spec: &Spec, args: &Args, command: Command) -> Result<Command, UsageError> {
    match args.words.first() {
        None => Ok(command),
        Some(extra) => Err(usage_error(
            spec,
            format!("{} takes no arguments (got '{extra}')", spec.name),
            None,
        )),
    }
}

fn one_name(spec: &Spec, args: &[&str]) -> Result<String, UsageError> {
    one_word(spec, args, "a module name")
}

/// The one argument a command takes (`what` names it in messages).
fn one_word(spec: &Spec, args: &[&str], what: &str) -> Result<String, UsageError> {
    match args {
        [word] => Ok(word.to_string()),
        [] => Err(usage_error(
            spec,
            format!("{} needs {what}", spec.name),
            None,
        )),
        _ => Err(usage_error(
            spec,
            format!("{} takes one {}", spec.name, what.trim_start_matches("a ")),
            None,
        )),
    }
}

fn reload(spec: &Spec, args: &Args) -> Result<Command, UsageError> {
    let (flags, names): (Vec<&str>, Vec<&str>) =
        args.words.iter().partition(|a| a.starts_with("--"));
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

fn watch(spec: &Spec, args: &Args) -> Result<Command, UsageError> {
    match args.words {
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

fn modules(spec: &Spec, args: &Args) -> Result<Command, UsageError> {
    let kind_arg = match args.words {
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
        assert_eq!(parse_command(".help"), Ok(Command::Help(None)));
        assert_eq!(parse_command("  .perfmon  "), Ok(Command::Perfmon));
        assert_eq!(parse_command(".quit"), Ok(Command::Exit));
        assert_eq!(parse_command(".exit"), Ok(Command::Exit));
        assert_eq!(parse_command(".memreport"), Ok(Command::MemReport));
    }

    /// The smallest arguments a row's synopsis asks for: each required
    /// word (`NAME`, `FILE`, `CODE`) as `x`, optional ones left out.
    fn sample_arguments(spec: &Spec) -> String {
        let mut depth = 0;
        let mut words = Vec::new();
        for word in spec.args.split_whitespace() {
            let opens = word.matches('[').count();
            if depth == 0 && opens == 0 {
                words.push("x");
            }
            depth += opens;
            depth -= word.matches(']').count();
        }
        words.join(" ")
    }

    #[test]
    fn every_row_parses_to_its_own_command() {
        for spec in SPECS {
            let line = format!("{} {}", spec.name, sample_arguments(spec));
            let command = parse_command(&line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert_eq!(command.name(), spec.name, "{line}");
        }
    }

    #[test]
    fn new_commands_parse_their_arguments() {
        assert_eq!(
            parse_command(".load a b.ml").unwrap_err().usage.as_deref(),
            Some(".load FILE")
        );
        assert_eq!(
            parse_command(".save --force out.ml"),
            Ok(Command::Save {
                path: "out.ml".into(),
                force: true
            })
        );
        assert_eq!(
            parse_command(".time 100 f(1,  2)"),
            Ok(Command::Time {
                repeat: 100,
                code: "f(1,  2)".into()
            })
        );
        assert_eq!(
            parse_command(".time 1_000 x"),
            Ok(Command::Time {
                repeat: 1000,
                code: "x".into()
            })
        );
        // A number alone is the code to time.
        assert_eq!(
            parse_command(".time 42"),
            Ok(Command::Time {
                repeat: 1,
                code: "42".into()
            })
        );
        assert!(parse_command(".time 0 x").is_err());
        assert!(parse_command(".time").is_err());
        assert_eq!(
            parse_command(".help reload"),
            Ok(Command::Help(Some(".reload".into())))
        );
        assert_eq!(
            parse_command(".help .quit"),
            Ok(Command::Help(Some(".exit".into())))
        );
        let e = parse_command(".help relod").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some(".reload"));
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
