//! The `console` module (spec 5.1): `print` with a level prefix and a choice
//! of stream.
//!
//! [DECISION] console formats exactly like `print` (the reference used
//! Python's `str`, printing `True`/`None`), so one line builder,
//! `print_line`, serves both. `log`/`info`/`debug` go to the VM's stdout,
//! `error`/`warn` to its stderr (which flushes stdout first, so the two
//! streams interleave in program order).

use super::{functions, Row};
use crate::lang::builtins::print_line;
use crate::lang::error::RtError;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use std::io::Write;

const WRITE: &[&str] = &["console.write"];
const ERROR: &[&str] = &["console.error"];

const ROWS: &[Row] = &[
    (
        "debug",
        debug,
        "debug(a, b, ...): prints 'DEBUG: ' and the values to stdout",
    ),
    (
        "error",
        error,
        "error(a, b, ...): prints the values to stderr",
    ),
    (
        "info",
        info,
        "info(a, b, ...): prints 'INFO: ' and the values to stdout",
    ),
    (
        "log",
        log,
        "log(a, b, ...): prints the values to stdout, like print",
    ),
    (
        "warn",
        warn,
        "warn(a, b, ...): prints 'WARNING: ' and the values to stderr",
    ),
];

fn capabilities(name: &str) -> &'static [&'static str] {
    if matches!(name, "error" | "warn") {
        ERROR
    } else {
        WRITE
    }
}

pub(super) fn members() -> Vec<(String, Value)> {
    functions("console", ROWS, capabilities)
}

/// Where a console line goes.
#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// The line `print(args)` would write, after `prefix`.
fn line(prefix: &str, args: &[Value]) -> Result<String, RtError> {
    let mut text = String::from(prefix);
    text.push_str(&print_line(args)?);
    Ok(text)
}

fn emit(vm: &mut Vm, stream: Stream, prefix: &str, args: &[Value]) -> NativeResult {
    let text = line(prefix, args)?;
    let written = match stream {
        Stream::Out => vm.out().write_all(text.as_bytes()),
        Stream::Err => vm.err_out().write_all(text.as_bytes()),
    };
    written.map_err(|e| RtError::runtime_error(format!("cannot write output: {e}")))?;
    Ok(Value::Null)
}

fn log(vm: &mut Vm, args: &[Value]) -> NativeResult {
    emit(vm, Stream::Out, "", args)
}

fn info(vm: &mut Vm, args: &[Value]) -> NativeResult {
    emit(vm, Stream::Out, "INFO: ", args)
}

fn debug(vm: &mut Vm, args: &[Value]) -> NativeResult {
    emit(vm, Stream::Out, "DEBUG: ", args)
}

fn warn(vm: &mut Vm, args: &[Value]) -> NativeResult {
    emit(vm, Stream::Err, "WARNING: ", args)
}

fn error(vm: &mut Vm, args: &[Value]) -> NativeResult {
    emit(vm, Stream::Err, "", args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_by_function() {
        assert_eq!(capabilities("warn"), ERROR);
        assert_eq!(capabilities("log"), WRITE);
    }

    #[test]
    fn lines_match_print() {
        assert_eq!(
            line("INFO: ", &[Value::str("a"), Value::Int(1)]).unwrap(),
            "INFO: a 1\n"
        );
        assert_eq!(line("", &[]).unwrap(), "\n");
        assert_eq!(
            line("", &[Value::Null, Value::Bool(true)]).unwrap(),
            "null true\n"
        );
    }
}
