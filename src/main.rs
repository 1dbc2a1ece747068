//! The `mlpy` command line: argument parsing and exit codes only.

use clap::{Parser, Subcommand};
use mlpy::driver::{compile_source, on_interpreter_thread, run_source, Failure};
use mlpy::lang::diagnostics::SourceFile;
use mlpy::Vm;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "mlpy",
    version,
    about = "A fast runtime and REPL for the ML scripting language"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run an ML program.
    Run {
        /// Grant a capability (`file.read`, `file:read`, or `*` for all);
        /// repeatable.
        #[arg(long = "grant", value_name = "CAP")]
        grants: Vec<String>,
        /// The .ml file to run.
        file: PathBuf,
        /// Arguments passed to the program.
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Parse and compile an ML file without running it.
    Check {
        /// The .ml file to check.
        file: PathBuf,
    },
    /// Print the bytecode compiled from an ML file (for mlpy developers).
    #[command(hide = true)]
    Dis { file: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        Command::Run { file, args, grants } => with_source(&file, |source| {
            let mut vm = Vm::new();
            for grant in &grants {
                vm.grant(grant);
            }
            let mut program_args = vec![source.name.clone()];
            program_args.extend(args);
            vm.set_program_args(program_args);
            run_source(&mut vm, &source)
        }),
        Command::Check { file } => with_source(&file, |source| {
            compile_source(&source).map(|_| println!("{}: ok", source.name))
        }),
        Command::Dis { file } => with_source(&file, |source| {
            compile_source(&source).map(|chunk| print!("{}", chunk.main.disassemble()))
        }),
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
