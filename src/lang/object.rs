//! The storage of an ML object: its keys in insertion order, and a value
//! for each.
//!
//! Most objects are small records (`{left, right}`, a point, an account)
//! built the same way many times. Their keys live in a [`Layout`] shared by
//! all of them (see `layout`), so an object is a pointer to its layout and
//! its values: up to [`INLINE`] values inside the object itself (a tree node
//! is one allocation), more in a vector. Keys are found by a scan that
//! compares key pointers before text, with no hashing. Past [`SMALL`] keys
//! (a word count, a cache) an object has a layout of its own with a hash
//! index of positions, so lookups stay O(1); deleting a key also gives the
//! object its own layout.
//!
//! The methods mirror the subset of `IndexMap` the interpreter uses, so that
//! positions (`get_index`, `obj[i]`) mean the same: an entry's position is
//! its rank in insertion order.

mod cached;
pub mod cell;
mod iter;
mod layout;
mod literal;

pub use iter::{IntoIter, Iter};

/// A reference to an ML object: one counted, borrow-checked box of 48
/// bytes (see `cell`).
pub type ObjRef = cell::RcCell<Object>;

/// What an [`ObjRef`] points to: the object with its counts and borrow
/// state (`ObjRef` dereferences to it, as `Rc<RefCell<_>>` to the cell).
pub type ObjCell = cell::CellBox<Object>;

use super::value::{str_hash, Key, KeyRef, MlStr, Value};
use layout::Layout;
use std::mem::ManuallyDrop;
use std::rc::Rc;

/// Keys an object holds before it gets a hash index. A scan of this many
/// keys costs less than hashing a key that is not yet hashed.
const SMALL: usize = 8;

/// Values kept inside the object itself; more go to a vector.
const INLINE: usize = 2;

/// An object's values: inline while few (the unused slots hold `Null`),
/// else a vector holding exactly as many as the layout has keys.
#[derive(Clone)]
enum Slots {
    Inline(Inline),
    Heap(Vec<Value>),
}

/// Values kept inside the object. Dropping them tests each tag in place
/// and leaves scalars alone (a leaf's two `null`s cost two compares, not
/// two calls of `Value`'s drop glue): freeing small objects is most of
/// what allocation-heavy programs do besides making them.
#[derive(Default)]
struct Inline([ManuallyDrop<Value>; INLINE]);

impl Inline {
    fn new(values: [Value; INLINE]) -> Inline {
        Inline(values.map(ManuallyDrop::new))
    }

    /// The values, moved out.
    fn into_values(self) -> [Value; INLINE] {
        let this = ManuallyDrop::new(self);
        // SAFETY: each value is read out once and `this` is never dropped.
        unsafe { std::ptr::read(&this.0) }.map(ManuallyDrop::into_inner)
    }
}

impl std::ops::Deref for Inline {
    type Target = [Value; INLINE];
    #[inline(always)]
    fn deref(&self) -> &[Value; INLINE] {
        // SAFETY: `ManuallyDrop<Value>` has the layout of `Value`.
        unsafe { &*(self.0.as_ptr() as *const [Value; INLINE]) }
    }
}

impl std::ops::DerefMut for Inline {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Value; INLINE] {
        // SAFETY: as in `deref`; values written through it are owned by
        // `self` and dropped by its `Drop`.
        unsafe { &mut *(self.0.as_mut_ptr() as *mut [Value; INLINE]) }
    }
}

impl Clone for Inline {
    fn clone(&self) -> Inline {
        Inline::new((**self).clone())
    }
}

impl Drop for Inline {
    #[inline(always)]
    fn drop(&mut self) {
        for v in self.0.iter_mut() {
            if !v.is_scalar() {
                // SAFETY: each value is dropped once, here, and never used
                // again.
                unsafe { ManuallyDrop::drop(v) }
            }
        }
    }
}

const _: () = assert!(std::mem::size_of::<Slots>() == INLINE * std::mem::size_of::<Value>());

/// An ML object's keys and values, in insertion order.
#[derive(Clone)]
pub struct Object {
    layout: Rc<Layout>,
    slots: Slots,
}

impl Default for Object {
    fn default() -> Object {
        Object::new()
    }
}

/// Anything an object can be searched by: an owned or a borrowed key.
pub trait AsKey {
    fn key_ref(&self) -> KeyRef<'_>;
    /// The key's hash as the index uses it (a string key's is its cached
    /// text hash, spread).
    fn key_hash(&self) -> u64;
    /// The key's string when it is one held in an `Rc` (then found by
    /// [`Object::str_index_of`], pointer first and with its cached hash).
    #[inline(always)]
    fn str_key(&self) -> Option<&Rc<MlStr>> {
        None
    }
}

impl AsKey for Key {
    #[inline]
    fn key_ref(&self) -> KeyRef<'_> {
        self.as_ref()
    }
    #[inline]
    fn key_hash(&self) -> u64 {
        match self {
            Key::Int(i) => int_hash(*i),
            Key::Str(s) => spread(s.hash_code()),
        }
    }
    #[inline(always)]
    fn str_key(&self) -> Option<&Rc<MlStr>> {
        match self {
            Key::Str(s) => Some(s),
            Key::Int(_) => None,
        }
    }
}

impl AsKey for KeyRef<'_> {
    #[inline]
    fn key_ref(&self) -> KeyRef<'_> {
        *self
    }
    #[inline]
    fn key_hash(&self) -> u64 {
        match self {
            KeyRef::Int(i) => int_hash(*i),
            KeyRef::Str(s) => spread(str_hash(s)),
        }
    }
}

/// The hash table takes its control bits from the top of the hash, so the
/// 32-bit string hash is spread over the whole word.
#[inline]
fn spread(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
fn int_hash(i: i64) -> u64 {
    (i as u64 ^ 0x5851_F42D_4C95_7F2D).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Whether the stored key `k` is the string `key`: the same string, or
/// an equal text (compared as words when short, see [`MlStr::same_text`]).
#[inline(always)]
fn same_str_key(k: &Key, key: &MlStr) -> bool {
    match k {
        Key::Str(s) => std::ptr::eq(&**s, key) || s.same_text(key),
        Key::Int(_) => false,
    }
}

/// Whether the stored key `k` is `key`.
#[inline]
fn same_key(k: &Key, key: KeyRef<'_>) -> bool {
    match (k, key) {
        (Key::Str(a), KeyRef::Str(b)) => {
            let a = a.as_str();
            a.len() == b.len() && a == b
        }
        (Key::Int(a), KeyRef::Int(b)) => *a == b,
        _ => false,
    }
}

impl Object {
    pub fn new() -> Object {
        Object {
            layout: Layout::empty(),
            slots: Slots::Inline(Default::default()),
        }
    }

    /// An empty object with room for `n` entries.
    pub fn with_capacity(n: usize) -> Object {
        let mut obj = Object::new();
        if n > INLINE {
            obj.slots = Slots::Heap(Vec::with_capacity(n));
        }
        if n > SMALL {
            obj.dict_layout().reserve_index(n);
        }
        obj
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.layout.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a hash index is kept (for tests and memory accounting).
    pub fn is_hashed(&self) -> bool {
        self.layout.index.is_some()
    }

    /// Whether the keys are a layout shared with other objects (tests).
    #[cfg(test)]
    fn shares_layout_with(&self, other: &Object) -> bool {
        Rc::ptr_eq(&self.layout, &other.layout)
    }

    /// Heap bytes the object uses beyond its own struct.
    pub fn heap_bytes(&self) -> usize {
        let values = match &self.slots {
            Slots::Inline(_) => 0,
            Slots::Heap(v) => v.capacity() * std::mem::size_of::<Value>(),
        };
        values + self.layout.heap_bytes()
    }

    /// Where the values start. Inline slots hold at least as many values
    /// as the layout has keys (the layout has at most [`INLINE`] then), a
    /// vector exactly as many: every position below `len()` is a value.
    #[inline(always)]
    fn value_ptr(&self) -> *const Value {
        match &self.slots {
            Slots::Inline(items) => items.as_ptr(),
            Slots::Heap(items) => items.as_ptr(),
        }
    }

    /// The values, in order.
    #[inline]
    fn slots(&self) -> &[Value] {
        // SAFETY: `len()` values start at `value_ptr` (see there).
        unsafe { std::slice::from_raw_parts(self.value_ptr(), self.len()) }
    }

    #[inline]
    fn slots_mut(&mut self) -> &mut [Value] {
        let n = self.len();
        let start = match &mut self.slots {
            Slots::Inline(items) => items.as_mut_ptr(),
            Slots::Heap(items) => items.as_mut_ptr(),
        };
        // SAFETY: as in `slots`, borrowed mutably through `self`.
        unsafe { std::slice::from_raw_parts_mut(start, n) }
    }

    /// The object's own layout, to change its keys: a shared one (or one a
    /// clone still uses) is copied first.
    fn dict_layout(&mut self) -> &mut Layout {
        if self.layout.shared {
            self.layout = Rc::new((*self.layout).clone());
        }
        Rc::make_mut(&mut self.layout)
    }

    /// The position of `key`, if the object has it.
    #[inline]
    pub fn get_index_of<Q: AsKey + ?Sized>(&self, key: &Q) -> Option<usize> {
        if let Some(s) = key.str_key() {
            return self.str_index_of(s);
        }
        match &self.layout.index {
            None => {
                let key = key.key_ref();
                self.layout.keys.iter().position(|k| same_key(k, key))
            }
            Some(table) => self.layout.hashed_index_of(table, key),
        }
    }

    /// The position of string key `key`. In a small object, keys written
    /// from the same string constant are found by pointer, without reading
    /// the text; a big one asks its index by the key's cached hash.
    #[inline]
    pub fn str_index_of(&self, key: &Rc<MlStr>) -> Option<usize> {
        if let Some(table) = &self.layout.index {
            return self.layout.str_hashed_index_of(table, key);
        }
        for (i, k) in self.layout.keys.iter().enumerate() {
            if let Key::Str(s) = k {
                if Rc::ptr_eq(s, key) {
                    return Some(i);
                }
            }
        }
        self.str_index_by_text(key)
    }

    /// [`Object::str_index_of`] of a small object past the pointer scan:
    /// cached hashes are compared before text (an equal text in another
    /// string is the same key).
    #[inline(never)]
    fn str_index_by_text(&self, key: &Rc<MlStr>) -> Option<usize> {
        let hash = key.hash_code();
        self.layout.keys.iter().position(|k| match k {
            Key::Str(s) => s.hash_code() == hash && s.same_text(key),
            Key::Int(_) => false,
        })
    }

    /// The value of string key `key` (see [`Object::str_index_of`]).
    #[inline]
    pub fn str_value(&self, key: &Rc<MlStr>) -> Option<&Value> {
        let i = self.str_index_of(key)?;
        self.slots().get(i)
    }

    /// The value of string key `key`, to write.
    #[inline]
    pub fn str_value_mut(&mut self, key: &Rc<MlStr>) -> Option<&mut Value> {
        let i = self.str_index_of(key)?;
        self.slots_mut().get_mut(i)
    }

    #[inline]
    pub fn get<Q: AsKey + ?Sized>(&self, key: &Q) -> Option<&Value> {
        let i = self.get_index_of(key)?;
        self.slots().get(i)
    }

    #[inline]
    pub fn get_mut<Q: AsKey + ?Sized>(&mut self, key: &Q) -> Option<&mut Value> {
        let i = self.get_index_of(key)?;
        self.slots_mut().get_mut(i)
    }

    /// Whether the key at position `i` is the string `key` itself (the
    /// same pointer): an inline cache's check of its guessed position.
    #[inline(always)]
    pub fn has_str_key_at(&self, i: usize, key: &Rc<MlStr>) -> bool {
        matches!(self.layout.keys.get(i), Some(Key::Str(k)) if Rc::ptr_eq(k, key))
    }

    #[inline]
    pub fn get_index(&self, i: usize) -> Option<(&Key, &Value)> {
        Some((self.layout.keys.get(i)?, self.slots().get(i)?))
    }

    /// Sets `key` to `value`: in place if the key exists (returning the old
    /// value), else as a new last entry.
    pub fn insert(&mut self, key: Key, value: Value) -> Option<Value> {
        let found = match &key {
            Key::Str(s) => self.str_index_of(s),
            Key::Int(_) => self.get_index_of(&key),
        };
        match found {
            Some(i) => Some(std::mem::replace(&mut self.slots_mut()[i], value)),
            None => {
                self.push_new(key, value);
                None
            }
        }
    }

    /// Adds string key `key`, which the object does not have (see
    /// [`Object::str_value_mut`]), as the last entry.
    pub fn push_str_key(&mut self, key: &Rc<MlStr>, value: Value) {
        debug_assert!(self.str_index_of(key).is_none());
        self.push_new(Key::Str(key.clone()), value);
    }

    /// Appends an entry whose key the object does not have: to a shared
    /// layout's child while there is one, else to the object's own layout.
    #[inline]
    fn push_new(&mut self, key: Key, value: Value) {
        let n = self.len();
        match self.layout.child(&key) {
            Some(next) => self.layout = next,
            None => self.dict_layout().push_key(key),
        }
        match &mut self.slots {
            Slots::Inline(items) if n < INLINE => items[n] = value,
            Slots::Inline(items) => {
                let mut heap = Vec::with_capacity(2 * INLINE);
                heap.extend(items.iter_mut().map(std::mem::take));
                heap.push(value);
                self.slots = Slots::Heap(heap);
            }
            Slots::Heap(items) => items.push(value),
        }
    }

    /// Removes `key`, keeping the order of the others (O(n), as deleting
    /// from the middle of insertion order must be).
    pub fn shift_remove<Q: AsKey + ?Sized>(&mut self, key: &Q) -> Option<Value> {
        let i = self.get_index_of(key)?;
        self.remove_at(i).map(|(_, v)| v)
    }

    fn remove_at(&mut self, i: usize) -> Option<(Key, Value)> {
        let n = self.len();
        if i >= n {
            return None;
        }
        let key = self.dict_layout().remove_key(i);
        let value = match &mut self.slots {
            Slots::Inline(items) => {
                let v = std::mem::take(&mut items[i]);
                items[i..n].rotate_left(1);
                v
            }
            Slots::Heap(items) => items.remove(i),
        };
        Some((key, value))
    }

    pub fn clear(&mut self) {
        self.layout = Layout::empty();
        self.slots = Slots::Inline(Default::default());
    }

    /// Removes and returns the last entry.
    pub fn pop(&mut self) -> Option<(Key, Value)> {
        let i = self.len().checked_sub(1)?;
        self.remove_at(i)
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + ExactSizeIterator + Clone {
        self.layout.keys.iter()
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator + Clone {
        self.slots().iter()
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter {
            keys: self.layout.keys.iter(),
            values: self.slots().iter(),
        }
    }

    /// Moves the values out: what freeing an object's contents needs. An
    /// object with inline values keeps its keys, with `Null` values (no
    /// new empty object to make); one with a vector is left empty.
    pub(crate) fn take_values(&mut self) -> TakenValues {
        match &mut self.slots {
            Slots::Inline(items) => TakenValues(Slots::Inline(std::mem::take(items))),
            Slots::Heap(_) => {
                let slots = std::mem::replace(&mut self.slots, Slots::Inline(Default::default()));
                self.layout = Layout::empty();
                TakenValues(slots)
            }
        }
    }

    /// Whether any value passes `test`. Inline slots are tested whole
    /// (an unused one is `Null`), without a loop bound from the layout.
    #[inline(always)]
    pub fn any_value(&self, test: impl Fn(&Value) -> bool) -> bool {
        match &self.slots {
            Slots::Inline(items) => {
                let [a, b] = &**items;
                test(a) || test(b)
            }
            Slots::Heap(items) => items.iter().any(test),
        }
    }

    /// Gives up the layout of the object at `this` and moves its values
    /// out: inline ones as they are (unused slots hold `Null`), else the
    /// vector. What freeing a dead object's box without moving the object
    /// needs.
    ///
    /// # Safety
    /// `this` points to a valid object that is neither used nor dropped
    /// afterwards.
    #[inline(always)]
    pub(crate) unsafe fn take_apart(this: *mut Object) -> Result<[Value; INLINE], Vec<Value>> {
        // SAFETY: as the caller promises; the object is read out once.
        let Object { layout, slots } = unsafe { std::ptr::read(this) };
        drop(layout);
        match slots {
            Slots::Inline(items) => Ok(items.into_values()),
            Slots::Heap(items) => Err(items),
        }
    }

    /// The inline values of the object at `this`, in place; `None` when
    /// they are in a vector.
    ///
    /// # Safety
    /// `this` points to a valid object that nothing writes to while the
    /// reference lives (`'a` is the caller's to bound).
    #[inline(always)]
    pub(crate) unsafe fn inline_values_at<'a>(this: *const Object) -> Option<&'a [Value; INLINE]> {
        // SAFETY: as the caller promises.
        match unsafe { &(*this).slots } {
            Slots::Inline(values) => Some(values),
            Slots::Heap(_) => None,
        }
    }

    /// Gives back the layout of the object at `this`, whose values were
    /// moved out or need no drop.
    ///
    /// # Safety
    /// `this` points to a valid object that nothing borrows, and it is
    /// neither used nor dropped afterwards.
    #[inline(always)]
    pub(crate) unsafe fn drop_layout(this: *mut Object) {
        // SAFETY: as the caller promises; the layout is dropped once.
        unsafe { std::ptr::drop_in_place(&mut (*this).layout) }
    }

    /// Drops the object at `this` in place when it is a leaf, its values
    /// inline and all scalars (half the nodes of a tree): then only its
    /// layout's count is given back. `false`, with nothing done, for any
    /// other object.
    ///
    /// # Safety
    /// `this` points to a valid object that nothing borrows; after `true`
    /// it is neither used nor dropped again.
    #[inline(always)]
    pub(crate) unsafe fn drop_if_leaf(this: *mut Object) -> bool {
        // SAFETY: as the caller promises.
        let obj = unsafe { &mut *this };
        let Slots::Inline(values) = &obj.slots else {
            return false;
        };
        if !values.iter().all(Value::is_scalar) {
            return false;
        }
        // SAFETY: the values need no drop; the layout is dropped once
        // and, as the caller promises, never read again.
        unsafe { std::ptr::drop_in_place(&mut obj.layout) };
        true
    }

    /// The values, moved out into a vector holding exactly them.
    fn into_value_vec(self) -> Vec<Value> {
        let n = self.len();
        match self.slots {
            Slots::Inline(items) => items.into_values().into_iter().take(n).collect(),
            Slots::Heap(items) => items,
        }
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = Value> + ExactSizeIterator {
        self.into_value_vec().into_iter()
    }
}

/// An object's values moved out by [`Object::take_values`] (unused inline
/// slots are `Null`).
pub(crate) struct TakenValues(Slots);

impl TakenValues {
    pub(crate) fn into_vec(self) -> Vec<Value> {
        match self.0 {
            Slots::Inline(items) => items.into_values().into(),
            Slots::Heap(items) => items,
        }
    }
}

impl std::ops::Index<usize> for Object {
    type Output = Value;
    #[inline]
    fn index(&self, i: usize) -> &Value {
        &self.slots()[i]
    }
}

impl std::ops::IndexMut<usize> for Object {
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut Value {
        &mut self.slots_mut()[i]
    }
}

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests;
