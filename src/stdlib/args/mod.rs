//! The `args` module (spec 5.14): program arguments and a small parser.
//!
//! `all`/`script`/`rest` read what `mlpy run FILE ARGS...` passed (the
//! script name first); their reference capability `args.read` is listed but
//! not enforced (spec 3.14). `create_parser` returns an `ArgParser` native
//! object whose `parse` gives a `ParsedArgs`. The grammar itself lives in
//! [`parser`], free of the VM; this file turns ML arguments into its types
//! and its results back into ML values.

mod parser;

use super::{functions, Row};
use crate::lang::builtins::{expect_args, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::iter::collect;
use crate::lang::value::{NativeObject, NativeResult, Value};
use crate::lang::vm::Vm;
use crate::stdlib::object_methods::{self, method, Method};
use parser::{FlagDef, OptionDef, Parsed, PositionalDef, Schema};
use std::cell::RefCell;
use std::rc::Rc;

const READ: &[&str] = &["args.read"];

fn capabilities(name: &str) -> &'static [&'static str] {
    if name == "create_parser" {
        &[]
    } else {
        READ
    }
}

const ROWS: &[Row] = &[
    (
        "all",
        all,
        "all(): the program's arguments, the script name first",
    ),
    (
        "create_parser",
        create_parser,
        "create_parser(name='', description=''): a new ArgParser",
    ),
    ("rest", rest, "rest(): the arguments after the script name"),
    (
        "script",
        script,
        "script(): the script name, or '' when there is none",
    ),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("args", ROWS, capabilities)
}

fn strings(items: &[String]) -> Value {
    Value::array(items.iter().map(|s| Value::str(s)).collect())
}

fn all(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("args.all", args, 0, 0)?;
    Ok(strings(vm.program_args()))
}

fn script(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("args.script", args, 0, 0)?;
    Ok(Value::str(
        vm.program_args().first().map_or("", String::as_str),
    ))
}

fn rest(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("args.rest", args, 0, 0)?;
    Ok(strings(vm.program_args().get(1..).unwrap_or(&[])))
}

fn create_parser(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("args.create_parser", args, 0, 2)?;
    let text = |i: usize| -> Result<String, RtError> {
        Ok(match opt_arg(args, i) {
            Some(v) => str_arg("args.create_parser", &(i + 1).to_string(), v)?.to_string(),
            None => String::new(),
        })
    };
    let schema = Schema {
        name: text(0)?,
        description: text(1)?,
        ..Schema::default()
    };
    Ok(native(ArgParser {
        schema: RefCell::new(schema),
    }))
}

fn native(obj: impl NativeObject + 'static) -> Value {
    Value::NativeObj(Rc::new(Box::new(obj)))
}

/// A string argument of method `name`, or "" when absent or null.
fn text_arg(name: &str, args: &[Value], i: usize) -> Result<String, RtError> {
    match opt_arg(args, i) {
        Some(v) => Ok(str_arg(name, &(i + 1).to_string(), v)?.to_string()),
        None => Ok(String::new()),
    }
}

/// A short name: one character, or none for null / "".
fn short_arg(name: &str, args: &[Value], i: usize) -> Result<Option<char>, RtError> {
    let text = text_arg(name, args, i)?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Ok(None),
        (Some(c), None) => Ok(Some(c)),
        _ => Err(RtError::value_error(format!(
            "{name}(): a short name is one character, not '{text}'"
        ))),
    }
}

/// The parser object: its schema grows with each `add_*` call.
struct ArgParser {
    schema: RefCell<Schema>,
}

impl ArgParser {
    fn add_flag(&self, args: &[Value]) -> NativeResult {
        expect_args("add_flag", args, 1, 3)?;
        let def = FlagDef {
            name: str_arg("add_flag", "1", &args[0])?.to_string(),
            short: short_arg("add_flag", args, 1)?,
            help: text_arg("add_flag", args, 2)?,
        };
        self.schema.borrow_mut().add_flag(def);
        Ok(Value::Null)
    }

    fn add_option(&self, args: &[Value]) -> NativeResult {
        expect_args("add_option", args, 1, 4)?;
        let def = OptionDef {
            name: str_arg("add_option", "1", &args[0])?.to_string(),
            short: short_arg("add_option", args, 1)?,
            help: text_arg("add_option", args, 2)?,
            default: args.get(3).cloned().unwrap_or(Value::Null),
        };
        self.schema.borrow_mut().add_option(def);
        Ok(Value::Null)
    }

    fn add_positional(&self, args: &[Value]) -> NativeResult {
        expect_args("add_positional", args, 1, 3)?;
        let def = PositionalDef {
            name: str_arg("add_positional", "1", &args[0])?.to_string(),
            help: text_arg("add_positional", args, 1)?,
            required: opt_arg(args, 2).is_some_and(Value::truthy),
        };
        self.schema.borrow_mut().add_positional(def);
        Ok(Value::Null)
    }

    fn parse(&self, vm: &Vm, args: &[Value]) -> NativeResult {
        expect_args("parse", args, 0, 1)?;
        let argv = match opt_arg(args, 0) {
            Some(v) => argv_of(v)?,
            None => vm.program_args().get(1..).unwrap_or(&[]).to_vec(),
        };
        let parsed = self.schema.borrow().parse(&argv)?;
        Ok(native(ParsedArgs { parsed }))
    }

    fn help(&self, vm: &Vm, args: &[Value]) -> NativeResult {
        expect_args("help", args, 0, 0)?;
        let script = vm
            .program_args()
            .first()
            .map(|s| super::path::lexical::basename(s))
            .unwrap_or_else(|| "script.ml".to_string());
        Ok(Value::string(self.schema.borrow().help(&script)))
    }
}

/// An explicit `parse(argv)` argument: an array of strings.
fn argv_of(v: &Value) -> Result<Vec<String>, RtError> {
    collect(v)?
        .iter()
        .map(|item| {
            item.as_str().map(str::to_string).ok_or_else(|| {
                RtError::type_error(format!(
                    "parse() arguments must be strings, not '{}'",
                    item.type_name()
                ))
            })
        })
        .collect()
}

/// `ArgParser` methods, in name order.
const PARSER_METHODS: &[Method<ArgParser>] = &[
    method(
        "add_flag",
        |p, _, a| p.add_flag(a),
        "add_flag(name, short, help): a switch that is true when given",
    ),
    method(
        "add_option",
        |p, _, a| p.add_option(a),
        "add_option(name, short, help, default?): an option that takes a value",
    ),
    method(
        "add_positional",
        |p, _, a| p.add_positional(a),
        "add_positional(name, help, required=false): the next word without a dash",
    ),
    method("help", |p, vm, a| p.help(vm, a), "help(): the usage text"),
    method(
        "parse",
        |p, vm, a| p.parse(vm, a),
        "parse(argv?): the program's arguments (or argv) as ParsedArgs",
    ),
];

impl NativeObject for ArgParser {
    fn type_name(&self) -> &'static str {
        "ArgParser"
    }

    object_methods::methods_from_table!(PARSER_METHODS);

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The result of `ArgParser.parse`: read-only.
struct ParsedArgs {
    parsed: Parsed,
}

impl ParsedArgs {
    /// The name argument of method `name`.
    fn key<'a>(name: &str, args: &'a [Value], max: usize) -> Result<&'a str, RtError> {
        expect_args(name, args, 1, max)?;
        str_arg(name, "1", &args[0])
    }

    fn get(&self, args: &[Value]) -> NativeResult {
        let key = Self::key("get", args, 2)?;
        let p = &self.parsed;
        Ok(if let Some(v) = p.options.get(key) {
            v.clone()
        } else if let Some(v) = p.positionals.get(key) {
            Value::str(v)
        } else if let Some(b) = p.flags.get(key) {
            Value::Bool(*b)
        } else {
            args.get(1).cloned().unwrap_or(Value::Null)
        })
    }

    fn has(&self, args: &[Value]) -> NativeResult {
        let key = Self::key("has", args, 1)?;
        let p = &self.parsed;
        Ok(Value::Bool(
            p.flags.contains_key(key)
                || p.options.contains_key(key)
                || p.positionals.contains_key(key),
        ))
    }

    fn get_bool(&self, args: &[Value]) -> NativeResult {
        let key = Self::key("get_bool", args, 1)?;
        Ok(Value::Bool(
            self.parsed.flags.get(key).copied().unwrap_or(false),
        ))
    }

    fn flags(&self) -> Value {
        Value::object_from(
            self.parsed
                .flags
                .iter()
                .map(|(k, v)| (k.as_str(), Value::Bool(*v))),
        )
    }

    fn options(&self) -> Value {
        Value::object_from(
            self.parsed
                .options
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone())),
        )
    }

    fn positionals(&self) -> Value {
        Value::array(
            self.parsed
                .positionals
                .values()
                .map(|v| Value::str(v))
                .collect(),
        )
    }
}

/// A method of ParsedArgs without arguments.
fn no_args(name: &str, args: &[Value], value: impl FnOnce() -> Value) -> NativeResult {
    expect_args(name, args, 0, 0)?;
    Ok(value())
}

/// `ParsedArgs` methods, in name order.
const PARSED_METHODS: &[Method<ParsedArgs>] = &[
    method(
        "flags",
        |p, _, a| no_args("flags", a, || p.flags()),
        "flags(): every flag and whether it was given",
    ),
    method(
        "get",
        |p, _, a| p.get(a),
        "get(name, default?): the value of an option, positional or flag",
    ),
    method(
        "get_bool",
        |p, _, a| p.get_bool(a),
        "get_bool(name): whether flag name was given",
    ),
    method(
        "has",
        |p, _, a| p.has(a),
        "has(name): whether name was given (or is an option with a default)",
    ),
    method(
        "options",
        |p, _, a| no_args("options", a, || p.options()),
        "options(): every option and its value",
    ),
    method(
        "positionals",
        |p, _, a| no_args("positionals", a, || p.positionals()),
        "positionals(): the positional arguments in order",
    ),
];

impl NativeObject for ParsedArgs {
    fn type_name(&self) -> &'static str {
        "ParsedArgs"
    }

    object_methods::methods_from_table!(PARSED_METHODS);

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_tables_are_well_formed() {
        object_methods::assert_well_formed("ArgParser", PARSER_METHODS);
        object_methods::assert_well_formed("ParsedArgs", PARSED_METHODS);
    }

    #[test]
    fn short_names_are_single_characters() {
        let args = [
            Value::str("v"),
            Value::Null,
            Value::str(""),
            Value::str("vv"),
        ];
        assert_eq!(short_arg("f", &args, 0).unwrap(), Some('v'));
        assert_eq!(short_arg("f", &args, 1).unwrap(), None);
        assert_eq!(short_arg("f", &args, 2).unwrap(), None);
        assert!(short_arg("f", &args, 3).is_err());
    }
}
