//! Helpers the unit tests of `lang` and the layers above share, so each
//! test module does not grow its own copy.

use super::compiler::compile;
use super::diagnostics::SourceFile;
use super::parser::parse;
use super::value::{Globals, Value};
use super::vm::Vm;
use std::rc::Rc;

/// The integers of `values` (panics on anything else: a test's mistake).
pub fn ints(values: &[Value]) -> Vec<i64> {
    values
        .iter()
        .map(|v| match v {
            Value::Int(i) => *i,
            other => panic!("not an int: {other:?}"),
        })
        .collect()
}

/// The integers of the array value `v`.
pub fn array_ints(v: &Value) -> Vec<i64> {
    match v {
        Value::Array(a) => ints(&a.borrow()),
        other => panic!("not an array: {other:?}"),
    }
}

/// Compile `text` against the names already in `globals` and run it there
/// (the language alone: no built-in modules); the chunk's value, or the
/// rendered error.
pub fn run_in(vm: &mut Vm, globals: &Rc<Globals>, text: &str, echo: bool) -> Result<Value, String> {
    let file = SourceFile::new("<test>", text);
    let program = parse(&file.text).map_err(|d| d.render(&file))?;
    let existing = globals.slot_names();
    let chunk = compile(&program, file.clone(), &existing, echo).map_err(|d| d.render(&file))?;
    vm.run_chunk(&chunk, globals).map_err(|e| e.render())
}
