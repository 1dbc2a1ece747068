//! Builtin functions (spec section 4): the outermost scope of every program,
//! also reachable as members of the module `builtin` (so `builtin.len(x)`
//! works after a program shadows `len`).
//!
//! The builtins live in one sorted table of plain function pointers with a
//! one-line description each; [`lookup`] makes a fresh `Value::Native` from a
//! table row, so a builtin costs nothing until a program names it. The
//! implementations are grouped by the spec's headings in submodules:
//!
//! * `convert` — conversions, numbers and characters (`int`, `round`, `hex`...);
//! * `collections` — `len`, `range`, `sorted`, `min`, `zip`, iterators...;
//! * `introspect` — `help`, `methods`, `hasattr`, modules and capabilities;
//! * `io` — `print`, `input`.
//!
//! This file also holds the argument helpers every native shares (arity,
//! optional, integer and string arguments), so that argument errors read the
//! same across builtins, methods and the standard modules.

mod collections;
mod convert;
mod introspect;
mod io;

pub use collections::{merge_sort, range_values, sort_values, zip_values, MAX_SEQUENCE};
pub use convert::{
    abs_value, integral_value, parse_float_text, parse_int_text, round_float_digits,
    round_int_digits,
};
pub use introspect::{attribute, help_text};
pub use io::print_line;

use super::error::RtError;
use super::ops::to_int;
use super::value::{NativeFn, NativeFnPtr, NativeImpl, NativeResult, Value};
use super::vm::Vm;
use std::fmt;
use std::rc::Rc;
use std::sync::OnceLock;

/// One row of the builtin table.
struct Builtin {
    name: &'static str,
    func: NativeFnPtr,
    doc: &'static str,
}

const fn b(name: &'static str, func: NativeFnPtr, doc: &'static str) -> Builtin {
    Builtin { name, func, doc }
}

/// Every builtin, sorted by name (byte order) so lookups can bisect.
const BUILTINS: &[Builtin] = &[
    b("abs", convert::abs, "abs(x): absolute value; ints stay ints"),
    b("all", collections::all, "all(items): true if every element is truthy (true for [])"),
    b("any", collections::any, "any(items): true if some element is truthy (false for [])"),
    b("available_modules", introspect::available_modules,
        "available_modules(kind?): sorted names of importable modules; kind is 'builtin', 'ml_source' or 'python_bridge'"),
    b("bin", convert::bin, "bin(n): binary text of an integer, e.g. '0b101'"),
    b("bool", convert::bool_fn, "bool(v): truthiness of v"),
    b("call", introspect::call, "call(f, args...): calls f with the remaining arguments"),
    b("callable", convert::callable, "callable(v): whether v can be called"),
    b("chr", convert::chr, "chr(i): the one-character string for code point i"),
    b("enumerate", collections::enumerate, "enumerate(items, start?): array of [index, value] pairs"),
    b("float", convert::float, "float(v): v as a floating-point number; strings are parsed ('inf', '1e3', ' 2.5 ')"),
    b("format", convert::format, "format(v, spec?): v formatted with a Python format spec, e.g. format(3.14159, '.2f')"),
    b("getCapabilities", introspect::get_capabilities, "getCapabilities(): sorted names of the capabilities granted to this session"),
    b("getCapabilityInfo", introspect::get_capability_info,
        "getCapabilityInfo(name): details of a granted capability, or null if it is not granted"),
    b("getattr", introspect::getattr, "getattr(v, name, default?): v.name if it exists, else default (null)"),
    b("hasCapability", introspect::has_capability, "hasCapability(name): whether this session grants capability name"),
    b("has_module", introspect::has_module, "has_module(name): whether `import name` would find a module"),
    b("hasattr", introspect::hasattr, "hasattr(v, name): whether v.name exists (object keys count)"),
    b("help", introspect::help, "help(v): description of a function, module or value"),
    b("hex", convert::hex, "hex(n): hexadecimal text of an integer, e.g. '0xff'"),
    b("input", io::input, "input(prompt?): writes prompt, then reads one line of input without its newline"),
    b("int", convert::int, "int(v): v as an integer; floats truncate, strings are parsed ('3.7' gives 3)"),
    b("isinstance", convert::isinstance, "isinstance(v, name): whether typeof(v) == name"),
    b("iter", collections::iter, "iter(v): an iterator over an array, string, object (its keys) or iterator"),
    b("keys", collections::keys, "keys(obj): array of the object's keys in insertion order"),
    b("len", collections::len, "len(v): characters of a string, elements of an array, keys of an object; 0 otherwise"),
    b("max", collections::max, "max(items) or max(a, b, ...): the largest value; null when there is none"),
    b("methods", introspect::methods, "methods(v): sorted names of the methods callable on v"),
    b("min", collections::min, "min(items) or min(a, b, ...): the smallest value; null when there is none"),
    b("modules", introspect::modules, "modules(): sorted names of the modules loaded in this session"),
    b("next", collections::next, "next(it, default?): the next item of an iterator; default (or an error) when exhausted"),
    b("oct", convert::oct, "oct(n): octal text of an integer, e.g. '0o10'"),
    b("ord", convert::ord, "ord(c): the code point of a one-character string"),
    b("print", io::print, "print(a, b, ...): writes the values separated by spaces, then a newline"),
    b("profile_report", introspect::profile_report,
        "profile_report(): per-function rows (name, calls, total_ms, self_ms, per_call_us) of the running or last profile; [] if none"),
    b("range", collections::range, "range(stop) or range(start, stop, step?): array of integers"),
    b("repr", convert::repr_fn, "repr(v): v as it appears inside a container, e.g. repr('x') is \"'x'\""),
    b("requiredCapabilities", introspect::required_capabilities,
        "requiredCapabilities(f): names of the capabilities function f requires"),
    b("reversed", collections::reversed, "reversed(v): new array of the elements (or characters) in reverse order"),
    b("round", convert::round, "round(x, digits?): x rounded half to even; an integer without digits"),
    b("sorted", collections::sorted, "sorted(items, reverse?): new sorted array (stable; mixed types are an error)"),
    b("str", convert::str_fn, "str(v): the display form of v, as print shows it"),
    b("sum", collections::sum, "sum(items, start?): numeric sum of the elements, starting from start (0)"),
    b("typeof", convert::typeof_fn, "typeof(v): the type name of v ('number', 'string', 'array', ...)"),
    b("values", collections::values, "values(obj): array of the object's values in insertion order"),
    b("zip", collections::zip, "zip(a, b, ...): array of [a[i], b[i], ...] arrays, as long as the shortest input"),
];

/// The builtin bound to `name`, if any, as a fresh function value.
pub fn lookup(name: &str) -> Option<Value> {
    let i = BUILTINS.binary_search_by(|row| row.name.cmp(name)).ok()?;
    let row = &BUILTINS[i];
    Some(native_value(row.name, row.func, row.doc, &[]))
}

/// The names of all builtins, sorted.
pub fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| BUILTINS.iter().map(|row| row.name).collect())
}

/// A native function value with its `help()` text and required capabilities.
pub fn native_value(
    name: &str,
    func: NativeFnPtr,
    doc: &'static str,
    capabilities: &'static [&'static str],
) -> Value {
    Value::Native(Rc::new(NativeFn {
        name: name.into(),
        func: NativeImpl::Plain(func),
        doc,
        capabilities,
    }))
}

/// A native function that carries state (composed functions, partials...).
pub fn closure_value(
    name: &str,
    doc: &'static str,
    capabilities: &'static [&'static str],
    func: impl Fn(&mut Vm, &[Value]) -> NativeResult + 'static,
) -> Value {
    Value::Native(Rc::new(NativeFn {
        name: name.into(),
        func: NativeImpl::Boxed(Box::new(func)),
        doc,
        capabilities,
    }))
}

// ---------------------------------------------------------------------------
// Argument helpers shared by all natives.

/// The name of a module function, `module.function`, written out only when
/// an error message needs it: natives check their arguments on every call,
/// and formatting the name up front would allocate each time.
#[derive(Clone, Copy)]
pub struct Qualified<'a>(pub &'static str, pub &'a str);

impl fmt::Display for Qualified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// Checks that `name` got between `min` and `max` arguments (`usize::MAX`
/// for no upper limit); a TypeError otherwise. Every native runs this on
/// every call: the test is inlined into it and the error (which formats
/// the name) kept out of line, so the check costs a compare or two.
#[inline(always)]
pub fn expect_args(
    name: impl fmt::Display,
    args: &[Value],
    min: usize,
    max: usize,
) -> Result<(), RtError> {
    if (min..=max).contains(&args.len()) {
        return Ok(());
    }
    Err(arity_error(name, args.len(), min, max))
}

#[cold]
#[inline(never)]
fn arity_error(name: impl fmt::Display, given: usize, min: usize, max: usize) -> RtError {
    arity_mismatch(&name.to_string(), given, min, max)
}

#[cold]
fn arity_mismatch(name: &str, given: usize, min: usize, max: usize) -> RtError {
    let expected = if min == max {
        min.to_string()
    } else if max == usize::MAX {
        format!("at least {min}")
    } else if max == min + 1 {
        format!("{min} or {max}")
    } else {
        format!("from {min} to {max}")
    };
    RtError::arity(name, &expected, given)
}

/// Optional argument `i`: absent and `null` both mean "not given".
pub fn opt_arg(args: &[Value], i: usize) -> Option<&Value> {
    args.get(i)
        .filter(|v| !matches!(v, Value::Null | Value::Undef))
}

/// An integer argument (integral floats accepted, spec 3.6).
#[inline]
pub fn int_arg(name: impl fmt::Display, v: &Value) -> Result<i64, RtError> {
    match v {
        // The message is built only when it is needed: `range(n)` and the
        // like call this on every loop.
        Value::Int(i) => Ok(*i),
        _ => to_int(v, &format!("{name}() argument")),
    }
}

/// A string argument; `which` names its position in the error message.
#[inline]
pub fn str_arg<'a>(name: impl fmt::Display, which: &str, v: &'a Value) -> Result<&'a str, RtError> {
    match v.as_str() {
        Some(s) => Ok(s),
        None => Err(RtError::type_error(format!(
            "{name}() argument {which} must be a string, not '{}'",
            v.type_name()
        ))),
    }
}

/// The one string argument of function `func` (e.g. `path.basename`).
pub fn only_str_arg(func: impl fmt::Display, args: &[Value]) -> Result<&str, RtError> {
    expect_args(&func, args, 1, 1)?;
    str_arg(&func, "1", &args[0])
}

/// A collection size as an ML int (sizes never reach `i64::MAX`).
pub fn int_value(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(BUILTINS.windows(2).all(|w| w[0].name < w[1].name));
        assert_eq!(names().len(), BUILTINS.len());
        for name in ["print", "len", "getCapabilityInfo", "zip"] {
            assert!(lookup(name).is_some(), "{name}");
        }
        assert!(lookup("nope").is_none());
        assert!(BUILTINS.iter().all(|row| !row.doc.is_empty()));
    }

    #[test]
    fn lookup_gives_named_documented_natives() {
        match &lookup("len") {
            Some(Value::Native(f)) => {
                assert_eq!(&*f.name, "len");
                assert!(f.doc.starts_with("len("));
                assert!(f.capabilities.is_empty());
            }
            _ => panic!("len is not a native"),
        }
    }

    #[test]
    fn arity_errors_say_what_was_expected() {
        let two = [Value::Null, Value::Null];
        let err = expect_args("len", &two, 1, 1).unwrap_err();
        assert_eq!(err.type_name(), "TypeError");
        assert_eq!(err.message(), "len() takes 1 argument (2 given)");
        let err = expect_args("round", &[], 1, 2).unwrap_err();
        assert_eq!(err.message(), "round() takes 1 or 2 arguments (0 given)");
        assert!(expect_args("call", &two, 1, usize::MAX).is_ok());
        assert!(opt_arg(&[Value::Null], 0).is_none());
        assert!(int_arg("chr", &Value::Float(2.5)).is_err());
        assert_eq!(int_arg("chr", &Value::Float(65.0)).unwrap(), 65);
    }
}
