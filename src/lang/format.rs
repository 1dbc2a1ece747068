//! Turning values into text (spec section 6) and the `format(v, spec)`
//! mini-language (spec section 4).
//!
//! Three layers, each usable on its own:
//!
//! * **Value printing** — the display form (`print`, `str`) and the nested
//!   form (container elements, `repr`). Containers are walked with an explicit
//!   stack of frames instead of Rust recursion, so an array nested 100,000
//!   levels deep prints in full without touching the Rust stack. The
//!   containers open on the current path are kept in a hash set, which makes
//!   the recursion check (`[...]` / `{...}`) O(1) however deep the path is.
//!   Everything appends to one `String`, so large containers print in linear
//!   time.
//! * **Float layout** — Rust's `{:e}` already yields the shortest round-trip
//!   digits (and correctly rounded digits when given a precision); this module
//!   places the decimal point and writes the exponent the way Python does.
//!   The one digit-level difference (an exact tie between two shortest
//!   candidates: Rust rounds up, Python to even) is detected with integer
//!   arithmetic and fixed. The same two layout helpers serve `repr` and the
//!   `e`/`g` types.
//! * **Format specs** — [`format_spec`] parses `[[fill]align][sign][#][0]
//!   [width][,|_][.precision][type]` once into a `Spec` and then follows
//!   CPython's `formatter_unicode.c` step by step (checks in the same order,
//!   the same padding and zero-filled grouping rules), so results and error
//!   texts match Python's `format()`.

use super::error::RtError;
use super::value::{Key, Object, Value};
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
    Printer::new(out).print(v, StrStyle::Raw);
}

/// Appends the nested form of `v` to `out`.
pub fn write_repr(out: &mut String, v: &Value) {
    Printer::new(out).print(v, StrStyle::Quoted);
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

/// Python's `repr` of a float (spec 6.3): `0.1`, `100.0`, `1e+16`, `-0.0`.
pub fn float_repr(f: f64) -> String {
    let mut out = String::new();
    write_float(&mut out, f);
    out
}

/// Appends [`float_repr`] of `f` to `out`.
pub fn write_float(out: &mut String, f: f64) {
    if !f.is_finite() {
        out.push_str(non_finite_text(f));
        return;
    }
    if f.is_sign_negative() {
        out.push('-');
    }
    write_shortest(out, f.abs(), false);
}

/// Python's `format(v, spec)` for the `format` builtin. Ints, floats and
/// strings behave exactly like Python; booleans count as ints for the numeric
/// types and as their display word (`true`) otherwise; any other value is
/// formatted as its display text (types `s` or none only).
pub fn format_spec(v: &Value, spec: &str) -> Result<String, RtError> {
    if let Value::Cell(cell) = v {
        return format_spec(&cell.borrow(), spec);
    }
    let label = type_label(v);
    let spec = Spec::parse(spec, label)?;
    match v {
        Value::Int(i) => format_int(*i, &spec),
        Value::Float(f) => format_float(*f, &spec),
        Value::Bool(b) if !matches!(spec.ty, None | Some('s')) => format_int(i64::from(*b), &spec),
        Value::Str(s) => format_text(s.as_str(), &spec, label),
        other => format_text(&display(other), &spec, label),
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
        map: Rc<RefCell<Object>>,
        next: usize,
    },
}

impl Frame {
    /// Identity of the container, for the recursion check.
    fn id(&self) -> usize {
        match self {
            Frame::Array { items, .. } => Rc::as_ptr(items) as *const u8 as usize,
            Frame::Object { map, .. } => Rc::as_ptr(map) as *const u8 as usize,
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
}

impl<'a> Printer<'a> {
    fn new(out: &'a mut String) -> Printer<'a> {
        Printer {
            out,
            frames: Vec::new(),
            open: FxHashSet::default(),
        }
    }

    /// Prints the root in `style`, then every nested element quoted.
    fn print(mut self, root: &Value, style: StrStyle) {
        self.item(root, style);
        while let Some(item) = self.next_item() {
            self.item(&item, StrStyle::Quoted);
        }
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
                let id = Rc::as_ptr(map) as *const u8 as usize;
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

/// Everything that is neither a string nor a container; identical in the
/// display and nested forms.
fn write_scalar(out: &mut String, v: &Value) {
    match v {
        Value::Null | Value::Undef => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => write_float(out, *f),
        Value::Func(closure) if closure.proto.proto.anonymous => out.push_str("<function>"),
        Value::Func(closure) => write_tagged(out, "function", closure.name()),
        Value::Native(native) => write_tagged(out, "function", &native.name),
        Value::BoundMethod(method) => write_tagged(out, "function", &method.name),
        Value::Module(module) => write_tagged(out, "module", &module.name),
        Value::Error(error) => out.push_str(&error.message),
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

// ---------------------------------------------------------------------------
// Float layout
// ---------------------------------------------------------------------------

fn non_finite_text(f: f64) -> &'static str {
    if f.is_nan() {
        "nan"
    } else if f > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// The significant digits `d1 d2 … dn` of a number, as Rust's `{:e}` prints
/// them (`d1.d2…dn`), viewed without copying: `lead` is `d1`, `rest` is
/// `d2…dn`.
#[derive(Clone, Copy)]
struct Digits<'a> {
    lead: char,
    rest: &'a str,
}

impl<'a> Digits<'a> {
    /// Splits Rust's exponent notation (`1.25e-7`, `5e300`) into digits and
    /// the decimal exponent.
    fn parse(sci: &'a str) -> (Digits<'a>, i32) {
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
        let lead = mantissa.chars().next().unwrap_or('0');
        let rest = mantissa.get(2..).unwrap_or("");
        (Digits { lead, rest }, exp.parse().unwrap_or(0))
    }

    /// Without trailing zeros (the first digit always stays).
    fn trimmed(self) -> Digits<'a> {
        Digits {
            lead: self.lead,
            rest: self.rest.trim_end_matches('0'),
        }
    }
}

/// What fixed notation writes when no digit falls after the point.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EmptyFraction {
    /// `100` (`g` type)
    Bare,
    /// `100.` (`#g` type)
    Point,
    /// `100.0` (`repr`, no type)
    PointZero,
}

/// Fixed notation: the digits with the point placed after `exp + 1` of them,
/// padded with zeros on whichever side needs them.
fn write_positional(out: &mut String, digits: Digits, exp: i32, empty: EmptyFraction) {
    if exp < 0 {
        out.push_str("0.");
        push_repeated(out, '0', exp.unsigned_abs() as usize - 1);
        out.push(digits.lead);
        out.push_str(digits.rest);
        return;
    }
    let int_len = exp as usize + 1;
    let from_rest = (int_len - 1).min(digits.rest.len());
    out.push(digits.lead);
    out.push_str(&digits.rest[..from_rest]);
    push_repeated(out, '0', int_len - 1 - from_rest);
    let fraction = &digits.rest[from_rest..];
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    } else if empty == EmptyFraction::Point {
        out.push('.');
    } else if empty == EmptyFraction::PointZero {
        out.push_str(".0");
    }
}

/// Scientific notation: `d1[.d2…dn]e±XX`, at least two exponent digits.
fn write_scientific(out: &mut String, digits: Digits, exp: i32, force_point: bool, e: char) {
    out.push(digits.lead);
    if force_point || !digits.rest.is_empty() {
        out.push('.');
    }
    out.push_str(digits.rest);
    out.push(e);
    out.push(if exp < 0 { '-' } else { '+' });
    let _ = write!(out, "{:02}", exp.unsigned_abs());
}

/// Shortest round-trip digits of a finite `x >= 0`, laid out like Python's
/// `repr`: fixed notation for exponents in `-4..16`, else scientific.
/// `force_point` is the `#` flag (`1.e+16`).
fn write_shortest(out: &mut String, x: f64, force_point: bool) {
    // `{:e}` of an f64 is at most 24 bytes; a stack buffer keeps printing
    // large float arrays free of per-number allocations.
    let mut buf = StackText::default();
    let _ = write!(buf, "{x:e}");
    round_ties_to_even(x, &mut buf);
    let (digits, exp) = Digits::parse(buf.as_str());
    if (-4..16).contains(&exp) {
        write_positional(out, digits, exp, EmptyFraction::PointZero);
    } else {
        write_scientific(out, digits, exp, force_point, 'e');
    }
}

/// Makes Rust's shortest digits agree with Python's in the one case where
/// they differ. When `x` lies exactly halfway between two shortest
/// candidates that both round-trip, Rust takes the upper one and Python
/// (David Gay's `dtoa`) the one with an even last digit:
/// `870074717830352.25` is `…352.3` in Rust but `…352.2` in Python.
/// `sci` holds Rust's `{:e}` text of `x` and is fixed in place.
fn round_ties_to_even(x: f64, sci: &mut StackText) {
    let text = sci.as_str();
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digit_count = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let last = mantissa.len() - 1;
    let last_digit = mantissa.as_bytes()[last];
    // With 15 digits or fewer no second candidate can round-trip; an even
    // last digit is already Python's choice.
    if digit_count < 16 || last_digit % 2 == 0 {
        return;
    }
    let Ok(exp) = exp.parse::<i32>() else { return };
    let lower: u64 = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0, |acc, d| acc * 10 + u64::from(d - b'0'))
        - 1;
    // The midpoint between the two candidates is `lower` followed by a 5.
    let midpoint = lower * 10 + 5;
    if !equals_decimal(x, midpoint, exp - digit_count as i32) {
        return;
    }
    sci.bytes[last] = last_digit - 1;
    // Next to a power of two the lower neighbour may not round-trip.
    if sci.as_str().parse::<f64>() != Ok(x) {
        sci.bytes[last] = last_digit;
    }
}

/// Whether `x` (finite, positive) is exactly `t × 10^q` for an odd `t`.
fn equals_decimal(x: f64, t: u64, q: i32) -> bool {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut k) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    if m == 0 {
        return false;
    }
    k += m.trailing_zeros() as i32;
    m >>= m.trailing_zeros();
    // x = m·2^k with m odd, and t·10^q = t·5^q·2^q with t odd: the powers of
    // two must agree, and then the odd parts.
    if k != q {
        return false;
    }
    let Some(power) = 5u128.checked_pow(q.unsigned_abs()) else {
        return false;
    };
    if q >= 0 {
        u128::from(t).checked_mul(power) == Some(u128::from(m))
    } else {
        u128::from(m).checked_mul(power) == Some(u128::from(t))
    }
}

/// A small fixed-capacity text buffer for formatting one number.
#[derive(Default)]
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so this cannot fail.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn push_repeated(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

// ---------------------------------------------------------------------------
// Format specs: parsing
// ---------------------------------------------------------------------------

/// Widths and precisions above this are refused rather than allocated.
const MAX_FIELD: usize = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Align {
    Left,
    Right,
    Center,
    /// `=`: padding between the sign and the digits.
    AfterSign,
}

impl Align {
    fn from_char(c: char) -> Option<Align> {
        match c {
            '<' => Some(Align::Left),
            '>' => Some(Align::Right),
            '^' => Some(Align::Center),
            '=' => Some(Align::AfterSign),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sign {
    /// `-`: only negatives get a sign (the default).
    Minus,
    /// `+`: always a sign.
    Plus,
    /// ` `: a space where a `+` would go.
    Space,
}

impl Sign {
    fn from_char(c: char) -> Option<Sign> {
        match c {
            '-' => Some(Sign::Minus),
            '+' => Some(Sign::Plus),
            ' ' => Some(Sign::Space),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grouping {
    Comma,
    Underscore,
}

impl Grouping {
    fn as_char(self) -> char {
        match self {
            Grouping::Comma => ',',
            Grouping::Underscore => '_',
        }
    }
}

/// A parsed format spec. Options keep "not given" apart from the default,
/// because Python's checks and the `0` flag depend on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Spec {
    /// Only set by the two-character `[fill]align` form.
    fill: Option<char>,
    align: Option<Align>,
    sign: Option<Sign>,
    alternate: bool,
    /// The `0` flag (only recognised when no fill was given).
    zero_pad: bool,
    width: usize,
    grouping: Option<Grouping>,
    precision: Option<usize>,
    ty: Option<char>,
}

impl Spec {
    /// Parses `text`; `label` names the value's type in error messages.
    fn parse(text: &str, label: &str) -> Result<Spec, RtError> {
        let chars: Vec<char> = text.chars().collect();
        let mut cursor = Cursor {
            chars: &chars,
            pos: 0,
        };
        let mut spec = Spec::default();
        spec.parse_fill_align(&mut cursor);
        spec.sign = cursor.take_map(Sign::from_char);
        spec.alternate = cursor.take('#');
        if spec.fill.is_none() {
            spec.zero_pad = cursor.take('0');
        }
        spec.width = cursor.number()?.unwrap_or(0);
        spec.grouping = cursor.grouping()?;
        if cursor.take('.') {
            let precision = cursor.number()?;
            spec.precision =
                Some(precision.ok_or_else(|| spec_error("Format specifier missing precision"))?);
        }
        match cursor.remaining() {
            [] => {}
            [ty] => spec.ty = Some(*ty),
            _ => {
                return Err(spec_error(format!(
                    "Invalid format specifier '{text}' for object of type '{label}'"
                )))
            }
        }
        Ok(spec)
    }

    fn parse_fill_align(&mut self, cursor: &mut Cursor) {
        let chars = cursor.remaining();
        if let Some(align) = chars.get(1).copied().and_then(Align::from_char) {
            self.fill = Some(chars[0]);
            self.align = Some(align);
            cursor.pos += 2;
        } else {
            self.align = cursor.take_map(Align::from_char);
        }
    }

    /// Fill and alignment after applying the `0` flag, given the type's
    /// default alignment (right for numbers, left for text).
    fn fill_align(&self, default: Align) -> (char, Align) {
        let fill = self.fill.unwrap_or(if self.zero_pad { '0' } else { ' ' });
        let align = self
            .align
            .unwrap_or(if self.zero_pad && default == Align::Right {
                Align::AfterSign
            } else {
                default
            });
        (fill, align)
    }

    /// The separator and group size for presentation type `ty` (Python
    /// groups hex, octal and binary digits by four, and only with `_`).
    fn group(&self, ty: Option<char>) -> Result<Option<(char, usize)>, RtError> {
        let Some(grouping) = self.grouping else {
            return Ok(None);
        };
        match (ty, grouping) {
            (None | Some('d' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%'), _) => {
                Ok(Some((grouping.as_char(), 3)))
            }
            (Some('b' | 'o' | 'x' | 'X'), Grouping::Underscore) => Ok(Some(('_', 4))),
            (Some(t), _) => Err(spec_error(format!(
                "Cannot specify '{}' with '{t}'.",
                grouping.as_char()
            ))),
        }
    }
}

/// Reading position in a spec's characters.
struct Cursor<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Cursor<'_> {
    fn remaining(&self) -> &[char] {
        &self.chars[self.pos..]
    }

    fn take(&mut self, c: char) -> bool {
        self.take_map(|next| (next == c).then_some(())).is_some()
    }

    fn take_map<T>(&mut self, f: impl Fn(char) -> Option<T>) -> Option<T> {
        let found = self.chars.get(self.pos).copied().and_then(f)?;
        self.pos += 1;
        Some(found)
    }

    /// A run of decimal digits, if any.
    fn number(&mut self) -> Result<Option<usize>, RtError> {
        let mut value: Option<usize> = None;
        while let Some(digit) = self.take_map(|c| c.to_digit(10)) {
            let next = value.unwrap_or(0) * 10 + digit as usize;
            if next > MAX_FIELD {
                return Err(spec_error(format!(
                    "format width or precision too large (at most {MAX_FIELD})"
                )));
            }
            value = Some(next);
        }
        Ok(value)
    }

    /// `,` or `_`, refusing both together like Python.
    fn grouping(&mut self) -> Result<Option<Grouping>, RtError> {
        let comma = self.take(',');
        let underscore = self.take('_');
        if underscore && (comma || self.remaining().first() == Some(&',')) {
            return Err(spec_error("Cannot specify both ',' and '_'."));
        }
        Ok(match (comma, underscore) {
            (true, _) => Some(Grouping::Comma),
            (_, true) => Some(Grouping::Underscore),
            _ => None,
        })
    }
}

fn spec_error(message: impl Into<String>) -> RtError {
    RtError::value_error(message)
}

fn unknown_code(ty: char, label: &str) -> RtError {
    spec_error(format!(
        "Unknown format code '{ty}' for object of type '{label}'"
    ))
}

/// The type name used in format error messages.
fn type_label(v: &Value) -> &'static str {
    match v {
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        other => other.type_name(),
    }
}

// ---------------------------------------------------------------------------
// Format specs: rendering
// ---------------------------------------------------------------------------

/// Strings (and values formatted as their display text).
fn format_text(text: &str, spec: &Spec, label: &str) -> Result<String, RtError> {
    spec.group(Some(spec.ty.unwrap_or('s')))?;
    if let Some(ty) = spec.ty.filter(|t| *t != 's') {
        return Err(unknown_code(ty, label));
    }
    match spec.sign {
        Some(Sign::Space) => {
            return Err(spec_error("Space not allowed in string format specifier"))
        }
        Some(_) => return Err(spec_error("Sign not allowed in string format specifier")),
        None => {}
    }
    if spec.alternate {
        return Err(spec_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == Some(Align::AfterSign) {
        return Err(spec_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let text = match spec.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    let (fill, align) = spec.fill_align(Align::Left);
    let pad = spec.width.saturating_sub(text.chars().count());
    let (left, _, right) = split_padding(align, pad);
    let mut out = String::with_capacity(text.len() + pad);
    push_repeated(&mut out, fill, left);
    out.push_str(&text);
    push_repeated(&mut out, fill, right);
    Ok(out)
}

fn format_int(i: i64, spec: &Spec) -> Result<String, RtError> {
    let group = spec.group(spec.ty)?;
    let n = i.unsigned_abs();
    let (digits, prefix) = match spec.ty {
        None | Some('d' | 'n') => (n.to_string(), ""),
        Some('b') => (format!("{n:b}"), "0b"),
        Some('o') => (format!("{n:o}"), "0o"),
        Some('x') => (format!("{n:x}"), "0x"),
        Some('X') => (format!("{n:X}"), "0X"),
        Some('c') => return format_char(i, spec),
        // Python formats ints with float types through float().
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => return format_float(i as f64, spec),
        Some(t) => return Err(unknown_code(t, "int")),
    };
    if spec.precision.is_some() {
        return Err(spec_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    let number = Number {
        negative: i < 0,
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        rest: "",
    };
    Ok(layout_number(&number, spec, group))
}

/// The `c` type: the character with that code point.
fn format_char(i: i64, spec: &Spec) -> Result<String, RtError> {
    if spec.precision.is_some() {
        return Err(spec_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.sign.is_some() {
        return Err(spec_error(
            "Sign not allowed with integer format specifier 'c'",
        ));
    }
    if spec.alternate {
        return Err(spec_error(
            "Alternate form (#) not allowed with integer format specifier 'c'",
        ));
    }
    let c = u32::try_from(i)
        .ok()
        .filter(|code| *code < 0x110000)
        .ok_or_else(|| spec_error("%c arg not in range(0x110000)"))?;
    let c = char::from_u32(c)
        .ok_or_else(|| spec_error("%c arg is a surrogate code point, not a character"))?;
    let text = c.to_string();
    let number = Number {
        negative: false,
        prefix: "",
        digits: "",
        rest: &text,
    };
    Ok(layout_number(&number, spec, None))
}

fn format_float(f: f64, spec: &Spec) -> Result<String, RtError> {
    let group = spec.group(spec.ty)?;
    let body = match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => float_body(f.abs(), spec),
        Some(t) => return Err(unknown_code(t, "float")),
    };
    // The sign comes from the value, so `-0.0` and `-0.001` rounded to
    // `0.0` keep it (as in Python); a NaN never has one.
    let negative = f.is_sign_negative() && !f.is_nan();
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let number = Number {
        negative,
        prefix: "",
        digits: &body[..split],
        rest: &body[split..],
    };
    Ok(layout_number(&number, spec, group))
}

/// The unsigned text of `x >= 0` for a float presentation type.
fn float_body(x: f64, spec: &Spec) -> String {
    let upper = matches!(spec.ty, Some('E' | 'F' | 'G'));
    let mut out = String::new();
    if !x.is_finite() {
        out.push_str(non_finite_text(x));
        if spec.ty == Some('%') {
            out.push('%');
        }
    } else {
        let e = if upper { 'E' } else { 'e' };
        match (spec.ty, spec.precision) {
            (None, None) => write_shortest(&mut out, x, spec.alternate),
            (None, Some(p)) => write_general(&mut out, x, p, spec.alternate, true, e),
            (Some('f' | 'F'), p) => write_fixed(&mut out, x, p.unwrap_or(6), spec.alternate),
            (Some('e' | 'E'), p) => write_exponent(&mut out, x, p.unwrap_or(6), spec.alternate, e),
            (Some('%'), p) => {
                write_fixed(&mut out, x * 100.0, p.unwrap_or(6), spec.alternate);
                out.push('%');
            }
            (_, p) => write_general(&mut out, x, p.unwrap_or(6), spec.alternate, false, e),
        }
    }
    if upper {
        out.make_ascii_uppercase();
    }
    out
}

/// `f`: exactly `precision` digits after the point.
fn write_fixed(out: &mut String, x: f64, precision: usize, alternate: bool) {
    let _ = write!(out, "{x:.precision$}");
    if alternate && precision == 0 {
        out.push('.');
    }
}

/// `e`: one digit, the point, `precision` digits, the exponent.
fn write_exponent(out: &mut String, x: f64, precision: usize, alternate: bool, e: char) {
    let sci = format!("{x:.precision$e}");
    let (digits, exp) = Digits::parse(&sci);
    write_scientific(out, digits, exp, alternate, e);
}

/// `g` (and no type with a precision, `add_point_zero`): round to
/// `precision` significant digits, then pick fixed or scientific notation
/// from the rounded exponent and drop trailing zeros unless `#` is given.
fn write_general(
    out: &mut String,
    x: f64,
    precision: usize,
    alternate: bool,
    add_point_zero: bool,
    e: char,
) {
    let precision = precision.max(1);
    let sci = format!("{x:.prec$e}", prec = precision - 1);
    let (mut digits, exp) = Digits::parse(&sci);
    if !alternate {
        digits = digits.trimmed();
    }
    // With no type Python switches to exponents one digit earlier, so that
    // the `.0` it appends never shows a digit beyond the precision.
    let limit = precision as i32 - i32::from(add_point_zero);
    if exp < -4 || exp >= limit {
        write_scientific(out, digits, exp, alternate, e);
    } else {
        let empty = match (alternate, add_point_zero) {
            (true, _) => EmptyFraction::Point,
            (false, true) => EmptyFraction::PointZero,
            (false, false) => EmptyFraction::Bare,
        };
        write_positional(out, digits, exp, empty);
    }
}

/// A formatted number in parts, laid out as
/// `[left pad][sign][prefix][inner pad][grouped digits][rest][right pad]`.
struct Number<'a> {
    negative: bool,
    /// `0x`, `0b`, `0o` or nothing.
    prefix: &'a str,
    /// The integer digits, which grouping separates.
    digits: &'a str,
    /// Point, fraction, exponent, `%`, or a whole `inf`/`nan`/`c` text.
    rest: &'a str,
}

/// CPython's `calc_number_widths` + `fill_number`: signs, padding, and
/// grouping that also groups the zeros of `0`-padding (`00,001,234`).
fn layout_number(number: &Number, spec: &Spec, group: Option<(char, usize)>) -> String {
    let sign = match (number.negative, spec.sign) {
        (true, _) => Some('-'),
        (false, Some(Sign::Plus)) => Some('+'),
        (false, Some(Sign::Space)) => Some(' '),
        (false, _) => None,
    };
    let (fill, align) = spec.fill_align(Align::Right);
    let fixed_len =
        usize::from(sign.is_some()) + number.prefix.chars().count() + number.rest.chars().count();
    let min_digits = if fill == '0' && align == Align::AfterSign {
        spec.width.saturating_sub(fixed_len)
    } else {
        0
    };
    let digits = match group {
        Some((separator, size)) if !number.digits.is_empty() => {
            group_digits(number.digits, separator, size, min_digits)
        }
        _ => number.digits.to_string(),
    };
    let pad = spec.width.saturating_sub(fixed_len + digits.len());
    let (left, inner, right) = split_padding(align, pad);
    let mut out = String::with_capacity(fixed_len + digits.len() + pad);
    push_repeated(&mut out, fill, left);
    out.extend(sign);
    out.push_str(number.prefix);
    push_repeated(&mut out, fill, inner);
    out.push_str(&digits);
    out.push_str(number.rest);
    push_repeated(&mut out, fill, right);
    out
}

/// Padding before, between sign and digits, and after.
fn split_padding(align: Align, pad: usize) -> (usize, usize, usize) {
    match align {
        Align::Left => (0, 0, pad),
        Align::Right => (pad, 0, 0),
        Align::Center => (pad / 2, 0, pad - pad / 2),
        Align::AfterSign => (0, pad, 0),
    }
}

/// Inserts `separator` every `size` ASCII digits from the right, padding
/// with zeros up to `min_width` characters. Follows CPython's
/// `_PyUnicode_InsertThousandsGrouping`, including its habit of never
/// starting with a separator (`format(1234, "08,")` is `0,001,234`).
fn group_digits(digits: &str, separator: char, size: usize, min_width: usize) -> String {
    let bytes = digits.as_bytes();
    let mut remaining = bytes.len();
    let mut min_width = min_width as isize;
    // Built right to left, then reversed.
    let mut reversed: Vec<u8> = Vec::with_capacity(bytes.len() * 2);
    loop {
        let wanted = (remaining as isize).max(min_width).max(1) as usize;
        let len = size.min(wanted);
        let taken = remaining.min(len);
        if !reversed.is_empty() {
            reversed.push(separator as u8);
        }
        reversed.extend(bytes[remaining - taken..remaining].iter().rev());
        reversed.extend(std::iter::repeat_n(b'0', len - taken));
        remaining -= taken;
        min_width -= len as isize;
        if remaining == 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    reversed.reverse();
    String::from_utf8(reversed).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::chunk::FuncProto;
    use crate::lang::diagnostics::SourceFile;
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
        let proto = FuncProto {
            name: name.into(),
            params: Vec::new(),
            num_slots: 0,
            code: Vec::new(),
            spans: Vec::new(),
            consts: Vec::new(),
            children: Vec::new(),
            captures: Vec::new(),
            file: SourceFile::new("test.ml", ""),
            anonymous,
        };
        Value::Func(Rc::new(Closure {
            proto: Rc::new(RuntimeProto {
                proto: Arc::new(proto),
                consts: Vec::new(),
                children: Vec::new(),
            }),
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
    fn float_repr_matches_python() {
        // Expected texts from Python 3.11 `repr`.
        let cases: &[(f64, &str)] = &[
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (123456789.123, "123456789.123"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (100.0, "100.0"),
            (1.0, "1.0"),
            (3.5, "3.5"),
            (-7.25, "-7.25"),
            (1.5e-7, "1.5e-07"),
            (1.2345678901234568e20, "1.2345678901234568e+20"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.00012345, "0.00012345"),
            (0.000012345, "1.2345e-05"),
            (2.0f64.powi(60), "1.152921504606847e+18"),
            (1e100, "1e+100"),
            (-1e-100, "-1e-100"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            // Exact ties between two shortest candidates: even digit wins,
            // unless the even one does not round-trip (next to 2^-24).
            (870074717830352.0 + 0.25, "870074717830352.2"),
            (-(930386032825820.0 + 0.25), "-930386032825820.2"),
            (2.0f64.powi(-24), "5.960464477539063e-08"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ];
        for (f, expected) in cases {
            assert_eq!(float_repr(*f), *expected, "repr of {f:e}");
        }
    }

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
            globals: Rc::new(Globals::default()),
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

    // -- format specs --------------------------------------------------------

    fn fmt(v: Value, spec: &str) -> String {
        match format_spec(&v, spec) {
            Ok(text) => text,
            Err(e) => format!("ERROR {}: {}", e.type_name(), e.message()),
        }
    }

    /// Cases from the brief and the spec; expected texts from Python 3.11.
    #[test]
    #[expect(clippy::approx_constant, reason = "3.14159 is the spec's own example")]
    fn format_spec_basics() {
        let cases: &[(Value, &str, &str)] = &[
            (Value::Float(3.14159), ".2f", "3.14"),
            (Value::Int(42), "05d", "00042"),
            (Value::Float(1234567.891), ",.2f", "1,234,567.89"),
            (Value::Int(255), "x", "ff"),
            (Value::Float(0.25), ".1%", "25.0%"),
            (s("ab"), ">5", "   ab"),
            (Value::Int(5), "^7", "   5   "),
            (Value::Float(1e20), "g", "1e+20"),
            (Value::Int(-3), "+d", "-3"),
            (Value::Int(3), "+d", "+3"),
            (Value::Int(5), " d", " 5"),
            (Value::Int(42), "", "42"),
            (Value::Float(1e16), "", "1e+16"),
            (Value::Float(-0.0), "", "-0.0"),
            (s("x"), "^6", "  x   "),
            (s("abcdef"), ".3", "abc"),
            (s("héllo"), "*^9", "**héllo**"),
            (s("ab"), "05", "ab000"),
            (Value::Int(12), "<05", "12000"),
            (Value::Int(12), "x<05", "12xxx"),
            (Value::Int(1), "c>5", "cccc1"),
            (Value::Int(1), "<<5", "1<<<<"),
            (Value::Int(-1), "=5", "-   1"),
            (Value::Int(-1), "0=5", "-0001"),
            (Value::Float(1.5), "0<8", "1.500000"),
            (Value::Float(1.5), "*^9.1f", "***1.5***"),
            (Value::Float(1.5), "=+8.2f", "+   1.50"),
        ];
        for (v, spec, expected) in cases {
            assert_eq!(fmt(v.clone(), spec), *expected, "format({v:?}, {spec:?})");
        }
    }

    #[test]
    fn format_spec_integers() {
        let cases: &[(i64, &str, &str)] = &[
            (255, "#x", "0xff"),
            (255, "#X", "0XFF"),
            (255, "X", "FF"),
            (5, "#o", "0o5"),
            (-5, "#b", "-0b101"),
            (255, "b", "11111111"),
            (255, "_b", "1111_1111"),
            (255, "#010x", "0x000000ff"),
            (-255, "#010_x", "-0x00_00ff"),
            (123456789, "_", "123_456_789"),
            (1234567, ",", "1,234,567"),
            (1234, "010,", "00,001,234"),
            (1234, "09,", "0,001,234"),
            (1234, "08,", "0,001,234"),
            (1234, "0=10,", "00,001,234"),
            (0, ",", "0"),
            (65, "c", "A"),
            (65, "^5c", "  A  "),
            (3, "n", "3"),
            (i64::MIN, "d", "-9223372036854775808"),
            (i64::MIN, "x", "-8000000000000000"),
            (3, "e", "3.000000e+00"),
            (3, "%", "300.000000%"),
            (7, ".2f", "7.00"),
        ];
        for (i, spec, expected) in cases {
            assert_eq!(
                fmt(Value::Int(*i), spec),
                *expected,
                "format({i}, {spec:?})"
            );
        }
    }

    #[test]
    fn format_spec_floats() {
        let cases: &[(f64, &str, &str)] = &[
            (0.125, ".2f", "0.12"),
            (2.5, ".0f", "2"),
            (3.5, ".0f", "4"),
            (1.0, "#.0f", "1."),
            (-0.0, ".1f", "-0.0"),
            (-0.001, ".1f", "-0.0"),
            (0.1, ".30f", "0.100000000000000005551115123126"),
            (1234567.891, "015,.2f", "0,001,234,567.89"),
            (1e300, ",.0f", "1,000,000,000,000,000,052,504,760,255,204,420,248,704,468,581,108,159,154,915,854,115,511,802,457,988,908,195,786,371,375,080,447,864,043,704,443,832,883,878,176,942,523,235,360,430,575,644,792,184,786,706,982,848,387,200,926,575,803,737,830,233,794,788,090,059,368,953,234,970,799,945,081,119,038,967,640,880,074,652,742,780,142,494,579,258,788,820,056,842,838,115,669,472,196,386,865,459,400,540,160"),
            (1.0, ".0e", "1e+00"),
            (1.0, "#.0e", "1.e+00"),
            (0.0, "e", "0.000000e+00"),
            (12345.678, "E", "1.234568E+04"),
            (1e-300, ".2e", "1.00e-300"),
            (0.5, "%", "50.000000%"),
            (0.0, ".0%", "0%"),
            (1.5, "_%", "150.000000%"),
            (f64::INFINITY, "%", "inf%"),
            (f64::INFINITY, "E", "INF"),
            (f64::NAN, "F", "NAN"),
            (f64::INFINITY, "#.0e", "inf"),
            (f64::INFINITY, "010", "0000000inf"),
            (f64::INFINITY, "010,", "0000000inf"),
            (f64::NAN, "08.2f", "00000nan"),
            (f64::NAN, "+", "+nan"),
            (-f64::NAN, "+", "+nan"),
            (f64::NEG_INFINITY, "=+9", "-     inf"),
            (1234567.0, ",", "1,234,567.0"),
            (1e16, ",", "1e+16"),
            (1e16, "#", "1.e+16"),
            (1.5e16, "#", "1.5e+16"),
            (1.0, "#", "1.0"),
        ];
        for (f, spec, expected) in cases {
            assert_eq!(
                fmt(Value::Float(*f), spec),
                *expected,
                "format({f:e}, {spec:?})"
            );
        }
    }

    /// `g`, `n` and no type with a precision; expected texts from Python.
    #[test]
    fn format_spec_general() {
        let cases: &[(f64, &str, &str)] = &[
            (0.0, "g", "0"),
            (-0.0, "g", "-0"),
            (100000.0, "g", "100000"),
            (1000000.0, "g", "1e+06"),
            (123456.0, "g", "123456"),
            (1234567.0, "g", "1.23457e+06"),
            (999999.5, "g", "1e+06"),
            (9999995.0, ".6g", "1e+07"),
            (0.0001, "g", "0.0001"),
            (0.00001, "g", "1e-05"),
            (9.9999995e-5, "g", "0.0001"),
            (9.9999995e-5, ".7g", "9.999999e-05"),
            (5e-324, ".3g", "4.94e-324"),
            (1.7976931348623157e308, "g", "1.79769e+308"),
            (1.5, "G", "1.5"),
            (1e-10, "G", "1E-10"),
            (3.25, ".0g", "3"),
            (1e-5, "#g", "1.00000e-05"),
            (100000.0, "#g", "100000."),
            (1.0, "#g", "1.00000"),
            (1234.5, ".2", "1.2e+03"),
            (12.0, ".5", "12.0"),
            (100000.0, ".6", "1e+05"),
            (0.0001, ".3", "0.0001"),
            (0.00001234, ".3", "1.23e-05"),
            (123.0, "#.3", "1.23e+02"),
            (123.0, "#.4", "123.0"),
            (12.0, "#.2", "1.2e+01"),
            (1e16, ".3", "1e+16"),
            (12345.678, "n", "12345.7"),
            (3.0, "n", "3"),
            (1e22, "n", "1e+22"),
            (1234567.0, ",g", "1.23457e+06"),
            (123456.0, ",g", "123,456"),
        ];
        for (f, spec, expected) in cases {
            assert_eq!(
                fmt(Value::Float(*f), spec),
                *expected,
                "format({f:e}, {spec:?})"
            );
        }
    }

    #[test]
    fn format_spec_booleans_and_other_values() {
        let cases: &[(Value, &str, &str)] = &[
            (Value::Bool(true), "", "true"),
            (Value::Bool(false), ">7", "  false"),
            (Value::Bool(true), "s", "true"),
            (Value::Bool(true), "d", "1"),
            (Value::Bool(true), "05d", "00001"),
            (Value::Bool(true), ".1f", "1.0"),
            (Value::Bool(false), "x", "0"),
            (Value::Null, "", "null"),
            (Value::Null, ">6", "  null"),
            (arr(vec![Value::Int(1), s("a")]), "", "[1, 'a']"),
            (arr(vec![Value::Int(1)]), "s", "[1]"),
            (
                Value::Cell(Rc::new(RefCell::new(Value::Int(7)))),
                "03",
                "007",
            ),
        ];
        for (v, spec, expected) in cases {
            assert_eq!(fmt(v.clone(), spec), *expected, "format({v:?}, {spec:?})");
        }
    }

    /// Invalid specs; messages as in Python 3.11 (which says `str` where we
    /// say `string`).
    #[test]
    fn format_spec_errors() {
        let int = Value::Int;
        let float = Value::Float;
        #[rustfmt::skip]
        let cases: &[(Value, &str, &str)] = &[
            (int(1), "dd", "Invalid format specifier 'dd' for object of type 'int'"),
            (float(1.5), "d", "Unknown format code 'd' for object of type 'float'"),
            (float(2.0), "x", "Unknown format code 'x' for object of type 'float'"),
            (int(1), "q", "Unknown format code 'q' for object of type 'int'"),
            (int(1), "s", "Unknown format code 's' for object of type 'int'"),
            (int(1), ".2d", "Precision not allowed in integer format specifier"),
            (int(12345), ",.2", "Precision not allowed in integer format specifier"),
            (int(1), ",x", "Cannot specify ',' with 'x'."),
            (int(1), ",_", "Cannot specify both ',' and '_'."),
            (int(1), "_,", "Cannot specify both ',' and '_'."),
            (int(1), "_c", "Cannot specify '_' with 'c'."),
            (int(1), "_n", "Cannot specify '_' with 'n'."),
            (float(1.5), ",n", "Cannot specify ',' with 'n'."),
            (int(1), "+c", "Sign not allowed with integer format specifier 'c'"),
            (int(1), "#c", "Alternate form (#) not allowed with integer format specifier 'c'"),
            (int(0x110000), "c", "%c arg not in range(0x110000)"),
            (int(1), ".", "Format specifier missing precision"),
            (float(1.0), ".g", "Format specifier missing precision"),
            (s("s"), "+", "Sign not allowed in string format specifier"),
            (s("s"), "-", "Sign not allowed in string format specifier"),
            (s("s"), " ", "Space not allowed in string format specifier"),
            (s("s"), "#", "Alternate form (#) not allowed in string format specifier"),
            (s("s"), "=5", "'=' alignment not allowed in string format specifier"),
            (s("s"), ",", "Cannot specify ',' with 's'."),
            (s("s"), "d", "Unknown format code 'd' for object of type 'string'"),
            (Value::Null, "d", "Unknown format code 'd' for object of type 'null'"),
            (arr(vec![]), ".2f", "Unknown format code 'f' for object of type 'array'"),
            (Value::Bool(true), "+", "Sign not allowed in string format specifier"),
            (int(1), "2000000", "format width or precision too large (at most 1000000)"),
        ];
        for (v, spec, message) in cases {
            let expected = format!("ERROR ValueError: {message}");
            assert_eq!(fmt(v.clone(), spec), expected, "format({v:?}, {spec:?})");
        }
    }

    #[test]
    fn grouping_helper() {
        let cases: &[(&str, usize, usize, &str)] = &[
            ("1234567", 3, 0, "1,234,567"),
            ("123", 3, 0, "123"),
            ("1", 3, 5, "0,001"),
            ("1", 3, 4, "0,001"),
            ("1", 3, 3, "001"),
            ("ff", 4, 7, "00_00ff"),
        ];
        for (digits, size, width, expected) in cases {
            let sep = if *size == 4 { '_' } else { ',' };
            assert_eq!(group_digits(digits, sep, *size, *width), *expected);
        }
    }
}
