//! The `log` module (spec 5.16): levelled log lines on stdout, as text or
//! json, optionally copied to files.
//!
//! The module functions are a default `Logger` (named "default") seen
//! through function values: each row's function calls the logger method of
//! the same name, so the module and `create_logger(name)` loggers share one
//! implementation. The default logger lives in the closures, so every load
//! of the module (each VM, each `.reload`) starts from fresh settings.

mod json;
mod logger;

use crate::lang::builtins::{closure_value, expect_args, str_arg};
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use logger::Logger;
use std::rc::Rc;

/// Module functions that delegate to the default logger, with their docs.
const ROWS: &[(&str, &str)] = &[
    (
        "add_file",
        "add_file(path): also append log lines to file path (needs file.write)",
    ),
    (
        "critical",
        "critical(msg, data?): log at CRITICAL level; data is an object shown as k=v pairs",
    ),
    (
        "debug",
        "debug(msg, data?): log at DEBUG level (shown only after set_level('DEBUG'))",
    ),
    ("error", "error(msg, data?): log at ERROR level"),
    ("info", "info(msg, data?): log at INFO level"),
    ("is_debug", "is_debug(): whether DEBUG messages are shown"),
    (
        "set_format",
        "set_format(fmt): 'text' ([time] LEVEL: msg | k=v) or 'json' (one object per line)",
    ),
    (
        "set_level",
        "set_level(level): lowest level shown: 'DEBUG', 'INFO', 'WARN', 'ERROR' or 'CRITICAL'",
    ),
    (
        "set_timestamp",
        "set_timestamp(on): whether lines carry a timestamp",
    ),
    (
        "warn",
        "warn(msg, data?): log at WARN level (text lines say WARNING)",
    ),
];

/// Reference capability names (informational except add_file's file.write,
/// which `add_file` checks itself).
fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "add_file" => &["log.write", "file.write"],
        "is_debug" | "create_logger" => &[],
        _ => &["log.write"],
    }
}

pub(super) fn members() -> Vec<(String, Value)> {
    let default = Rc::new(Logger::new("default"));
    let mut out: Vec<(String, Value)> = ROWS
        .iter()
        .map(|(name, doc)| {
            let logger = default.clone();
            let qualified = format!("log.{name}");
            let func = closure_value(
                &qualified.clone(),
                doc,
                capabilities(name),
                move |vm, args| logger.call(vm, &qualified, name, args),
            );
            (name.to_string(), func)
        })
        .collect();
    let create = crate::lang::builtins::native_value(
        "log.create_logger",
        create_logger,
        "create_logger(name): a new Logger with the same methods as the module",
        capabilities("create_logger"),
    );
    out.push(("create_logger".to_string(), create));
    out
}

fn create_logger(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("log.create_logger", args, 1, 1)?;
    let name = str_arg("log.create_logger", "1", &args[0])?;
    Ok(Value::NativeObj(Rc::new(Box::new(Logger::new(name)))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_match_logger_methods() {
        let names: Vec<&str> = ROWS.iter().map(|r| r.0).collect();
        assert_eq!(names, logger::METHODS);
        assert!(ROWS.iter().all(|r| r.1.starts_with(r.0)));
    }
}
