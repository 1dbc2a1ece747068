//! The `mlpy` command line: argument parsing and exit codes only.

use clap::{Args, Parser, Subcommand};
use mlpy::capabilities::{Grant, GrantSource};
use mlpy::check::project::CheckOptions;
use mlpy::config::{self, CliOptions, Config, Setting, Source};
use mlpy::driver::{compile_source, on_interpreter_thread, run_source, session_vm, Failure};
use mlpy::lang::diagnostics::SourceFile;
use mlpy::limits::Watchdog;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "mlpy",
    version,
    about = "A fast runtime and REPL for the ML scripting language",
    after_help = "`mlpy` alone starts the REPL; `mlpy FILE.ml [ARGS]` runs the file."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where modules come from; shared by every subcommand.
#[derive(Args, Clone, Default)]
struct ModuleArgs {
    /// Folder of ML source modules (repeatable; replaces the configured list).
    #[arg(short = 'M', long = "ml-path", value_name = "DIR")]
    ml_paths: Vec<PathBuf>,
    /// Folder of Python bridge modules (repeatable; replaces the configured list).
    #[arg(short = 'E', long = "extension-path", value_name = "DIR")]
    python_paths: Vec<PathBuf>,
    /// Configuration file to use instead of ./mlpy.json.
    #[arg(long = "config", value_name = "FILE")]
    config_file: Option<PathBuf>,
}

/// Resource limits of `run` and `repl`.
#[derive(Args, Clone, Default)]
struct LimitArgs {
    /// Nested ML calls allowed before RecursionError (default: the
    /// configured `max_call_depth`, else 10000).
    #[arg(long = "max-depth", value_name = "N", value_parser = parse_depth)]
    max_depth: Option<usize>,
    /// Stop the program (REPL: each input) with TimeoutError after this
    /// many seconds (fractions allowed).
    #[arg(long = "timeout", value_name = "SECONDS", value_parser = mlpy::limits::parse_timeout)]
    timeout: Option<Duration>,
    /// Megabytes mlpy may use: a value that would need more raises
    /// MemoryError (default: the configured `max_memory_mb`, else no budget).
    #[arg(long = "max-memory", value_name = "MB", value_parser = mlpy::memory::parse_megabytes)]
    max_memory: Option<u64>,
}

/// Profiling of `run` (docs/profiling.md).
#[derive(Args, Clone, Default)]
struct ProfileArgs {
    /// After the program's output, print a table of the ML and native
    /// functions it called: calls, total and self time, time per call.
    #[arg(long = "profile")]
    table: bool,
    /// Write the profile as folded stacks (`main;f;g 1234`, self time in
    /// microseconds) for flame graph tools such as inferno or speedscope.
    #[arg(long = "profile-out", value_name = "FILE")]
    folded: Option<PathBuf>,
}

impl ProfileArgs {
    fn wanted(&self) -> bool {
        self.table || self.folded.is_some()
    }
}

/// `--grant` is checked before anything runs, so a typo stops at once.
fn parse_grant(text: &str) -> Result<String, String> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    Grant::from_flag(text, &cwd, GrantSource::Flag).map(|_| text.to_string())
}

fn parse_depth(text: &str) -> Result<usize, String> {
    let limit = config::MAX_CALL_DEPTH_LIMIT;
    text.parse::<usize>()
        .ok()
        .filter(|d| (1..=limit).contains(d))
        .ok_or_else(|| format!("'{text}' must be a whole number from 1 to {limit}"))
}

#[derive(Subcommand)]
enum Command {
    /// Run an ML program.
    Run {
        #[command(flatten)]
        modules: ModuleArgs,
        /// Grant a capability (`file.read`, `file:read`, or `*` for all),
        /// optionally only for resources matching a glob
        /// (`file.read=data/*.json`); repeatable.
        #[arg(long = "grant", value_name = "CAP[=GLOB]", value_parser = parse_grant)]
        grants: Vec<String>,
        #[command(flatten)]
        limits: LimitArgs,
        #[command(flatten)]
        profile: ProfileArgs,
        /// The .ml file to run.
        file: PathBuf,
        /// Arguments passed to the program.
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Start the interactive REPL (reads piped input line by line when
    /// stdin is not a terminal).
    Repl {
        #[command(flatten)]
        modules: ModuleArgs,
        /// Grant a capability (`file.read`, `file:read`, or `*` for all),
        /// optionally only for resources matching a glob
        /// (`file.read=data/*.json`); repeatable.
        #[arg(long = "grant", value_name = "CAP[=GLOB]", value_parser = parse_grant)]
        grants: Vec<String>,
        #[command(flatten)]
        limits: LimitArgs,
        /// History file (default: the configured `history_file`, else
        /// ~/.local/share/mlpy/history).
        #[arg(long = "history", value_name = "FILE")]
        history: Option<PathBuf>,
        /// Reload modules automatically when their files are saved (also
        /// `.watch on` in the session).
        #[arg(long = "watch")]
        watch: bool,
    },
    /// Find mistakes in ML files without running them: unknown modules,
    /// undefined names, missing module members, wrong argument counts, and
    /// warnings. Exit 0 clean, 1 errors (or warnings with --strict), 2 when
    /// a file does not parse or compile.
    Check {
        #[command(flatten)]
        modules: ModuleArgs,
        /// Warnings count as errors for the exit status.
        #[arg(long = "strict")]
        strict: bool,
        /// Output format: `text`, or `json` (an array with one object per
        /// finding, for editors).
        #[arg(long = "format", value_name = "FORMAT", default_value = "text",
              value_parser = ["text", "json"])]
        format: String,
        /// The .ml files to check; a folder means every .ml file under it.
        #[arg(required = true, value_name = "FILE|FOLDER")]
        paths: Vec<PathBuf>,
    },
    /// Show the effective configuration and where each value came from.
    Config {
        #[command(flatten)]
        modules: ModuleArgs,
    },
    /// Print the bytecode compiled from an ML file (for mlpy developers).
    #[command(hide = true)]
    Dis { file: PathBuf },
}

/// The subcommand names; anything else first on the line is a file to run.
const SUBCOMMANDS: &[&str] = &["run", "repl", "check", "config", "dis", "help"];

/// Options that take a value as the next argument (`-M DIR`), so that
/// the value is not taken for a file to run.
const VALUED: &[&str] = &[
    "-M",
    "--ml-path",
    "-E",
    "--extension-path",
    "--config",
    "--grant",
    "--max-depth",
    "--timeout",
    "--max-memory",
    "--history",
];

/// `mlpy` alone starts the REPL and `mlpy FILE.ml ARGS` runs the file, as
/// `python` and `node` do; options may come first (`mlpy -M dir` is the
/// REPL on dir, `mlpy -M dir prog.ml` runs prog.ml). The explicit
/// subcommands stay as they are.
fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str());
    if first.is_some_and(|f| SUBCOMMANDS.contains(&f) || HELP_FLAGS.contains(&f)) {
        return args;
    }
    let mut i = 1;
    while let Some(arg) = args.get(i).and_then(|a| a.to_str()) {
        if !arg.starts_with('-') {
            break;
        }
        if arg == "--" || HELP_FLAGS.contains(&arg) {
            return args;
        }
        i += if VALUED.contains(&arg) { 2 } else { 1 };
    }
    let positional = args.get(i).map(|a| a.to_string_lossy().into_owned());
    match positional {
        None => args.insert(1, "repl".into()),
        // `mlpy -M dir repl`: the subcommand goes first, its options after.
        Some(command) if SUBCOMMANDS.contains(&command.as_str()) => {
            let command = args.remove(i);
            args.insert(1, command);
        }
        Some(_) => args.insert(1, "run".into()),
    }
    args
}

/// Asked of `mlpy` itself, never of an implied subcommand.
const HELP_FLAGS: &[&str] = &["-h", "--help", "-V", "--version"];

fn main() -> ExitCode {
    let cli = Cli::parse_from(with_default_command(std::env::args_os().collect()));
    match on_interpreter_thread(move || execute(cli.command)) {
        Ok(code) => ExitCode::from(code),
        _ => {
            eprintln!("mlpy: internal error (the interpreter thread failed)");
            ExitCode::from(70)
        }
    }
}

fn execute(command: Command) -> u8 {
    match command {
        Command::Run {
            modules,
            grants,
            limits,
            profile,
            file,
            args,
        } => {
            let Some(config) = load_config(&modules, &limits) else {
                return 2;
            };
            with_source(&file, |source| {
                let script_dir = file.parent().map(Path::to_path_buf);
                let (mut vm, _registry) = session_vm(&config, script_dir, &grants);
                let mut program_args = vec![source.name.clone()];
                program_args.extend(args);
                vm.set_program_args(program_args);
                mlpy::limits::route_ctrl_c(vm.interrupt_flag());
                let watchdog = limits.timeout.map(|t| Watchdog::new(&vm, t));
                if let Some(dog) = &watchdog {
                    dog.arm();
                }
                if profile.wanted() {
                    vm.start_profiling();
                }
                let result = run_source(&mut vm, &source);
                match vm.stop_profiling() {
                    Some(report) => report_profile(&report, &profile).and(result),
                    None => result,
                }
            })
        }
        Command::Repl {
            modules,
            grants,
            limits,
            history,
            watch,
        } => match load_config(&modules, &limits) {
            Some(config) => mlpy::repl::run(mlpy::repl::ReplOptions {
                config,
                grants,
                history,
                timeout: limits.timeout,
                watch,
            }),
            None => 2,
        },
        Command::Check {
            modules,
            strict,
            format,
            paths,
        } => {
            let Some(config) = load_config(&modules, &LimitArgs::default()) else {
                return 2;
            };
            let options = CheckOptions {
                strict,
                json: format == "json",
            };
            mlpy::check::project::run(&paths, &config, options)
        }
        Command::Config { modules } => match load_config_quietly(&modules) {
            Some(config) => {
                print!("{}", config.describe());
                let (_, registry) = session_vm(&config, None, &[]);
                for problem in registry.problems() {
                    println!("warning: {problem}");
                }
                0
            }
            None => 2,
        },
        Command::Dis { file } => with_source(&file, |source| {
            compile_source(&source).map(|chunk| print!("{}", chunk.main.disassemble()))
        }),
    }
}

/// Print the profile table (stdout, after the program's output) and write
/// the folded stacks, as asked.
fn report_profile(
    report: &mlpy::lang::profile::ProfileReport,
    args: &ProfileArgs,
) -> Result<(), Failure> {
    use std::io::Write;
    if args.table {
        let text = mlpy::repl::tables::profile::profile(report);
        // A closed pipe (`| head`) is not an error of the program.
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        let _ = std::io::stdout().flush();
    }
    if let Some(path) = &args.folded {
        let written = std::fs::File::create(path).and_then(|file| {
            let mut out = std::io::BufWriter::new(file);
            report.write_folded(&mut out)?;
            out.flush()
        });
        if let Err(e) = written {
            let message = format!("mlpy: cannot write profile to {}: {e}", path.display());
            return Err(Failure::Compile(message));
        }
    }
    Ok(())
}

/// The merged configuration (warnings printed to stderr), or `None` after
/// printing why it is invalid.
fn load_config(modules: &ModuleArgs, limits: &LimitArgs) -> Option<Config> {
    let mut config = load_config_quietly(modules)?;
    if let Some(depth) = limits.max_depth {
        config.max_call_depth = Setting::new(depth, Source::Flag);
    }
    if let Some(mb) = limits.max_memory {
        config.max_memory_mb = Setting::new(Some(mb), Source::Flag);
    }
    mlpy::memory::set_budget_mb(config.max_memory_mb.value);
    for warning in &config.warnings {
        eprintln!("mlpy: warning: {warning}");
    }
    Some(config)
}

fn load_config_quietly(modules: &ModuleArgs) -> Option<Config> {
    let cli = CliOptions {
        ml_paths: modules.ml_paths.clone(),
        python_paths: modules.python_paths.clone(),
        config_file: modules.config_file.clone(),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match config::load(&cli, &cwd, &|var| std::env::var(var).ok()) {
        Ok(config) => Some(config),
        Err(e) => {
            eprintln!("mlpy: {e}");
            None
        }
    }
}

fn with_source(
    path: &PathBuf,
    action: impl FnOnce(std::sync::Arc<SourceFile>) -> Result<(), Failure>,
) -> u8 {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("mlpy: cannot read {}: {e}", path.display());
            return 2;
        }
    };
    let source = SourceFile::new(path.display().to_string(), text);
    match action(source) {
        Ok(()) => 0,
        Err(failure) => {
            eprintln!("{}", failure.message());
            failure.exit_code() as u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn implied(args: &[&str]) -> Vec<String> {
        let args = std::iter::once("mlpy").chain(args.iter().copied());
        with_default_command(args.map(OsString::from).collect())
            .into_iter()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn the_subcommand_is_implied_from_what_follows_the_options() {
        assert_eq!(implied(&[]), ["repl"]);
        assert_eq!(implied(&["-M", "d"]), ["repl", "-M", "d"]);
        assert_eq!(
            implied(&["-M", "d", "-E", "e"]),
            ["repl", "-M", "d", "-E", "e"]
        );
        assert_eq!(implied(&["--watch"]), ["repl", "--watch"]);
        assert_eq!(implied(&["p.ml", "x"]), ["run", "p.ml", "x"]);
        assert_eq!(implied(&["-M", "d", "p.ml"]), ["run", "-M", "d", "p.ml"]);
        assert_eq!(implied(&["-M", "d", "repl"]), ["repl", "-M", "d"]);
        assert_eq!(implied(&["check", "p.ml"]), ["check", "p.ml"]);
        assert_eq!(implied(&["--help"]), ["--help"]);
        assert_eq!(implied(&["-V"]), ["-V"]);
    }
}
