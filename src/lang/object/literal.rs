//! Object literals: the layout each literal site remembers (a table the
//! sites' inline caches point into) and the objects built from a literal's
//! operands, the common small ones written straight into their box.

use super::layout::Layout;
use super::ObjRef;
use super::{Inline, Object, Slots, INLINE};
use crate::lang::value::{Key, MlStr, SiteCache, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Object literal sites whose layouts are remembered at most (each site's
/// inline cache holds a position in this table).
const MAX_LITERALS: usize = 1 << 16;

thread_local! {
    /// The layouts of object literals, by the position their site's inline
    /// cache holds (plus one). Entries are only ever added.
    static LITERALS: RefCell<LiteralTable> = const { RefCell::new(LiteralTable(Vec::new())) };
    /// Where [`LITERALS`]' entries are and how many, for reading without
    /// the table's borrow flag or its initialisation check: a literal is
    /// made far more often than a site is first seen. Set after every
    /// change of the table, emptied when it is destroyed.
    static LITERAL_VIEW: Cell<(*const Rc<Layout>, usize)> =
        const { Cell::new((std::ptr::null(), 0)) };
}

/// The literal layouts' table; destroying it (thread exit) first empties
/// the view that reads it.
struct LiteralTable(Vec<Rc<Layout>>);

impl LiteralTable {
    fn push(&mut self, layout: Rc<Layout>) {
        self.0.push(layout);
        let _ = LITERAL_VIEW.try_with(|view| view.set((self.0.as_ptr(), self.0.len())));
    }
}

impl Drop for LiteralTable {
    fn drop(&mut self) {
        let _ = LITERAL_VIEW.try_with(|view| view.set((std::ptr::null(), 0)));
    }
}

impl Object {
    /// Sets a key of an object literal. Equal keys in one literal are the
    /// same string constant (a function's constants are unique by text),
    /// so a pointer scan is the whole test for a repeated key.
    #[inline]
    pub fn insert_literal(&mut self, key: Rc<MlStr>, value: Value) {
        if self.layout.index.is_some() {
            self.insert(Key::Str(key), value);
            return;
        }
        let found = self.layout.keys.iter().position(|k| match k {
            Key::Str(s) => Rc::ptr_eq(s, &key),
            Key::Int(_) => false,
        });
        match found {
            Some(i) => self.slots_mut()[i] = value,
            None => self.push_new(Key::Str(key), value),
        }
    }

    /// An object literal from its operands, key and value alternating; they
    /// are moved out (`Null` is left behind).
    pub fn from_literal(items: &mut [Value]) -> Object {
        let mut obj = Object::with_capacity(items.len() / 2);
        for pair in items.chunks_exact_mut(2) {
            let value = std::mem::take(&mut pair[1]);
            if let Ok(key) = std::mem::take(&mut pair[0]).into_str() {
                obj.insert_literal(key, value);
            }
        }
        obj
    }

    /// [`Object::from_literal`] at a literal site whose inline cache is
    /// `site`: the layout the site made last time is taken as it is when
    /// its keys are still this literal's (they are the site's constants,
    /// so after the first time they always are), and only the values are
    /// moved in.
    #[inline(always)]
    pub fn from_literal_at(items: &mut [Value], site: &SiteCache) -> Object {
        if let Some(layout) = cached_literal(site.get()) {
            if layout.has_literal_keys(items) {
                return Object::with_literal_values(layout, items);
            }
        }
        Object::remember_literal(items, site)
    }

    /// A new object value from a literal's operands at site `site` (see
    /// [`Object::from_literal_at`]); new objects are not registered with
    /// the cycle collector (see `gc`). The common case, a site that has
    /// made objects before with at most [`INLINE`] keys (a tree node, a
    /// point), is built straight into its allocation: the values move
    /// from the operands into the new box.
    #[inline(always)]
    pub fn literal_value(items: &mut [Value], site: &SiteCache) -> Value {
        match cached_literal(site.get()) {
            Some(layout) if layout.len() <= INLINE && layout.has_literal_keys(items) => {
                Object::small_literal(layout, items)
            }
            cached => Object::other_literal(cached, items, site),
        }
    }

    /// A literal of at most [`INLINE`] keys whose layout `layout` its site
    /// remembered (`items` holds exactly its keys, each followed by its
    /// value): written straight into a new box, the values moved there as
    /// 16-byte copies, the key operands' counts given back.
    #[inline(always)]
    fn small_literal(layout: Rc<Layout>, items: &mut [Value]) -> Value {
        let n = items.len() / 2;
        debug_assert!(n <= INLINE && n == layout.len());
        let map = new_box(layout);
        // SAFETY: the box was just made with inline slots and nothing else
        // refers to it.
        let slots = unsafe { inline_slots(&map) };
        for i in 0..n.min(INLINE) {
            // SAFETY: `items` holds `2 * n` operands and the slots `INLINE`
            // values; distinct places.
            unsafe {
                drop_key(items.get_unchecked_mut(2 * i));
                move_value(items.get_unchecked_mut(2 * i + 1), &mut *slots.add(i));
            }
        }
        Value::Object(map)
    }

    /// [`Object::literal_value`] for every other case: a site seen for the
    /// first time, more than [`INLINE`] keys, keys changed.
    #[inline(never)]
    fn other_literal(cached: Option<Rc<Layout>>, items: &mut [Value], site: &SiteCache) -> Value {
        match cached {
            None => Value::object(Object::remember_literal(items, site)),
            Some(layout) => {
                drop(layout);
                Value::object(Object::from_literal_at(items, site))
            }
        }
    }

    #[inline(never)]
    fn remember_literal(items: &mut [Value], site: &SiteCache) -> Object {
        let mut obj = Object::from_literal(items);
        let whole = obj.len() * 2 == items.len();
        obj.remember_layout_at(whole, site);
        obj
    }

    /// Makes `site` remember this new literal object's layout, when
    /// `whole` (no key of the literal was repeated) and the layout can be
    /// shared.
    fn remember_layout_at(&mut self, whole: bool, site: &SiteCache) {
        let obj = self;
        if whole && !obj.layout.shared {
            // The tree of shared layouts is full (data-keyed objects used
            // it up): the site gets a shared layout of its own instead.
            if let Some(layout) = Layout::for_literal_site(obj.layout.keys.clone()) {
                obj.layout = layout;
            }
        }
        if obj.layout.shared && whole {
            let id = LITERALS.try_with(|table| {
                let mut table = table.try_borrow_mut().ok()?;
                if table.0.len() >= MAX_LITERALS {
                    return None;
                }
                table.push(obj.layout.clone());
                u32::try_from(table.0.len()).ok()
            });
            if let Ok(Some(id)) = id {
                site.set(u64::from(id));
            }
        }
    }

    /// A new object value from a literal whose keys are the distinct
    /// string constants `consts[first..first + n]` (read only the first
    /// time at a site) and whose values are the `n` values at
    /// `values`, at site `site` (see `Op::MakeObjectK`). Once the site has
    /// made an object, its layout is taken as it is (the keys are fixed
    /// at compile time, so the only test is that the layout holds `n`
    /// values) and the values are copied into the new box.
    ///
    /// # Safety
    /// `values` points to `n` valid values that are moved into the
    /// object: the caller must not use or drop them afterwards.
    #[inline(always)]
    pub unsafe fn keyed_literal_value(
        values: *const Value,
        n: usize,
        consts: &[Value],
        first: usize,
        site: &SiteCache,
    ) -> Value {
        // SAFETY: as the caller promises; on `None` nothing was moved.
        if let Some(v) = unsafe { Object::kept_small_literal(values, n, site) } {
            return v;
        }
        // SAFETY: as the caller promises.
        unsafe { Object::keyed_literal_general(values, n, consts, first, site) }
    }

    /// [`Object::keyed_literal_value`] of at most [`INLINE`] values at a
    /// site that has made one before, into a kept box (see `cell`): a
    /// tree node. Calls nothing, so the caller saves no registers for it
    /// (a function of its own cost a node made this way a call, a second
    /// lookup's setup and five saved registers, ~30 instructions). `None`,
    /// moving nothing, in any other case.
    ///
    /// # Safety
    /// As for [`Object::keyed_literal_value`].
    #[inline(always)]
    unsafe fn kept_small_literal(
        values: *const Value,
        n: usize,
        site: &SiteCache,
    ) -> Option<Value> {
        if n > INLINE {
            return None;
        }
        let entry = cached_literal_entry(site.get())?;
        // SAFETY: the entry lives as long as the thread's table (see
        // `cached_literal`); nothing runs before its layout is cloned.
        let layout = unsafe { &*entry };
        if layout.len() != n {
            return None;
        }
        // SAFETY: the whole object is written.
        let map = unsafe {
            ObjRef::new_kept_with(|place: *mut Object| {
                place.write(Object {
                    layout: layout.clone(),
                    slots: Slots::Inline(Inline::default()),
                })
            })
        }?;
        // SAFETY: as in `inline_values`: a new box with inline slots that
        // nothing else refers to, and `n` values handed over.
        unsafe { copy_inline(values, inline_slots(&map), n) };
        Some(Value::Object(map))
    }

    /// [`Object::keyed_literal_value`] in every case but
    /// [`Object::kept_small_literal`]'s.
    ///
    /// # Safety
    /// As for [`Object::keyed_literal_value`].
    #[inline(never)]
    unsafe fn keyed_literal_general(
        values: *const Value,
        n: usize,
        consts: &[Value],
        first: usize,
        site: &SiteCache,
    ) -> Value {
        match cached_literal(site.get()) {
            // SAFETY: the layout has a slot for each of the `n` values,
            // which the caller hands over.
            Some(layout) if layout.len() == n => unsafe { Object::boxed_values(layout, values) },
            // SAFETY: as the caller promises.
            cached => unsafe { Object::keyed_literal_miss(cached, values, n, consts, first, site) },
        }
    }

    /// [`Object::keyed_literal_value`] when the site has no layout of
    /// `n` keys: out of line, so that the hit path saves no registers.
    ///
    /// # Safety
    /// As for [`Object::keyed_literal_value`].
    #[cold]
    #[inline(never)]
    unsafe fn keyed_literal_miss(
        cached: Option<Rc<Layout>>,
        values: *const Value,
        n: usize,
        consts: &[Value],
        first: usize,
        site: &SiteCache,
    ) -> Value {
        drop(cached);
        let keys = consts.get(first..first + n).unwrap_or_default();
        // SAFETY: as the caller promises.
        unsafe { Object::first_keyed_literal(values, n, keys, site) }
    }

    /// A new box of layout `layout` holding its values, moved from
    /// `values`: inline ones written straight into the box, more into a
    /// vector of exactly their number.
    ///
    /// # Safety
    /// `values` points to `layout.len()` valid values, moved in.
    #[inline(always)]
    unsafe fn boxed_values(layout: Rc<Layout>, values: *const Value) -> Value {
        if layout.len() > INLINE {
            // SAFETY: as the caller promises.
            unsafe { Object::heap_values(layout, values) }
        } else {
            // SAFETY: as the caller promises.
            unsafe { Object::inline_values(layout, values) }
        }
    }

    /// [`Object::boxed_values`] of more than [`INLINE`] values. Each size
    /// has a function of its own, reached by a jump, so that the site's
    /// lookup saves no registers for either.
    ///
    /// # Safety
    /// As for [`Object::boxed_values`].
    #[inline(never)]
    unsafe fn heap_values(layout: Rc<Layout>, values: *const Value) -> Value {
        let n = layout.len();
        // Objects of this layout had keys added before (it has children
        // in the tree of shared layouts): this one likely will too, and
        // gets the room the vector's first growth would give it, without
        // the copy (an object with methods, `self.f = fn ...` after its
        // literal: ~300 instructions per object).
        let room = if layout.has_children() { 2 * n } else { n };
        let mut heap = Vec::with_capacity(room);
        // SAFETY: the `n` values move into the vector's room.
        unsafe {
            std::ptr::copy_nonoverlapping(values, heap.as_mut_ptr(), n);
            heap.set_len(n);
        }
        Value::object(Object {
            layout,
            slots: Slots::Heap(heap),
        })
    }

    /// [`Object::boxed_values`] of at most [`INLINE`] values, written
    /// straight into the box.
    ///
    /// # Safety
    /// As for [`Object::boxed_values`].
    #[inline(never)]
    unsafe fn inline_values(layout: Rc<Layout>, values: *const Value) -> Value {
        let n = layout.len();
        let map = new_box(layout);
        // SAFETY: the box was just made with inline slots and nothing else
        // refers to it; `n` is at most their number. Each count copies a
        // fixed size, which compiles to moves rather than a call of
        // `memcpy`.
        unsafe { copy_inline(values, inline_slots(&map), n) };
        Value::Object(map)
    }

    /// [`Object::keyed_literal_value`] the first time at a site (or when
    /// the site could not remember its layout): the object is built key
    /// by key and the site remembers its layout.
    ///
    /// # Safety
    /// As for [`Object::keyed_literal_value`].
    #[inline(never)]
    unsafe fn first_keyed_literal(
        values: *const Value,
        n: usize,
        keys: &[Value],
        site: &SiteCache,
    ) -> Value {
        let mut obj = Object::with_capacity(n);
        for i in 0..n {
            // SAFETY: each value is read out once, as the caller hands
            // them over.
            let value = unsafe { values.add(i).read() };
            match keys.get(i) {
                Some(Value::Str(key)) => obj.insert_literal(key.clone(), value),
                // The compiler names `n` string constants: not reached.
                _ => drop(value),
            }
        }
        let whole = obj.len() == n;
        obj.remember_layout_at(whole, site);
        Value::object(obj)
    }

    /// An object of layout `layout`, whose keys `items` holds (key and
    /// value alternating): the values are moved out, the keys dropped.
    #[inline(always)]
    fn with_literal_values(layout: Rc<Layout>, items: &mut [Value]) -> Object {
        let mut pairs = items.chunks_exact_mut(2);
        // A key is a string (the layout's keys were just compared with
        // them): dropping its `Rc` alone skips `Value`'s drop.
        let mut next = || match pairs.next() {
            Some(pair) => {
                drop(std::mem::take(&mut pair[0]).into_str());
                std::mem::take(&mut pair[1])
            }
            None => Value::Null,
        };
        let slots = if layout.len() <= INLINE {
            let first = next();
            Slots::Inline(Inline::new([first, next()]))
        } else {
            Slots::Heap((0..layout.len()).map(|_| next()).collect())
        };
        Object { layout, slots }
    }
}

/// A new object box of layout `layout` (which has at most [`INLINE`]
/// keys), its inline values all `Null`, written in place (an object built
/// on the stack first is copied into the box as a whole).
#[inline(always)]
fn new_box(layout: Rc<Layout>) -> ObjRef {
    debug_assert!(layout.len() <= INLINE);
    // SAFETY: the whole object is written.
    unsafe {
        ObjRef::new_with(|place: *mut Object| {
            place.write(Object {
                layout,
                slots: Slots::Inline(Inline::default()),
            })
        })
    }
}

/// The first inline value of a box [`new_box`] made.
///
/// # Safety
/// `map` was made by [`new_box`] and nothing else refers to it yet.
#[inline(always)]
unsafe fn inline_slots(map: &ObjRef) -> *mut Value {
    // SAFETY: as the caller promises: no other reference, inline slots.
    match unsafe { &mut (*map.as_ptr()).slots } {
        Slots::Inline(slots) => slots.as_mut_ptr(),
        Slots::Heap(_) => unsafe { std::hint::unreachable_unchecked() },
    }
}

/// Moves the `n` values at `values` into a new box's inline `slots`
/// (holding `Null`). Each count copies a fixed size, which compiles to
/// moves rather than a call of `memcpy`.
///
/// # Safety
/// `n` is at most [`INLINE`]; the values are handed over (never used or
/// dropped again by the caller); `slots` are a new box's, which nothing
/// else refers to.
#[inline(always)]
unsafe fn copy_inline(values: *const Value, slots: *mut Value, n: usize) {
    // SAFETY: as the caller promises.
    unsafe {
        match n {
            0 => {}
            1 => std::ptr::copy_nonoverlapping(values, slots, 1),
            _ => std::ptr::copy_nonoverlapping(values, slots, INLINE),
        }
    }
}

/// Moves `from` into `to`, which holds `Null`, as one 16-byte copy (a move
/// of a `Value` is compiled byte by byte around the tag), leaving `Null`.
#[inline(always)]
fn move_value(from: &mut Value, to: &mut Value) {
    debug_assert!(matches!(to, Value::Null));
    // SAFETY: both are valid, distinct values; `to` needs no drop, and
    // `from` is overwritten at once, so the moved value has one owner.
    unsafe {
        std::ptr::copy_nonoverlapping(from, to, 1);
        std::ptr::write(from, Value::Null);
    }
}

/// Drops a literal's key operand, a string the layout also holds, leaving
/// `Null`.
#[inline(always)]
fn drop_key(key: &mut Value) {
    if let Value::Str(text) = key {
        // SAFETY: the operand owns one count of `text`, given up here; the
        // slot is overwritten at once, so it is not given up twice.
        unsafe {
            Rc::decrement_strong_count(Rc::as_ptr(text));
            std::ptr::write(key, Value::Null);
        }
    }
}

/// The layout cached at a literal site (`id` is its position plus one; 0
/// means none yet).
#[inline(always)]
fn cached_literal(id: u64) -> Option<Rc<Layout>> {
    let entry = cached_literal_entry(id)?;
    // SAFETY: only cloned here (a count bump), nothing runs meanwhile.
    Some(unsafe { (*entry).clone() })
}

/// Where the layout cached at a literal site sits in the table (see
/// [`cached_literal`]): valid until the table next grows, so the caller
/// reads it before anything else runs.
#[inline(always)]
fn cached_literal_entry(id: u64) -> Option<*const Rc<Layout>> {
    let i = (id as usize).wrapping_sub(1);
    let (entries, len) = LITERAL_VIEW.try_with(Cell::get).ok()?;
    if i >= len {
        return None;
    }
    // SAFETY: the view describes the table's live entries (it is set after
    // each push and emptied when the table goes); entries are never
    // removed.
    Some(unsafe { entries.add(i) })
}
