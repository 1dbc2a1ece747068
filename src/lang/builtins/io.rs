//! `print` and `input`. Both go through the VM's streams rather than the
//! process's, so the REPL and tests can capture them; each `print` is one
//! write of the whole line, so output interleaves cleanly with stderr.

use super::expect_args;
use crate::lang::error::RtError;
use crate::lang::format::{display, display_interruptible};
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;

fn write_error(e: std::io::Error) -> RtError {
    RtError::runtime_error(format!("cannot write output: {e}"))
}

/// The display forms of `args` joined by single spaces, plus a newline
/// (Ctrl-C and `--timeout` stop it part way through a huge value).
pub fn print_line(args: &[Value]) -> Result<String, RtError> {
    let mut line = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        match arg {
            Value::Str(s) => line.push_str(s.as_str()),
            other => line.push_str(&display_interruptible(other)?),
        }
    }
    line.push('\n');
    Ok(line)
}

pub(super) fn print(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let line = print_line(args)?;
    vm.out().write_all(line.as_bytes()).map_err(write_error)?;
    Ok(Value::Null)
}

pub(super) fn input(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("input", args, 0, 1)?;
    if let Some(prompt) = args.first() {
        let out = vm.out();
        out.write_all(display(prompt).as_bytes())
            .map_err(write_error)?;
        // The prompt must be visible before we block on reading.
        out.flush().map_err(write_error)?;
    }
    vm.read_line()
        .map(Value::string)
        .ok_or_else(|| RtError::runtime_error("EOF when reading a line"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_joins_with_spaces() {
        assert_eq!(print_line(&[]).unwrap(), "\n");
        assert_eq!(
            print_line(&[Value::str("a"), Value::str("b")]).unwrap(),
            "a b\n"
        );
    }
}
