//! The runtime value model.
//!
//! `Value` is 16 bytes: a tag and one word of payload. Everything bigger lives
//! behind one `Rc`, so cloning a value is at most a reference-count bump.
//! Values are deliberately `!Send`: a `Vm` and its values belong to one thread;
//! what threads share is compiled code (`chunk.rs`).

use super::chunk::FuncProto;
use super::error::RtError;
use super::gc::{self, release};
pub use super::mlstr::{str_hash, MlStr, INLINE};
use super::vm::Vm;
use indexmap::{Equivalent, IndexMap};
use rustc_hash::FxBuildHasher;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

pub type NativeResult = Result<Value, RtError>;

/// An instruction's inline cache. Objects' fields, string and array
/// methods and object literals keep entries below 2^32 in it; a module's
/// member keeps one with the top bit set (see `module_site`), so no kind of
/// entry can be taken for another's when one site meets several kinds of
/// values.
pub type SiteCache = Cell<u64>;

mod module_site;

/// `repr(u8)` gives the layout a definition (a one-byte tag, then the
/// payload at offset 8), which [`Value::write_int`] relies on.
#[derive(Default)]
#[repr(u8)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<MlStr>),
    Array(Rc<RefCell<Vec<Value>>>),
    Object(ObjRef),
    /// A user function (closure) compiled from ML source.
    Func(Rc<Closure>),
    /// A function implemented in Rust (builtins, stdlib, bound helpers).
    Native(Rc<NativeFn>),
    /// `arr.append` read without calling it.
    BoundMethod(Rc<BoundMethod>),
    Module(Rc<Module>),
    /// What `except (e)` binds.
    Error(Rc<ErrorValue>),
    Iterator(Rc<RefCell<IterState>>),
    /// Standard-library objects (Pattern, DateTime, ...).
    NativeObj(Rc<Box<dyn NativeObject>>),
    /// Internal: an unassigned variable slot. Never visible to ML code.
    Undef,
    /// Internal: a local captured by a closure lives in a shared cell.
    Cell(Rc<RefCell<Value>>),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);

/// Drops the `n` values from `p` up, skipping scalars without a call (the
/// compiler's drop glue for `Value` is an out-of-line call even for a
/// number).
///
/// # Safety
/// They are initialized values that nothing else owns, and nothing reads
/// them afterwards.
#[inline(always)]
pub(crate) unsafe fn drop_non_scalars(p: *mut Value, n: usize) {
    for i in 0..n {
        // SAFETY: passed on from the caller.
        unsafe {
            let v = p.add(i);
            if !(*v).is_scalar() {
                std::ptr::drop_in_place(v);
            }
        }
    }
}

/// Drop the value at `p` where it lies (a native's argument or receiver
/// slot). Scalars own nothing, and a string that something else still
/// holds (a local, a constant: the usual argument) only loses a count,
/// both without the out-of-line drop call.
///
/// # Safety
/// `p` holds an initialized value that nothing reads afterwards.
#[inline(always)]
pub(crate) unsafe fn drop_in_slot(p: *mut Value) {
    // SAFETY: passed on from the caller; a count above 1 is not the last,
    // so taking one off frees nothing (what the drop would do too).
    unsafe {
        match &*p {
            v if v.is_scalar() => {}
            Value::Str(s) if Rc::strong_count(s) > 1 => {
                Rc::decrement_strong_count(Rc::as_ptr(s));
            }
            _ => std::ptr::drop_in_place(p),
        }
    }
}

/// A copy of `items`. When all are scalars (an array of numbers, the
/// usual snapshot a native takes before calling back into ML code) it is
/// one block copy; cloning each value costs a test and a copy apiece.
pub fn clone_values(items: &[Value]) -> Vec<Value> {
    // Tags seen, gathered without a branch per value.
    let seen = items.iter().fold(0u32, |seen, v| {
        // SAFETY: `repr(u8)` puts the discriminant in the first byte.
        seen | 1 << (unsafe { *(v as *const Value as *const u8) } & 31)
    });
    if seen & !SCALAR_TAGS != 0 {
        return items.to_vec();
    }
    let mut out = Vec::with_capacity(items.len());
    // SAFETY: scalars own nothing, so their bytes are complete copies;
    // the room was reserved above.
    unsafe {
        std::ptr::copy_nonoverlapping(items.as_ptr(), out.as_mut_ptr(), items.len());
        out.set_len(items.len());
    }
    out
}

/// Bit `t` set where tag `t` is a scalar's (see [`Value::is_scalar`]; a
/// test checks every kind of value against it).
const SCALAR_TAGS: u32 = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 14;

/// The tag byte of `Value::Int` under `repr(u8)`: its declaration index.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const INT_TAG: u8 = 2;
/// The tag byte of `Value::Float`, for [`Value::write_float`].
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const FLOAT_TAG: u8 = 3;

impl Clone for Value {
    /// Scalars are copied inline; only reference kinds pay for a call that
    /// bumps a count. Cloning is on every variable read, so this matters.
    #[inline(always)]
    fn clone(&self) -> Value {
        if self.is_scalar() {
            // SAFETY: scalars own nothing, so a bitwise copy is a complete
            // clone (and cheaper than rebuilding the variant by a jump).
            unsafe { std::ptr::read(self) }
        } else {
            self.clone_ref()
        }
    }
}

impl Drop for Value {
    /// A container this value owns alone hands its contents to
    /// `gc::release`, which keeps the Rust stack flat however deeply the
    /// value is nested. Everything else drops as usual.
    /// Every drop of a reference runs this, so the common case (not the
    /// last reference) is one count comparison; the arms are alike so the
    /// compiler can merge them.
    #[inline(always)]
    fn drop(&mut self) {
        let last = match self {
            Value::Array(a) => Rc::strong_count(a) == 1,
            Value::Object(o) => ObjRef::strong_count(o) == 1,
            Value::Cell(c) => Rc::strong_count(c) == 1,
            Value::Func(f) => Rc::strong_count(f) == 1,
            Value::Iterator(i) => Rc::strong_count(i) == 1,
            Value::BoundMethod(b) => Rc::strong_count(b) == 1,
            Value::Error(e) => Rc::strong_count(e) == 1,
            _ => false,
        };
        if last {
            release::last_reference(self);
        }
    }
}

/// `Value` implements `Drop`, so a pattern cannot move a payload out of it;
/// these do, without touching the reference count.
macro_rules! into_payload {
    ($($(#[$doc:meta])* $name:ident: $variant:ident($ty:ty);)*) => {
        impl Value {
            $(
                $(#[$doc])*
                #[inline]
                pub fn $name(self) -> Result<$ty, Value> {
                    let this = std::mem::ManuallyDrop::new(self);
                    match &*this {
                        // SAFETY: the payload is read out exactly once and
                        // the value it came from is never dropped.
                        Value::$variant(payload) => Ok(unsafe { std::ptr::read(payload) }),
                        _ => Err(std::mem::ManuallyDrop::into_inner(this)),
                    }
                }
            )*
        }
    };
}

into_payload! {
    /// The string, moved out of a `Value::Str`.
    into_str: Str(Rc<MlStr>);
    /// The closure, moved out of a `Value::Func`.
    into_func: Func(Rc<Closure>);
    /// The object, moved out of a `Value::Object`.
    into_object: Object(ObjRef);
    /// The array, moved out of a `Value::Array`.
    into_array: Array(Rc<RefCell<Vec<Value>>>);
    /// The error, moved out of a `Value::Error`.
    into_error: Error(Rc<ErrorValue>);
    /// The module, moved out of a `Value::Module`.
    into_module: Module(Rc<Module>);
}

impl Value {
    /// `null` as a `'static` reference (a `&Value::Null` temporary is not
    /// promoted to one, `Value` having a destructor).
    pub const NULL: &'static Value = &Value::Null;

    /// The clone of a value that may hold a reference: the count is
    /// bumped, then the value is copied whole, as one 16-byte move. Built
    /// as a new value instead (a tag byte and a word stored apart), the copy
    /// stalled the caller, which reads the result back at once as one
    /// 16-byte load that store forwarding cannot serve from two stores.
    #[inline(never)]
    fn clone_ref(&self) -> Value {
        self.count_reference();
        // SAFETY: the reference the copy holds was counted above (a scalar
        // owns none), so the copy and `self` each own one.
        unsafe { std::ptr::read(self) }
    }

    /// A clone of `self` written to `dst`, for the loop's loads onto the
    /// operand stack. Returned by value instead, the clone of a reference
    /// comes back through a temporary on the caller's frame, and the
    /// scalar path then goes through that temporary too: a store and a
    /// reload of the same 16 bytes before the push.
    ///
    /// # Safety
    /// `dst` is valid for a write and holds no value that needs a drop.
    #[inline(always)]
    pub unsafe fn clone_to(&self, dst: *mut Value) {
        if !self.is_scalar() {
            self.count_reference_out_of_line();
        }
        // SAFETY: as the caller promises; the reference the copy holds (if
        // any) was counted above.
        unsafe { std::ptr::copy_nonoverlapping(self, dst, 1) }
    }

    #[inline(never)]
    fn count_reference_out_of_line(&self) {
        self.count_reference();
    }

    /// One more count of the reference `self` holds (none for a scalar);
    /// the caller makes the copy that owns it.
    #[inline(always)]
    fn count_reference(&self) {
        match self {
            Value::Str(r) => std::mem::forget(r.clone()),
            Value::Array(r) => std::mem::forget(r.clone()),
            Value::Object(r) => std::mem::forget(r.clone()),
            Value::Func(r) => std::mem::forget(r.clone()),
            Value::Native(r) => std::mem::forget(r.clone()),
            Value::BoundMethod(r) => std::mem::forget(r.clone()),
            Value::Module(r) => std::mem::forget(r.clone()),
            Value::Error(r) => std::mem::forget(r.clone()),
            Value::Iterator(r) => std::mem::forget(r.clone()),
            Value::NativeObj(r) => std::mem::forget(r.clone()),
            Value::Cell(r) => std::mem::forget(r.clone()),
            Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Undef => {}
        }
    }

    /// True for values that own no reference (dropping them is a no-op).
    #[inline(always)]
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Undef
        )
    }

    /// Write `Value::Int(i)` over a slot that holds a scalar (nothing to
    /// drop) or no value, as one 16-byte store. Building the value
    /// field by field stores the tag and the payload separately, and the
    /// next 16-byte copy of the slot (every pop of the operand stack) then
    /// waits for both stores to reach the cache instead of taking the
    /// data from the store buffer: a stall on each arithmetic result.
    ///
    /// # Safety
    /// `slot` must be valid for writes and hold no value that needs a drop.
    #[inline(always)]
    pub unsafe fn write_int(slot: *mut Value, i: i64) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{__m128i, _mm_set_epi64x, _mm_storeu_si128};
            // SAFETY: with `repr(u8)` an `Int` is the tag byte `INT_TAG`,
            // padding, then the i64 at offset 8 (checked by a unit test);
            // the caller guarantees the slot is writable and needs no drop.
            unsafe {
                _mm_storeu_si128(slot as *mut __m128i, _mm_set_epi64x(i, INT_TAG as i64));
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        // SAFETY: as above.
        unsafe {
            slot.write(Value::Int(i))
        }
    }

    /// [`Value::write_int`] for a float: one 16-byte store of the tag
    /// and the bits, for the same reason.
    ///
    /// # Safety
    /// As for [`Value::write_int`].
    #[inline(always)]
    pub unsafe fn write_float(slot: *mut Value, f: f64) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{__m128i, _mm_set_epi64x, _mm_storeu_si128};
            // SAFETY: a `Float` is the tag byte `FLOAT_TAG`, padding, then
            // the f64 at offset 8 (checked by a unit test); the caller
            // guarantees the slot is writable and needs no drop.
            unsafe {
                let bits = f.to_bits() as i64;
                _mm_storeu_si128(slot as *mut __m128i, _mm_set_epi64x(bits, FLOAT_TAG as i64));
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        // SAFETY: as above.
        unsafe {
            slot.write(Value::Float(f))
        }
    }

    /// Overwrite `slot` with `v`, skipping the drop call when the old value
    /// is a scalar (the common case in numeric loops).
    #[inline(always)]
    pub fn assign(slot: &mut Value, v: Value) {
        if slot.is_scalar() {
            // SAFETY: scalars own nothing, so not running their destructor
            // leaks nothing; `slot` is a valid, exclusively borrowed place.
            unsafe { std::ptr::write(slot, v) }
        } else {
            *slot = v;
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::format::repr(self))
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(MlStr::rc_copy(s))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(MlStr::new(s)))
    }

    /// A one-character string. ASCII characters come from a per-thread
    /// table of shared strings (strings are immutable to ML code, and an
    /// in-place append happens only on an unshared one), so indexing,
    /// iterating over a string and `str(digit)` allocate nothing.
    #[inline]
    pub fn from_char(c: char) -> Value {
        if c.is_ascii() {
            return Value::ascii_char(c as u8);
        }
        Value::non_ascii_char(c)
    }

    /// [`Value::from_char`] of an ASCII character: the table's string,
    /// its count bumped and the value copied whole (see
    /// [`Value::clone_ref`]), so the caller can read it back at once. The
    /// table is an array: the index needs no bounds check.
    #[inline(always)]
    fn ascii_char(b: u8) -> Value {
        thread_local! {
            static ASCII: [Value; 128] = std::array::from_fn(|b| {
                Value::str(char::from(b as u8).encode_utf8(&mut [0; 4]))
            });
        }
        let table: *const Value = ASCII.with(|table| table.as_ptr());
        // SAFETY: the table lives as long as this thread, which is running
        // this; the index is below its length.
        let v = unsafe { &*table.add(usize::from(b & 0x7f)) };
        match v {
            Value::Str(s) => {
                std::mem::forget(s.clone());
                // SAFETY: the copy's reference was counted just above.
                unsafe { std::ptr::read(v) }
            }
            other => other.clone(),
        }
    }

    #[inline(never)]
    fn non_ascii_char(c: char) -> Value {
        Value::string(c.to_string())
    }

    /// A new array. New arrays and objects are not registered with the
    /// cycle collector: a value built from older values cannot close a
    /// cycle, later stores into it go through its write barrier (see `gc`).
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(RefCell::new(items)))
    }

    /// A new object (not registered, as [`Value::array`]).
    #[inline]
    pub fn object(map: Object) -> Value {
        Value::Object(ObjRef::new(map))
    }

    /// A cell for a variable that closures capture.
    pub fn new_cell(v: Value) -> Rc<RefCell<Value>> {
        let cell = Rc::new(RefCell::new(v));
        gc::track_cell(&cell);
        cell
    }

    /// An object from string keys, in order.
    pub fn object_from<'a>(pairs: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
        let mut map = new_object();
        for (k, v) in pairs {
            map.insert(Key::str(k), v);
        }
        Value::object(map)
    }

    pub fn native(name: &str, func: NativeFnPtr) -> Value {
        Value::Native(Rc::new(NativeFn {
            name: name.into(),
            func: NativeImpl::Plain(func),
            doc: "",
            capabilities: &[],
        }))
    }

    /// A native function that carries state (compose, partial, memoize, ...).
    pub fn native_closure(
        name: &str,
        func: impl Fn(&mut Vm, &[Value]) -> NativeResult + 'static,
    ) -> Value {
        Value::Native(Rc::new(NativeFn {
            name: name.into(),
            func: NativeImpl::Boxed(Box::new(func)),
            doc: "",
            capabilities: &[],
        }))
    }

    /// The name `typeof` returns (spec 3.1).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null | Value::Undef => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Func(_) | Value::Native(_) | Value::BoundMethod(_) => "function",
            Value::Module(_) => "module",
            Value::Error(_) => "error",
            Value::Iterator(_) => "iterator",
            Value::NativeObj(o) => o.type_name(),
            Value::Cell(c) => c.borrow().type_name(),
        }
    }

    /// Truthiness (spec 3.2).
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null | Value::Undef => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::Array(a) => !a.borrow().is_empty(),
            Value::Object(o) => !o.borrow().is_empty(),
            _ => true,
        }
    }

    pub fn is_callable(&self) -> bool {
        matches!(
            self,
            Value::Func(_) | Value::Native(_) | Value::BoundMethod(_)
        )
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Numbers (and booleans, which count as numbers in arithmetic) as f64.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Bool(b) => Some(*b as i64 as f64),
            _ => None,
        }
    }

    /// Identity of reference values, for `==` on functions and natives.
    pub fn ptr_id(&self) -> Option<usize> {
        Some(match self {
            Value::Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Array(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Object(r) => ObjRef::as_ptr(r) as *const u8 as usize,
            Value::Func(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Native(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::BoundMethod(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Module(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Error(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Iterator(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::NativeObj(r) => Rc::as_ptr(r) as *const u8 as usize,
            Value::Cell(r) => Rc::as_ptr(r) as *const u8 as usize,
            _ => return None,
        })
    }
}

/// Object keys are strings or ints (spec 3.6).
#[derive(Clone, Debug)]
pub enum Key {
    Int(i64),
    Str(Rc<MlStr>),
}

impl Key {
    pub fn str(s: &str) -> Key {
        Key::Str(Rc::new(MlStr::copy_of(s)))
    }

    pub fn as_ref(&self) -> KeyRef<'_> {
        match self {
            Key::Int(i) => KeyRef::Int(*i),
            Key::Str(s) => KeyRef::Str(s.as_str()),
        }
    }

    /// The key as an ML value (for `keys()`, `for k in obj`).
    pub fn to_value(&self) -> Value {
        match self {
            Key::Int(i) => Value::Int(*i),
            Key::Str(s) => Value::Str(s.clone()),
        }
    }

    /// A value used as a key: strings, ints, integral floats (spec 3.6).
    pub fn from_value(v: &Value) -> Result<Key, RtError> {
        match v {
            Value::Str(s) => Ok(Key::Str(s.clone())),
            Value::Int(i) => Ok(Key::Int(*i)),
            Value::Float(f) if f.fract() == 0.0 && f.is_finite() && f.abs() < 9.2e18 => {
                Ok(Key::Int(*f as i64))
            }
            other => Err(RtError::type_error(format!(
                "unhashable key type: '{}'",
                other.type_name()
            ))),
        }
    }
}

/// A borrowed key, for lookups without allocating.
#[derive(Clone, Copy, Debug)]
pub enum KeyRef<'a> {
    Int(i64),
    Str(&'a str),
}

/// A key hashes as its int or as [`str_hash`] of its text, so an owned key
/// (with its string's cached hash) and a borrowed one agree.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Key::Int(i) => state.write_i64(*i),
            Key::Str(s) => state.write_u32(s.hash_code()),
        }
    }
}

impl Hash for KeyRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            KeyRef::Int(i) => state.write_i64(*i),
            KeyRef::Str(s) => state.write_u32(str_hash(s)),
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Str(a), Key::Str(b)) => Rc::ptr_eq(a, b) || a.as_str() == b.as_str(),
            (Key::Int(a), Key::Int(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Key {}

impl Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        match (self, key) {
            (KeyRef::Int(a), Key::Int(b)) => a == b,
            (KeyRef::Str(a), Key::Str(b)) => *a == b.as_str(),
            _ => false,
        }
    }
}

pub use super::object::{ObjCell, ObjRef, Object};

pub fn new_object() -> Object {
    Object::new()
}

/// An empty object with room for `n` keys (an object literal knows its
/// size, and growing key by key would leave spare entries behind).
pub fn object_with_capacity(n: usize) -> Object {
    Object::with_capacity(n)
}

/// The index of string key `key` in `map`. Keys written from a member
/// name in the code (`{x: 1}`, `p.x = 1`) are the very string constant a
/// later `p.x` reads with, so comparing pointers first finds them without
/// hashing or comparing bytes (see [`Object::str_index_of`]).
#[inline]
pub fn str_key_index(map: &Object, key: &Rc<MlStr>) -> Option<usize> {
    map.str_index_of(key)
}

pub type NativeFnPtr = fn(&mut Vm, &[Value]) -> NativeResult;

/// A native function that carries state.
pub type NativeClosure = Box<dyn Fn(&mut Vm, &[Value]) -> NativeResult>;

pub enum NativeImpl {
    Plain(NativeFnPtr),
    Boxed(NativeClosure),
}

pub struct NativeFn {
    /// Qualified name, e.g. `len` or `math.sqrt`.
    pub name: Rc<str>,
    pub func: NativeImpl,
    /// One-line description shown by `help()`.
    pub doc: &'static str,
    /// Capability names the function requires (spec 3.14).
    pub capabilities: &'static [&'static str],
}

impl NativeFn {
    pub fn call(&self, vm: &mut Vm, args: &[Value]) -> NativeResult {
        match &self.func {
            NativeImpl::Plain(f) => f(vm, args),
            NativeImpl::Boxed(f) => f(vm, args),
        }
    }
}

/// A method of a built-in type taken as a value (`f = arr.append;`).
pub struct BoundMethod {
    pub receiver: Value,
    pub name: Rc<str>,
}

/// A function prototype instantiated for one VM: the shared compiled code plus
/// its constants as runtime values (so a string constant is not re-allocated
/// each time it is loaded).
pub struct RuntimeProto {
    pub proto: Arc<FuncProto>,
    pub consts: Vec<Value>,
    /// Prototypes of the functions defined inside this one, by index.
    pub children: Vec<Rc<RuntimeProto>>,
    /// Copies of what every call of the function checks, one pointer hop
    /// closer than `proto`: the number of parameters, local slots, and
    /// slots plus the deepest operand stack (the room a frame reserves).
    pub arity: usize,
    pub num_slots: usize,
    pub frame_room: usize,
    /// One inline cache per instruction for the member instructions: the
    /// entry index where the key was found last time, checked before use.
    pub field_cache: Box<[SiteCache]>,
    /// `proto.code`'s first instruction, one pointer hop closer: the
    /// dispatch loop reaches it through the running function on every
    /// jump. `proto` is never mutated, so the pointer stays valid for as
    /// long as this record holds `proto`.
    code_start: *const crate::lang::chunk::Op,
}

impl RuntimeProto {
    /// The function's first instruction.
    #[inline(always)]
    pub fn code_start(&self) -> *const crate::lang::chunk::Op {
        self.code_start
    }

    pub fn new(
        proto: Arc<FuncProto>,
        consts: Vec<Value>,
        children: Vec<Rc<RuntimeProto>>,
    ) -> RuntimeProto {
        let num_slots = proto.num_slots as usize;
        RuntimeProto {
            code_start: proto.code.as_ptr(),
            arity: proto.arity as usize,
            num_slots,
            frame_room: num_slots + proto.max_stack as usize,
            field_cache: (0..proto.code.len()).map(|_| Default::default()).collect(),
            proto,
            consts,
            children,
        }
    }
}

pub struct Closure {
    pub proto: Rc<RuntimeProto>,
    pub upvalues: Box<[Rc<RefCell<Value>>]>,
    /// The module globals this function reads and writes.
    pub globals: Rc<Globals>,
}

impl Closure {
    pub fn name(&self) -> &str {
        &self.proto.proto.name
    }
}

/// A module's global variables: values by compile-time index, plus the
/// name table that REPL inputs and `m.name` lookups use.
pub struct Globals {
    pub names: RefCell<IndexMap<Rc<str>, usize, FxBuildHasher>>,
    pub values: RefCell<Vec<Value>>,
    /// Slots that started as the builtin of their name because the code
    /// uses that name; while they still hold it they are not members.
    builtin_slots: RefCell<rustc_hash::FxHashSet<usize>>,
    /// Registered with the cycle collector (see `gc::track_globals`).
    pub(crate) gc_tracked: std::cell::Cell<bool>,
    /// What an instruction's cache entry for a member of these globals
    /// holds besides the slot (see `module_site`).
    site_tag: Cell<u32>,
}

impl Default for Globals {
    fn default() -> Globals {
        Globals {
            names: RefCell::default(),
            values: RefCell::default(),
            builtin_slots: RefCell::default(),
            gc_tracked: Cell::new(false),
            site_tag: Cell::new(module_site::fresh_tag()),
        }
    }
}

impl Globals {
    /// The value bound to `name`. Builtins a module merely uses (its
    /// unassigned global slots start as the builtin) are not its members.
    pub fn get(&self, name: &str) -> Option<Value> {
        let idx = *self.names.borrow().get(name)?;
        self.member_at(idx, name)
    }

    fn member_at(&self, idx: usize, name: &str) -> Option<Value> {
        match self.values.borrow().get(idx) {
            Some(Value::Undef) | None => None,
            Some(v) if self.is_builtin_default(idx, name, v) => None,
            Some(v) => Some(v.clone()),
        }
    }

    /// Give slot `idx` the builtin of its name (see `builtin_slots`).
    pub fn set_builtin_default(&self, idx: usize, value: Value) {
        if let Some(slot) = self.values.borrow_mut().get_mut(idx) {
            *slot = value;
            if self.builtin_slots.borrow_mut().insert(idx) {
                // A slot that stops being a member: no site may keep
                // finding it through its cache.
                self.site_tag.set(module_site::fresh_tag());
            }
        }
    }

    fn is_builtin_default(&self, idx: usize, name: &str, v: &Value) -> bool {
        is_builtin_default(name, v) && self.builtin_slots.borrow().contains(&idx)
    }

    pub fn set(&self, name: &str, value: Value) {
        let idx = self.slot(name);
        self.values.borrow_mut()[idx] = value;
    }

    /// The slot index of `name`, adding it (unassigned) if new.
    pub fn slot(&self, name: &str) -> usize {
        if let Some(i) = self.names.borrow().get(name) {
            return *i;
        }
        let mut names = self.names.borrow_mut();
        let idx = names.len();
        names.insert(name.into(), idx);
        let mut values = self.values.borrow_mut();
        if values.len() <= idx {
            values.resize(idx + 1, Value::Undef);
        }
        idx
    }

    /// Every name with a slot, in slot order: what a new chunk compiled
    /// into these globals must keep at the same indexes.
    pub fn slot_names(&self) -> Vec<std::sync::Arc<str>> {
        self.names.borrow().keys().map(|n| (&**n).into()).collect()
    }

    /// Assigned names with their values, in definition order.
    pub fn entries(&self) -> Vec<(Rc<str>, Value)> {
        let values = self.values.borrow();
        self.names
            .borrow()
            .iter()
            .filter_map(|(n, i)| match values.get(*i) {
                Some(Value::Undef) | None => None,
                Some(v) if self.is_builtin_default(*i, n, v) => None,
                Some(v) => Some((n.clone(), v.clone())),
            })
            .collect()
    }
}

/// Whether `v` in global `name` is just the builtin of that name that the
/// slot started with (builtins are named by their plain name; functions of
/// standard modules by `module.function`, so they never match).
fn is_builtin_default(name: &str, v: &Value) -> bool {
    match v {
        Value::Native(f) => &*f.name == name,
        Value::Module(m) => name == "builtin" && &*m.name == "builtin",
        _ => false,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    Builtin,
    MlSource,
    PythonBridge,
    /// The prefix `a` bound by `import a.b.c;`.
    Namespace,
}

pub struct Module {
    pub name: Rc<str>,
    pub kind: ModuleKind,
    pub globals: ModuleGlobals,
}

/// A module's namespace, replaceable as a whole: reload runs the new version
/// in fresh globals and then swaps them in, so `m.f()` finds the new code
/// while functions taken out earlier keep running with the old version's
/// globals (ARCHITECTURE.md decision 3). Code that reads `m.name` finds
/// the member through its instruction's inline cache (`module_site`).
pub struct ModuleGlobals {
    current: RefCell<Rc<Globals>>,
}

impl ModuleGlobals {
    pub fn new(globals: Rc<Globals>) -> ModuleGlobals {
        ModuleGlobals {
            current: RefCell::new(globals),
        }
    }

    pub fn current(&self) -> Rc<Globals> {
        self.current.borrow().clone()
    }

    /// Swap in new globals. Each function of a module points back at the
    /// module's globals, which hold the function: a cycle that reference
    /// counting never frees, so every reload would keep the old version
    /// alive to the end of the session. When nothing but that cycle holds
    /// the old globals (no function taken out, no closure kept elsewhere,
    /// no frame running one), they are emptied, which frees them.
    pub fn replace(&self, globals: Rc<Globals>) {
        let old = std::mem::replace(&mut *self.current.borrow_mut(), globals);
        let held_by_own_functions = old
            .values
            .borrow()
            .iter()
            .filter(|v| {
                matches!(v, Value::Func(c)
                    if Rc::strong_count(c) == 1 && Rc::ptr_eq(&c.globals, &old))
            })
            .count();
        if Rc::strong_count(&old) == held_by_own_functions + 1 {
            // Dropped after the borrow ends: freeing values runs no ML code,
            // but keep the cell free while it happens anyway.
            let values = std::mem::take(&mut *old.values.borrow_mut());
            drop(values);
        }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        self.current.borrow().get(name)
    }

    /// `get` for a member name the code holds as a string constant.
    pub fn get_named(&self, name: &Rc<MlStr>) -> Option<Value> {
        self.get(name.as_str())
    }

    pub fn set(&self, name: &str, value: Value) {
        self.current.borrow().set(name, value)
    }

    pub fn entries(&self) -> Vec<(Rc<str>, Value)> {
        self.current.borrow().entries()
    }
}

impl From<Rc<Globals>> for ModuleGlobals {
    fn from(globals: Rc<Globals>) -> ModuleGlobals {
        ModuleGlobals::new(globals)
    }
}

/// What `except (e)` binds (spec 3.12).
pub struct ErrorValue {
    pub type_name: Rc<str>,
    /// The message, built on first read for an error made by
    /// [`ErrorValue::deferred`].
    message: std::cell::OnceCell<String>,
    /// Builds the message of a deferred error (taken on first read).
    build_message: Cell<Option<MessageBuilder>>,
    /// The thrown object, when one was thrown.
    pub payload: Option<Value>,
    /// ML-level frames, innermost last, filled in while unwinding.
    pub traceback: RefCell<super::traceback::Traceback>,
}

/// Builds an error message when it is first read.
pub type MessageBuilder = Box<dyn FnOnce() -> String>;

impl ErrorValue {
    pub fn new(type_name: Rc<str>, message: String, payload: Option<Value>) -> ErrorValue {
        ErrorValue {
            type_name,
            message: std::cell::OnceCell::from(message),
            build_message: Cell::new(None),
            payload,
            traceback: RefCell::default(),
        }
    }

    /// An error whose message is built only if something reads it. A
    /// "did you mean" hint compares the missing name with every key there
    /// is; a program that catches thousands of KeyErrors from a big object
    /// (counting words with `try ... except`) never reads those messages
    /// and must not pay for them.
    pub fn deferred(type_name: Rc<str>, build: MessageBuilder) -> ErrorValue {
        ErrorValue {
            type_name,
            message: std::cell::OnceCell::new(),
            build_message: Cell::new(Some(build)),
            payload: None,
            traceback: RefCell::default(),
        }
    }

    pub fn message(&self) -> &str {
        self.message.get_or_init(|| {
            self.build_message
                .take()
                .map_or_else(String::new, |build| build())
        })
    }
}

pub enum IterState {
    Array {
        items: Rc<RefCell<Vec<Value>>>,
        next: usize,
    },
    Str {
        text: Rc<MlStr>,
        byte_pos: usize,
    },
    Keys {
        object: ObjRef,
        next: usize,
        len: usize,
    },
    Values {
        items: Vec<Value>,
        next: usize,
    },
    /// A loop over an `iter()` value: advances the shared iterator itself.
    Shared(Rc<RefCell<IterState>>),
}

/// Standard-library objects (Pattern, Match, DateTime, ...).
pub trait NativeObject {
    fn type_name(&self) -> &'static str;
    /// Display form; `None` prints as `<TypeName>`.
    fn display(&self) -> Option<String> {
        None
    }
    /// Sorted names of the methods callable on this object.
    fn method_names(&self) -> Vec<&'static str>;
    /// The help line of method `name` (`help(obj.name)` shows it).
    fn method_doc(&self, _name: &str) -> Option<&'static str> {
        None
    }
    fn call_method(&self, vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult;
    /// Non-method properties (e.g. `pattern.pattern`).
    fn property(&self, _name: &str) -> Option<Value> {
        None
    }
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Estimated heap bytes reachable from `v`: 16 bytes per value plus what its
/// reference holds (string bytes, array and object storage, nested values).
/// Shared references are counted once and the walk stops after `budget`
/// values, so huge or cyclic data cannot make a report slow.
pub fn estimate_bytes(values: &[Value], budget: usize) -> usize {
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<Value> = values.to_vec();
    let mut total = 0;
    let mut visited = 0;
    while let Some(v) = stack.pop() {
        visited += 1;
        if visited > budget {
            break;
        }
        total += std::mem::size_of::<Value>();
        if let Some(id) = v.ptr_id() {
            if !seen.insert(id) {
                continue;
            }
        }
        match &v {
            Value::Str(s) => total += 16 + std::mem::size_of::<MlStr>() + s.heap_bytes(),
            Value::Array(a) => {
                let a = a.borrow();
                total += a.capacity() * std::mem::size_of::<Value>();
                stack.extend(a.iter().cloned());
            }
            Value::Object(o) => {
                let o = o.borrow();
                total += std::mem::size_of::<Object>() + o.heap_bytes();
                for (k, val) in o.iter() {
                    if let Key::Str(s) = k {
                        total += s.as_str().len();
                    }
                    stack.push(val.clone());
                }
            }
            Value::Func(c) => total += 48 + c.upvalues.len() * 8,
            Value::Native(_) | Value::BoundMethod(_) => total += 64,
            Value::Cell(c) => stack.push(c.borrow().clone()),
            _ => {}
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_layout_is_what_write_int_assumes() {
        for i in [0, 1, -1, 42, i64::MAX, i64::MIN] {
            let v = Value::Int(i);
            let p = &v as *const Value as *const u8;
            // SAFETY: byte 0 (the tag) and bytes 8..16 (the payload) are
            // initialized parts of an `Int`.
            let (tag, payload) = unsafe { (*p, (p.add(8) as *const i64).read_unaligned()) };
            assert_eq!((tag, payload), (INT_TAG, i));

            let mut slot = Value::Bool(true);
            // SAFETY: the slot holds a scalar.
            unsafe { Value::write_int(&mut slot, i) };
            assert!(matches!(slot, Value::Int(x) if x == i));
        }
    }

    #[test]
    fn clone_values_copies_scalars_whole_and_counts_references() {
        let scalars = [
            Value::Null,
            Value::Bool(true),
            Value::Int(-7),
            Value::Float(0.5),
            Value::Undef,
        ];
        for v in &scalars {
            assert!(v.is_scalar());
            // SAFETY: `repr(u8)` puts the discriminant in the first byte.
            let tag = unsafe { *(v as *const Value as *const u8) };
            assert_ne!(SCALAR_TAGS & 1 << tag, 0, "{v:?}");
        }
        let copy = clone_values(&scalars);
        assert_eq!(format!("{copy:?}"), format!("{scalars:?}"));
        // One non-scalar anywhere: every value cloned, its count bumped.
        let s = Rc::new(MlStr::new("shared".to_string()));
        for at in [0, 3, 39] {
            let mut list = vec![Value::Int(1); 40];
            list[at] = Value::Str(s.clone());
            let copy = clone_values(&list);
            assert_eq!(Rc::strong_count(&s), 3);
            assert_eq!(format!("{copy:?}"), format!("{list:?}"));
            drop(copy);
            assert_eq!(Rc::strong_count(&s), 2);
        }
        assert!(clone_values(&[]).is_empty());
    }

    #[test]
    fn keys_match_whatever_string_made_them() {
        let mut map = new_object();
        map.insert(
            Key::Str(Rc::new(MlStr::new("sixteen bytes!!!".to_string()))),
            Value::Int(1),
        );
        map.insert(Key::str("short"), Value::Int(2));
        let long = MlStr::concat(&MlStr::copy_of("sixteen "), &MlStr::copy_of("bytes!!!"));
        assert_eq!(map.get_index_of(&Key::Str(Rc::new(long))), Some(0));
        assert_eq!(map.get_index_of(&KeyRef::Str("short")), Some(1));
        let short = Rc::new(MlStr::concat(&MlStr::copy_of("sh"), &MlStr::copy_of("ort")));
        assert_eq!(str_key_index(&map, &short), Some(1));
    }

    #[test]
    fn member_reads_by_name_see_current_values() {
        let globals = ModuleGlobals::new(Rc::new(Globals::default()));
        globals.set("x", Value::Int(1));
        let name = Rc::new(MlStr::copy_of("x"));
        assert!(matches!(globals.get_named(&name), Some(Value::Int(1))));
        globals.set("x", Value::Int(2));
        assert!(matches!(globals.get_named(&name), Some(Value::Int(2))));
        let other = Rc::new(MlStr::copy_of("y"));
        assert!(globals.get_named(&other).is_none());
        globals.set("y", Value::Int(3));
        assert!(matches!(globals.get_named(&other), Some(Value::Int(3))));
        // Many names, each read twice.
        let names: Vec<_> = (0..40)
            .map(|i| Rc::new(MlStr::new(format!("n{i}"))))
            .collect();
        for (i, n) in names.iter().enumerate() {
            globals.set(n.as_str(), Value::Int(i as i64));
        }
        for _ in 0..2 {
            for (i, n) in names.iter().enumerate() {
                assert!(matches!(globals.get_named(n), Some(Value::Int(v)) if v == i as i64));
            }
        }
        let current = globals.current();
        let slot = current.slot("len");
        current.set_builtin_default(slot, crate::lang::builtins::lookup("len").unwrap());
        assert!(globals.get_named(&Rc::new(MlStr::copy_of("len"))).is_none());
        // A reload's new globals are read, not the old slots.
        let fresh = Globals::default();
        fresh.set("other", Value::Null);
        fresh.set("x", Value::Int(9));
        globals.replace(Rc::new(fresh));
        assert!(matches!(globals.get_named(&name), Some(Value::Int(9))));
    }

    #[test]
    fn float_layout_is_what_write_float_assumes() {
        for f in [0.0, -0.0, 1.5, f64::INFINITY, f64::MIN_POSITIVE, -1e300] {
            let mut slot = Value::Null;
            // SAFETY: the slot holds a scalar.
            unsafe { Value::write_float(&mut slot, f) };
            assert!(matches!(slot, Value::Float(x) if x.to_bits() == f.to_bits()));
        }
        let mut slot = Value::Int(3);
        // SAFETY: the slot holds a scalar.
        unsafe { Value::write_float(&mut slot, f64::NAN) };
        assert!(matches!(slot, Value::Float(x) if x.is_nan()));
    }
}
