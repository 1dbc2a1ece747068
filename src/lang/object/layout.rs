//! Key layouts: the keys of an object, in order, kept apart from its values.
//!
//! Objects built the same way (one literal, or the same keys added in the
//! same order) share one immutable *shared* layout, so each such object
//! stores only a pointer to it and its values. Shared layouts form a tree
//! from the empty layout: adding a key to an object moves it to the child
//! layout for that key, made on first use. A shared layout holds at most
//! [`SMALL`] keys and no index.
//!
//! An object that deletes a key, grows past [`SMALL`] keys, or adds a key
//! when the tree is full gets a *dictionary* layout of its own instead:
//! mutable, never found through the tree, with a hash index past [`SMALL`]
//! keys, and copied on write if a cloned object still shares it.

use super::{same_key, same_str_key, spread, AsKey, SMALL};
use crate::lang::value::{Key, KeyRef, MlStr, Value};
use hashbrown::HashTable;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Children a shared layout may have. Past this many, an object adding yet
/// another key there takes a dictionary layout (keys that are data, not
/// field names, must not grow the tree without bound).
const MAX_CHILDREN: usize = 64;
/// Keys a dictionary layout keeps without spare room (see `push_key`).
const EXACT_KEYS: usize = 4;
/// Shared layouts a thread makes at most; then new key sets go to
/// dictionary layouts. Bounds the memory the tree can hold whatever the
/// program does (shared layouts live as long as the thread).
const MAX_SHARED: usize = 4096;
const _: () = assert!(MAX_SHARED < 1 << 23 && SMALL < 256);

thread_local! {
    static EMPTY: Rc<Layout> = Rc::new(Layout::shared(Vec::new()));
    static SHARED_MADE: Cell<usize> = const { Cell::new(0) };
    /// The id the next shared layout gets (ids are never reused).
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// The id of every dictionary layout: no inline cache holds it (see
/// `Object::cached_str_index`).
pub(super) const NO_ID: u32 = u32::MAX;

/// The keys of an object, in insertion order.
pub(super) struct Layout {
    /// A shared layout's number, unique on its thread and below 2^24;
    /// [`NO_ID`] for a dictionary layout.
    pub(super) id: u32,
    pub(super) keys: Vec<Key>,
    /// Positions in `keys` by key hash; only dictionary layouts past
    /// [`SMALL`] keys have one.
    pub(super) index: Option<Box<HashTable<u32>>>,
    /// Part of the shared tree (immutable) rather than one object's own.
    pub(super) shared: bool,
    /// Shared layouts only: the layout for each key added next. Boxed, as
    /// the index: a dictionary layout (one per data-keyed object) is then
    /// a pointer-sized field each instead of their whole tables.
    children: Option<Box<Children>>,
}

type Children = RefCell<Vec<(Key, Rc<Layout>)>>;

/// Copying a layout makes a dictionary layout with the same keys: what an
/// object about to change its keys needs.
impl Clone for Layout {
    fn clone(&self) -> Layout {
        Layout {
            id: NO_ID,
            keys: self.keys.clone(),
            index: self.index.clone(),
            shared: false,
            children: None,
        }
    }
}

impl Layout {
    fn shared(keys: Vec<Key>) -> Layout {
        let id = NEXT_ID
            .try_with(|n| n.replace(n.get() + 1))
            .unwrap_or(NO_ID);
        Layout {
            id,
            keys,
            index: None,
            shared: true,
            children: Some(Box::default()),
        }
    }

    /// The layout with no keys, where every new object starts.
    /// A shared layout of `keys` outside the tree of transitions, for an
    /// object literal site once the tree is full: the site's objects still
    /// share one key list (one allocation each, inline caches that hit)
    /// however many shared layouts data-keyed objects used up before. Its
    /// count is bounded by the literal sites remembered.
    pub(super) fn for_literal_site(keys: Vec<Key>) -> Option<Rc<Layout>> {
        if keys.len() > SMALL {
            return None;
        }
        Some(Rc::new(Layout::shared(keys)))
    }

    pub(super) fn empty() -> Rc<Layout> {
        EMPTY
            .try_with(Rc::clone)
            .unwrap_or_else(|_| Rc::new(Layout::shared(Vec::new())))
    }

    #[inline]
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The shared layout with this one's keys and then `key` (which this
    /// one must not have), or `None` when the object should take a
    /// dictionary layout instead.
    pub(super) fn child(&self, key: &Key) -> Option<Rc<Layout>> {
        if !self.shared || self.keys.len() >= SMALL {
            return None;
        }
        let mut children = self.children.as_ref()?.try_borrow_mut().ok()?;
        if let Some((_, next)) = children.iter().find(|(k, _)| same_child_key(k, key)) {
            return Some(next.clone());
        }
        let made = SHARED_MADE.try_with(Cell::get).ok()?;
        if children.len() >= MAX_CHILDREN || made >= MAX_SHARED {
            return None;
        }
        SHARED_MADE.with(|n| n.set(made + 1));
        let mut keys = Vec::with_capacity(self.keys.len() + 1);
        keys.extend(self.keys.iter().cloned());
        keys.push(key.clone());
        let next = Rc::new(Layout::shared(keys));
        children.push((key.clone(), next.clone()));
        Some(next)
    }

    /// Whether objects of this shared layout have had keys added (it has
    /// a child layout).
    #[inline]
    pub(super) fn has_children(&self) -> bool {
        self.children
            .as_ref()
            .is_some_and(|c| c.try_borrow().is_ok_and(|c| !c.is_empty()))
    }

    /// Whether the keys are exactly the string constants of `items` (key
    /// and value alternating), by pointer and in order: what an object
    /// literal site checks its cached layout with.
    #[inline(always)]
    pub(super) fn has_literal_keys(&self, items: &[Value]) -> bool {
        if items.len() != 2 * self.keys.len() {
            return false;
        }
        for (i, k) in self.keys.iter().enumerate() {
            let same = match (k, &items[2 * i]) {
                (Key::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b),
                _ => false,
            };
            if !same {
                return false;
            }
        }
        true
    }

    /// The position of `key` by its hash (dictionary layouts past
    /// [`SMALL`] keys).
    #[inline(never)]
    pub(super) fn hashed_index_of<Q: AsKey + ?Sized>(
        &self,
        table: &HashTable<u32>,
        key: &Q,
    ) -> Option<usize> {
        let k = key.key_ref();
        table
            .find(key.key_hash(), |&i| same_key(&self.keys[i as usize], k))
            .map(|&i| i as usize)
    }

    /// The position of string key `key` by its cached hash (dictionary
    /// layouts past [`SMALL`] keys): the same string or an equal text.
    #[inline(never)]
    pub(super) fn str_hashed_index_of(&self, table: &HashTable<u32>, key: &MlStr) -> Option<usize> {
        table
            .find(spread(key.hash_code()), |&i| {
                same_str_key(&self.keys[i as usize], key)
            })
            .map(|&i| i as usize)
    }

    /// Appends `key` to a dictionary layout, indexing it past [`SMALL`].
    pub(super) fn push_key(&mut self, key: Key) {
        debug_assert!(!self.shared);
        let i = self.keys.len();
        if let Some(table) = &mut self.index {
            let keys = &self.keys;
            table.insert_unique(key.key_hash(), i as u32, |&j| keys[j as usize].key_hash());
        }
        // A few keys (a data-keyed record) get exactly the room they use;
        // past that the list grows as vectors do.
        if i < EXACT_KEYS && self.keys.capacity() == i {
            self.keys.reserve_exact(1);
        }
        self.keys.push(key);
        if self.index.is_none() && self.keys.len() > SMALL {
            self.build_index();
        }
    }

    /// Removes the key at `i` from a dictionary layout. Small again (at
    /// half the threshold, so that a key deleted and re-added at the
    /// boundary does not rebuild every time) drops the index; otherwise
    /// positions are rebuilt.
    pub(super) fn remove_key(&mut self, i: usize) -> Key {
        debug_assert!(!self.shared);
        let key = self.keys.remove(i);
        if self.index.is_some() {
            if self.keys.len() <= SMALL / 2 {
                self.index = None;
            } else {
                self.build_index();
            }
        }
        key
    }

    /// An index over the keys, with room for `n` in all.
    pub(super) fn reserve_index(&mut self, n: usize) {
        if self.index.is_none() {
            self.keys.reserve(n.saturating_sub(self.keys.len()));
            self.index = Some(Box::new(HashTable::with_capacity(n)));
            self.rebuild_into_index();
        }
    }

    #[cold]
    fn build_index(&mut self) {
        self.index = Some(Box::new(HashTable::with_capacity(self.keys.len())));
        self.rebuild_into_index();
    }

    fn rebuild_into_index(&mut self) {
        let Some(table) = &mut self.index else {
            return;
        };
        table.clear();
        let keys = &self.keys;
        for (i, k) in keys.iter().enumerate() {
            table.insert_unique(k.key_hash(), i as u32, |&j| keys[j as usize].key_hash());
        }
    }

    /// Heap bytes a dictionary layout uses (a shared one belongs to no
    /// single object and counts nothing).
    pub(super) fn heap_bytes(&self) -> usize {
        if self.shared {
            return 0;
        }
        let index = self.index.as_ref().map_or(0, |t| {
            std::mem::size_of::<HashTable<u32>>() + t.capacity() * (std::mem::size_of::<u32>() + 1)
        });
        std::mem::size_of::<Layout>() + self.keys.capacity() * std::mem::size_of::<Key>() + index
    }
}

/// Children are found by the key's pointer first (the same field name
/// constant), then by text.
#[inline]
fn same_child_key(k: &Key, key: &Key) -> bool {
    match (k, key) {
        (Key::Str(a), Key::Str(b)) => Rc::ptr_eq(a, b) || same_key(k, KeyRef::Str(b.as_str())),
        (Key::Int(a), Key::Int(b)) => a == b,
        _ => false,
    }
}
