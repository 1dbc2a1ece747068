//! Turning values into text (spec section 6) and the `format(v, spec)`
//! mini-language (spec section 4).
//!
//! Three layers, each usable on its own, one file each:
//!
//! * **Value printing** (this file) — the display form (`print`, `str`) and
//!   the nested form (container elements, `repr`). Containers are walked with
//!   an explicit stack of frames instead of Rust recursion, so an array nested
//!   100,000 levels deep prints in full without touching the Rust stack. The
//!   containers open on the current path are kept in a hash set, which makes
//!   the recursion check (`[...]` / `{...}`) O(1) however deep the path is.
//!   Everything appends to one `String`, so large containers print in linear
//!   time.
//! * **Float layout** (`float.rs`) — Python's placement of the decimal point
//!   and exponent around the digits Rust produces; serves `repr` and the
//!   float presentation types of format specs.
//! * **Format specs** (`spec.rs`) — [`format_spec`], which follows CPython's
//!   `formatter_unicode.c` so results and error texts match Python's
//!   `format()`.
//!
//! The public entry points of all three are re-exported here, so callers
//! only ever name `lang::format::…`.

mod float;
mod spec;

pub use float::{float_repr, write_float};
pub use spec::format_spec;

use super::error::RtError;
use super::value::{Key, ObjRef, Value};
use rustc_hash::FxHashSet;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/// Display form (spec 6.1): what `print` and `str` show.
pub fn display(v: &Value) -> String {
    let mut out = String::new();
    write_display(&mut out, v);
    out
}

/// Nested form (spec 6.2) at top level: what `repr` shows.
pub fn repr(v: &Value) -> String {
    let mut out = String::new();
    write_repr(&mut out, v);
    out
}

/// Appends the display form of `v` to `out`.
pub fn write_display(out: &mut String, v: &Value) {
    let _ = Printer::new(out, false).print(v, StrStyle::Raw);
}

/// Appends the nested form of `v` to `out`.
pub fn write_repr(out: &mut String, v: &Value) {
    let _ = Printer::new(out, false).print(v, StrStyle::Quoted);
}

/// [`display`] for `str` and `print`, which a program may call on a value
/// of millions of elements: Ctrl-C and `--timeout` stop it part way.
pub fn display_interruptible(v: &Value) -> Result<String, RtError> {
    let mut out = String::new();
    Printer::new(&mut out, true).print(v, StrStyle::Raw)?;
    Ok(out)
}

/// [`repr`] that Ctrl-C and `--timeout` stop part way (see
/// [`display_interruptible`]).
pub fn repr_interruptible(v: &Value) -> Result<String, RtError> {
    let mut out = String::new();
    Printer::new(&mut out, true).print(v, StrStyle::Quoted)?;
    Ok(out)
}

/// The REPL echo of spec 6.4, without the `=> ` prefix: nothing for `null`,
/// the nested form for strings (so `"1"` and `1` look different), the display
/// form for everything else.
pub fn echo(v: &Value) -> Option<String> {
    match v {
        Value::Null | Value::Undef => None,
        Value::Cell(cell) => echo(&cell.borrow()),
        Value::Str(_) => Some(repr(v)),
        _ => Some(display(v)),
    }
}

// ---------------------------------------------------------------------------
// Value printing
// ---------------------------------------------------------------------------

/// How a string value is written: bare (display form at top level) or
/// quoted (nested form).
#[derive(Clone, Copy, PartialEq, Eq)]
enum StrStyle {
    Raw,
    Quoted,
}

/// A container being printed, with the index of its next element. Elements
/// are fetched by index (not held iterators) so no `RefCell` borrow outlives
/// a single step.
enum Frame {
    Array {
        items: Rc<RefCell<Vec<Value>>>,
        next: usize,
    },
    Object {
        map: ObjRef,
        next: usize,
    },
}

impl Frame {
    /// Identity of the container, for the recursion check.
    fn id(&self) -> usize {
        match self {
            Frame::Array { items, .. } => Rc::as_ptr(items) as *const u8 as usize,
            Frame::Object { map, .. } => ObjRef::as_ptr(map) as usize,
        }
    }

    /// Writes the separator (and key) before the next element and returns
    /// that element, or writes the closing bracket and returns `None`.
    fn advance(&mut self, out: &mut String) -> Option<Value> {
        match self {
            Frame::Array { items, next } => {
                let Some(item) = items.borrow().get(*next).cloned() else {
                    out.push(']');
                    return None;
                };
                if *next > 0 {
                    out.push_str(", ");
                }
                *next += 1;
                Some(item)
            }
            Frame::Object { map, next } => {
                let map = map.borrow();
                let Some((key, value)) = map.get_index(*next) else {
                    out.push('}');
                    return None;
                };
                if *next > 0 {
                    out.push_str(", ");
                }
                write_key(out, key);
                out.push_str(": ");
                *next += 1;
                Some(value.clone())
            }
        }
    }
}

/// Walks a value depth-first with an explicit stack (see the module header).
struct Printer<'a> {
    out: &'a mut String,
    frames: Vec<Frame>,
    /// Containers on the current path from the root.
    open: FxHashSet<usize>,
    /// Whether to look at the interrupt flag as elements are printed.
    interruptible: bool,
}

/// Elements printed between looks at the interrupt flag.
const CHECK_EVERY: usize = 4096;

impl<'a> Printer<'a> {
    fn new(out: &'a mut String, interruptible: bool) -> Printer<'a> {
        Printer {
            out,
            frames: Vec::new(),
            open: FxHashSet::default(),
            interruptible,
        }
    }

    /// Prints the root in `style`, then every nested element quoted.
    fn print(mut self, root: &Value, style: StrStyle) -> Result<(), RtError> {
        self.item(root, style);
        let mut printed = 0usize;
        while let Some(item) = self.next_item() {
            self.item(&item, StrStyle::Quoted);
            printed += 1;
            if self.interruptible && printed.is_multiple_of(CHECK_EVERY) {
                crate::lang::limits::check_running()?;
            }
        }
        Ok(())
    }

    /// The next element to print, closing finished containers on the way.
    fn next_item(&mut self) -> Option<Value> {
        loop {
            let frame = self.frames.last_mut()?;
            if let Some(item) = frame.advance(self.out) {
                return Some(item);
            }
            let id = frame.id();
            self.frames.pop();
            self.open.remove(&id);
        }
    }

    /// Writes a scalar, or opens a container (its elements come later from
    /// `next_item`).
    fn item(&mut self, v: &Value, style: StrStyle) {
        match v {
            Value::Str(s) if style == StrStyle::Quoted => write_quoted(self.out, s.as_str()),
            Value::Str(s) => self.out.push_str(s.as_str()),
            Value::Array(items) => {
                let id = Rc::as_ptr(items) as *const u8 as usize;
                self.open(id, "[", "[...]", || Frame::Array {
                    items: items.clone(),
                    next: 0,
                });
            }
            Value::Object(map) => {
                let id = ObjRef::as_ptr(map) as *const u8 as usize;
                self.open(id, "{", "{...}", || Frame::Object {
                    map: map.clone(),
                    next: 0,
                });
            }
            // A captured variable's cell is invisible to ML code: print its
            // content. Cells never hold cells, so this recurses at most once.
            Value::Cell(cell) => {
                let inner = cell.borrow().clone();
                self.item(&inner, style);
            }
            scalar => write_scalar(self.out, scalar),
        }
    }

    /// Starts printing a container unless it is already open on the current
    /// path, in which case it prints as the recursion marker.
    fn open(&mut self, id: usize, bracket: &str, marker: &str, frame: impl FnOnce() -> Frame) {
        if self.open.insert(id) {
            self.out.push_str(bracket);
            self.frames.push(frame());
        } else {
            self.out.push_str(marker);
        }
    }
}

/// Append `i` in decimal. Printing and `str(i)` run in loops, and this is
/// several times cheaper than the general formatting machinery.
pub fn push_int(out: &mut String, i: i64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut n = i.unsigned_abs();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push('-');
    }
    for &d in &digits[start..] {
        out.push(d as char);
    }
}

/// Everything that is neither a string nor a container; identical in the
/// display and nested forms.
fn write_scalar(out: &mut String, v: &Value) {
    match v {
        Value::Null | Value::Undef => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => push_int(out, *i),
        Value::Float(f) => write_float(out, *f),
        Value::Func(closure) if closure.proto.proto.anonymous => out.push_str("<function>"),
        Value::Func(closure) => write_tagged(out, "function", closure.name()),
        Value::Native(native) => write_tagged(out, "function", &native.name),
        Value::BoundMethod(method) => write_tagged(out, "function", &method.name),
        Value::Module(module) => write_tagged(out, "module", &module.name),
        Value::Error(error) => out.push_str(error.message()),
        Value::Iterator(_) => out.push_str("<iterator>"),
        Value::NativeObj(obj) => match obj.display() {
            Some(text) => out.push_str(&text),
            None => {
                let _ = write!(out, "<{}>", obj.type_name());
            }
        },
        // Strings, containers and cells are handled by the printer.
        Value::Str(_) | Value::Array(_) | Value::Object(_) | Value::Cell(_) => {}
    }
}

/// `<kind name>`, e.g. `<function len>`.
fn write_tagged(out: &mut String, kind: &str, name: &str) {
    let _ = write!(out, "<{kind} {name}>");
}

/// Object keys: strings quoted, ints bare.
fn write_key(out: &mut String, key: &Key) {
    match key {
        Key::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Key::Str(s) => write_quoted(out, s.as_str()),
    }
}

// ---------------------------------------------------------------------------
// String quoting (Python `repr` of a str)
// ---------------------------------------------------------------------------

/// Writes `s` quoted the Python way: single quotes unless the text contains
/// `'` and no `"`.
fn write_quoted(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    // Most strings need no escapes at all; copy them in one go.
    let plain = s
        .bytes()
        .all(|b| (b' '..b'\x7f').contains(&b) && b != b'\\' && b != quote as u8);
    if plain {
        out.push_str(s);
    } else {
        for c in s.chars() {
            write_escaped_char(out, c, quote);
        }
    }
    out.push(quote);
}

fn write_escaped_char(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if is_printable(c) => out.push(c),
        c => write_code_escape(out, c),
    }
}

/// `\xHH`, `\uHHHH` or `\UHHHHHHHH`, the shortest form that fits (Python).
fn write_code_escape(out: &mut String, c: char) {
    let code = u32::from(c);
    let _ = match code {
        0..=0xff => write!(out, "\\x{code:02x}"),
        0x100..=0xffff => write!(out, "\\u{code:04x}"),
        _ => write!(out, "\\U{code:08x}"),
    };
}

/// Python's `str.isprintable` for one character, except that unassigned code
/// points count as printable (a full Unicode table is not worth its size).
fn is_printable(c: char) -> bool {
    let code = u32::from(c);
    if code < 0x80 {
        return (0x20..0x7f).contains(&code);
    }
    NON_PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < code {
                std::cmp::Ordering::Less
            } else if lo > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// Assigned non-ASCII code points Python's `repr` escapes (categories Cc, Cf,
/// Co, Zl, Zp and Zs other than the space), from Python 3.11's Unicode 14
/// database, as sorted inclusive ranges.
const NON_PRINTABLE: &[(u32, u32)] = &[
    (0x80, 0xA0),
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x3000, 0x3000),
    (0xE000, 0xF8FF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    (0xF0000, 0xFFFFD),
    (0x100000, 0x10FFFD),
];

/// Appends `n` copies of `c`; shared by the float and spec layers and by
/// string padding. Long runs are built by doubling (`str::repeat` copies
/// whole blocks) rather than a character at a time, which for a width of
/// 100 million is the difference between a block copy and 100 million
/// pushes that nothing can interrupt.
pub(crate) fn push_repeated(out: &mut String, c: char, n: usize) {
    if n < 64 {
        out.extend(std::iter::repeat_n(c, n));
    } else {
        let mut unit = [0u8; 4];
        out.push_str(&c.encode_utf8(&mut unit).repeat(n));
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::chunk::FuncProto;
    use crate::lang::diagnostics::SourceFile;
    use crate::lang::error::RtError;
    use crate::lang::value::{
        new_object, BoundMethod, Closure, Globals, IterState, Module, ModuleKind, NativeObject,
        NativeResult, RuntimeProto,
    };
    use crate::lang::vm::Vm;
    use std::sync::Arc;

    fn arr(items: Vec<Value>) -> Value {
        Value::array(items)
    }

    fn s(text: &str) -> Value {
        Value::str(text)
    }

    fn closure(name: &str, anonymous: bool) -> Value {
        let proto = FuncProto::empty(name, SourceFile::new("test.ml", ""), anonymous);
        Value::Func(Rc::new(Closure {
            proto: Rc::new(RuntimeProto::new(Arc::new(proto), Vec::new(), Vec::new())),
            upvalues: Box::new([]),
            globals: Rc::new(Globals::default()),
        }))
    }

    struct Thing {
        text: Option<&'static str>,
    }

    impl NativeObject for Thing {
        fn type_name(&self) -> &'static str {
            "Thing"
        }
        fn display(&self) -> Option<String> {
            self.text.map(str::to_string)
        }
        fn method_names(&self) -> Vec<&'static str> {
            Vec::new()
        }
        fn call_method(&self, _vm: &mut Vm, _name: &str, _args: &[Value]) -> NativeResult {
            Ok(Value::Null)
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    fn native_obj(text: Option<&'static str>) -> Value {
        Value::NativeObj(Rc::new(Box::new(Thing { text })))
    }

    fn dummy_native(_vm: &mut Vm, _args: &[Value]) -> NativeResult {
        Ok(Value::Null)
    }

    /// Takes a deeply nested array apart one level at a time: dropping it
    /// whole would recurse once per level in `Drop`.
    fn dismantle(mut v: Value) {
        loop {
            let inner = match &v {
                Value::Array(items) => items.borrow_mut().pop(),
                Value::Object(map) => map.borrow_mut().pop().map(|(_, v)| v),
                _ => None,
            };
            match inner {
                Some(next) => v = next,
                None => break,
            }
        }
    }

    // -- floats ----------------------------------------------------------

    #[test]
    fn floats_print_the_same_in_both_forms() {
        assert_eq!(display(&Value::Float(2.0)), "2.0");
        assert_eq!(
            repr(&arr(vec![Value::Float(1e16), Value::Float(-0.0)])),
            "[1e+16, -0.0]"
        );
    }

    // -- scalars and opaque values -----------------------------------------

    #[test]
    fn scalars_display() {
        let cases: &[(Value, &str)] = &[
            (Value::Null, "null"),
            (Value::Undef, "null"),
            (Value::Bool(true), "true"),
            (Value::Bool(false), "false"),
            (Value::Int(42), "42"),
            (Value::Int(-7), "-7"),
            (Value::Int(i64::MIN), "-9223372036854775808"),
            (s("plain"), "plain"),
            (s("it's\n"), "it's\n"),
        ];
        for (v, expected) in cases {
            assert_eq!(display(v), *expected);
        }
    }

    #[test]
    fn opaque_values() {
        let module = Value::Module(Rc::new(Module {
            name: "math".into(),
            kind: ModuleKind::Builtin,
            globals: Rc::new(Globals::default()).into(),
        }));
        let method = Value::BoundMethod(Rc::new(BoundMethod {
            receiver: arr(vec![]),
            name: "append".into(),
        }));
        let iterator = Value::Iterator(Rc::new(RefCell::new(IterState::Values {
            items: Vec::new(),
            next: 0,
        })));
        let cases: Vec<(Value, &str)> = vec![
            (closure("fib", false), "<function fib>"),
            (closure("<anonymous>", true), "<function>"),
            (
                Value::native("math.sqrt", dummy_native),
                "<function math.sqrt>",
            ),
            (method, "<function append>"),
            (module, "<module math>"),
            (RtError::value_error("bad value").to_value(), "bad value"),
            (iterator, "<iterator>"),
            (
                native_obj(Some("2024-01-02T03:04:05")),
                "2024-01-02T03:04:05",
            ),
            (native_obj(None), "<Thing>"),
        ];
        for (v, expected) in &cases {
            assert_eq!(display(v), *expected);
            assert_eq!(repr(v), *expected, "nested form equals display form");
            assert_eq!(display(&arr(vec![v.clone()])), format!("[{expected}]"));
        }
    }

    #[test]
    fn cells_print_their_content() {
        let cell = Value::Cell(Rc::new(RefCell::new(s("x"))));
        assert_eq!(display(&cell), "x");
        assert_eq!(repr(&arr(vec![cell.clone()])), "['x']");
        assert_eq!(echo(&cell), Some("'x'".to_string()));
    }

    // -- strings ------------------------------------------------------------

    #[test]
    fn strings_are_quoted_like_python() {
        // Expected texts from Python 3.11 `repr`.
        let cases: &[(&str, &str)] = &[
            ("", "''"),
            ("a", "'a'"),
            ("it's", "\"it's\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("both ' and \"", "'both \\' and \"'"),
            ("line\n", "'line\\n'"),
            ("tab\there\r", "'tab\\there\\r'"),
            ("back\\slash", "'back\\\\slash'"),
            ("\u{0}\u{1b}\u{7f}", "'\\x00\\x1b\\x7f'"),
            ("héllo wörld ✓ 日本", "'héllo wörld ✓ 日本'"),
            ("\u{85}\u{a0}\u{ad}", "'\\x85\\xa0\\xad'"),
            ("\u{200b}\u{2028}\u{feff}", "'\\u200b\\u2028\\ufeff'"),
            ("\u{e0001}", "'\\U000e0001'"),
            ("😀", "'😀'"),
        ];
        for (text, expected) in cases {
            assert_eq!(repr(&s(text)), *expected, "repr of {text:?}");
        }
    }

    #[test]
    fn spec_quoting_examples() {
        assert_eq!(display(&arr(vec![s("a"), s("b")])), "['a', 'b']");
        assert_eq!(display(&arr(vec![s("it's")])), "[\"it's\"]");
        assert_eq!(display(&arr(vec![s("say \"hi\"")])), "['say \"hi\"']");
        assert_eq!(display(&arr(vec![s("line\n")])), "['line\\n']");
    }

    // -- containers ---------------------------------------------------------

    #[test]
    fn containers() {
        let mut map = new_object();
        map.insert(Key::str("name"), s("Ada"));
        map.insert(Key::str("n"), Value::Int(3));
        map.insert(Key::Int(1), arr(vec![Value::Int(2)]));
        let object = Value::object(map);
        assert_eq!(display(&object), "{'name': 'Ada', 'n': 3, 1: [2]}");

        let mixed = arr(vec![
            Value::Int(1),
            Value::Float(2.5),
            s("a"),
            Value::Bool(true),
            Value::Null,
        ]);
        assert_eq!(display(&mixed), "[1, 2.5, 'a', true, null]");
        assert_eq!(display(&arr(vec![])), "[]");
        assert_eq!(display(&Value::object_from([])), "{}");
        assert_eq!(
            display(&arr(vec![
                arr(vec![]),
                Value::object_from([("k", arr(vec![]))])
            ])),
            "[[], {'k': []}]"
        );
    }

    #[test]
    fn recursion_prints_markers() {
        let a = arr(vec![Value::Int(1)]);
        if let Value::Array(items) = &a {
            items.borrow_mut().push(a.clone());
        }
        assert_eq!(display(&a), "[1, [...]]");

        let o = Value::object_from([("x", Value::Int(1))]);
        if let Value::Object(map) = &o {
            map.borrow_mut().insert(Key::str("self"), o.clone());
            map.borrow_mut()
                .insert(Key::str("list"), arr(vec![o.clone()]));
        }
        assert_eq!(display(&o), "{'x': 1, 'self': {...}, 'list': [{...}]}");

        // Break the cycles so the test does not leak.
        dismantle(a);
        if let Value::Object(map) = &o {
            map.borrow_mut().clear();
        }
    }

    #[test]
    fn shared_containers_are_not_recursion() {
        let shared = arr(vec![Value::Int(1)]);
        let outer = arr(vec![shared.clone(), shared.clone()]);
        assert_eq!(display(&outer), "[[1], [1]]");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        const DEPTH: usize = 100_000;
        let mut v = arr(vec![]);
        for _ in 0..DEPTH {
            v = arr(vec![v]);
        }
        let text = display(&v);
        assert_eq!(text.len(), 2 * (DEPTH + 1));
        assert!(text.starts_with("[[[[") && text.ends_with("]]]]"));
        dismantle(v);

        let mut o = Value::object_from([]);
        for _ in 0..DEPTH {
            o = Value::object_from([("k", o)]);
        }
        let text = repr(&o);
        assert_eq!(text.len(), "{'k': ".len() * DEPTH + 2 + DEPTH);
        dismantle(o);
    }

    #[test]
    fn large_containers_print_in_linear_time() {
        let items: Vec<Value> = (0..200_000).map(Value::Int).collect();
        let text = display(&arr(items));
        assert!(text.starts_with("[0, 1, 2, ") && text.ends_with("199999]"));
    }

    // -- REPL echo -----------------------------------------------------------

    #[test]
    fn echo_forms() {
        assert_eq!(echo(&Value::Null), None);
        assert_eq!(echo(&s("hi")), Some("'hi'".to_string()));
        assert_eq!(echo(&Value::Int(3)), Some("3".to_string()));
        assert_eq!(echo(&Value::Bool(false)), Some("false".to_string()));
        assert_eq!(
            echo(&arr(vec![s("a"), Value::Null])),
            Some("['a', null]".to_string())
        );
    }

    #[test]
    fn ints_print_in_decimal_at_the_extremes() {
        for i in [0, 7, -7, 10, -100, 1234567890, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_int(&mut out, i);
            assert_eq!(out, i.to_string());
        }
    }
}
