//! The storage of an ML object: its entries in insertion order.
//!
//! Most objects are small records (`{left, right}`, a point, an account)
//! whose keys are the very string constants the code reads them with. Such an
//! object is one vector of entries (two allocations with the reference
//! count around it), found by a scan that compares key pointers before
//! text, with no hashing and no index. Past
//! [`SMALL`] entries (a word count, a cache) a hash index of entry positions
//! is built next to the vector, so lookups stay O(1); it is dropped again
//! when deletions bring the object back to a small size.
//!
//! The methods mirror the subset of `IndexMap` the interpreter uses, so that
//! positions (`get_index`, `obj[i]`) mean the same: an entry's position is
//! its rank in insertion order.

use super::value::{str_hash, Key, KeyRef, MlStr, Value};
use hashbrown::HashTable;
use std::rc::Rc;

/// Entries an object holds before it gets a hash index. A scan of this many
/// keys costs less than hashing a key that is not yet hashed.
const SMALL: usize = 8;

/// One key and its value.
#[derive(Clone, Debug)]
struct Entry {
    key: Key,
    value: Value,
}

/// An ML object's keys and values, in insertion order.
#[derive(Clone, Default)]
pub struct Object {
    entries: Vec<Entry>,
    /// Positions in `entries`, by key hash; only past [`SMALL`] entries.
    index: Option<Box<HashTable<u32>>>,
}

/// Anything an object can be searched by: an owned or a borrowed key.
pub trait AsKey {
    fn key_ref(&self) -> KeyRef<'_>;
    /// The key's hash as the index uses it (a string key's is its cached
    /// text hash, spread).
    fn key_hash(&self) -> u64;
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
        Object::default()
    }

    /// An empty object with room for `n` entries.
    pub fn with_capacity(n: usize) -> Object {
        let mut obj = Object {
            entries: Vec::with_capacity(n),
            index: None,
        };
        if n > SMALL {
            obj.index = Some(Box::new(HashTable::with_capacity(n)));
        }
        obj
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a hash index is kept (for tests and memory accounting).
    pub fn is_hashed(&self) -> bool {
        self.index.is_some()
    }

    /// Heap bytes the object uses beyond its own struct.
    pub fn heap_bytes(&self) -> usize {
        let entries = self.entries.capacity() * std::mem::size_of::<Entry>();
        let index = self.index.as_ref().map_or(0, |t| {
            std::mem::size_of::<HashTable<u32>>() + t.capacity() * (std::mem::size_of::<u32>() + 1)
        });
        entries + index
    }

    /// The position of `key`, if the object has it.
    #[inline]
    pub fn get_index_of<Q: AsKey + ?Sized>(&self, key: &Q) -> Option<usize> {
        match &self.index {
            None => {
                let key = key.key_ref();
                self.entries.iter().position(|e| same_key(&e.key, key))
            }
            Some(table) => self.hashed_index_of(table, key),
        }
    }

    #[inline(never)]
    fn hashed_index_of<Q: AsKey + ?Sized>(&self, table: &HashTable<u32>, key: &Q) -> Option<usize> {
        let k = key.key_ref();
        table
            .find(key.key_hash(), |&i| {
                same_key(&self.entries[i as usize].key, k)
            })
            .map(|&i| i as usize)
    }

    /// The position of string key `key`: entries written from the same
    /// string constant are found by pointer, without reading the text.
    #[inline]
    pub fn str_index_of(&self, key: &Rc<MlStr>) -> Option<usize> {
        let scan = if self.index.is_none() {
            &self.entries[..]
        } else {
            &self.entries[..SMALL.min(self.entries.len())]
        };
        for (i, e) in scan.iter().enumerate() {
            if let Key::Str(s) = &e.key {
                if Rc::ptr_eq(s, key) {
                    return Some(i);
                }
            }
        }
        self.str_index_by_text(key)
    }

    /// [`Object::str_index_of`] past the pointer scan: a small object
    /// compares cached hashes before text (an equal text in another string
    /// is the same key), a big one asks its index.
    #[inline(never)]
    fn str_index_by_text(&self, key: &Rc<MlStr>) -> Option<usize> {
        let hash = key.hash_code();
        let text = KeyRef::Str(key.as_str());
        match &self.index {
            None => self.entries.iter().position(|e| match &e.key {
                Key::Str(s) => s.hash_code() == hash && same_key(&e.key, text),
                Key::Int(_) => false,
            }),
            Some(table) => table
                .find(spread(hash), |&i| {
                    same_key(&self.entries[i as usize].key, text)
                })
                .map(|&i| i as usize),
        }
    }

    #[inline]
    pub fn get<Q: AsKey + ?Sized>(&self, key: &Q) -> Option<&Value> {
        let i = self.get_index_of(key)?;
        Some(&self.entries[i].value)
    }

    #[inline]
    pub fn get_mut<Q: AsKey + ?Sized>(&mut self, key: &Q) -> Option<&mut Value> {
        let i = self.get_index_of(key)?;
        Some(&mut self.entries[i].value)
    }

    #[inline]
    pub fn get_index(&self, i: usize) -> Option<(&Key, &Value)> {
        self.entries.get(i).map(|e| (&e.key, &e.value))
    }

    /// Sets `key` to `value`: in place if the key exists (returning the old
    /// value), else as a new last entry.
    pub fn insert(&mut self, key: Key, value: Value) -> Option<Value> {
        let found = match &key {
            Key::Str(s) => self.str_index_of(s),
            Key::Int(_) => self.get_index_of(&key),
        };
        match found {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].value, value)),
            None => {
                self.push_new(key, value);
                None
            }
        }
    }

    /// Sets a key of an object literal. Equal keys in one literal are the
    /// same string constant (a function's constants are unique by text),
    /// so a pointer scan is the whole test for a repeated key.
    #[inline]
    pub fn insert_literal(&mut self, key: Rc<MlStr>, value: Value) {
        if self.index.is_some() {
            self.insert(Key::Str(key), value);
            return;
        }
        let found = self.entries.iter().position(|e| match &e.key {
            Key::Str(s) => Rc::ptr_eq(s, &key),
            Key::Int(_) => false,
        });
        match found {
            Some(i) => self.entries[i].value = value,
            None => self.push_new(Key::Str(key), value),
        }
    }

    /// An object literal from its operands, key and value alternating; they
    /// are moved out (`Null` is left behind). The entries are built
    /// directly at their final size: a literal is most of what makes small
    /// objects (tree nodes, records).
    pub fn from_literal(items: &mut [Value]) -> Object {
        let n = items.len() / 2;
        if n > SMALL {
            let mut obj = Object::with_capacity(n);
            for pair in items.chunks_exact_mut(2) {
                if let Ok(key) = std::mem::take(&mut pair[0]).into_str() {
                    obj.insert_literal(key, std::mem::take(&mut pair[1]));
                }
            }
            return obj;
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(n);
        for pair in items.chunks_exact_mut(2) {
            let value = std::mem::take(&mut pair[1]);
            let Ok(key) = std::mem::take(&mut pair[0]).into_str() else {
                continue;
            };
            // A repeated key is the same constant (see `insert_literal`).
            match entries
                .iter_mut()
                .find(|e| matches!(&e.key, Key::Str(s) if Rc::ptr_eq(s, &key)))
            {
                Some(e) => e.value = value,
                None => entries.push(Entry {
                    key: Key::Str(key),
                    value,
                }),
            }
        }
        Object {
            entries,
            index: None,
        }
    }

    /// Appends an entry whose key the object does not have. Inline: it is
    /// most of what building an object literal does.
    #[inline]
    fn push_new(&mut self, key: Key, value: Value) {
        let i = self.entries.len();
        if let Some(table) = &mut self.index {
            let entries = &self.entries;
            table.insert_unique(key.key_hash(), i as u32, |&j| {
                entries[j as usize].key.key_hash()
            });
        } else if i >= SMALL {
            self.entries.push(Entry { key, value });
            self.build_index();
            return;
        }
        self.entries.push(Entry { key, value });
    }

    #[cold]
    fn build_index(&mut self) {
        let mut table = HashTable::with_capacity(self.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            let entries = &self.entries;
            table.insert_unique(e.key.key_hash(), i as u32, |&j| {
                entries[j as usize].key.key_hash()
            });
        }
        self.index = Some(Box::new(table));
    }

    /// Removes `key`, keeping the order of the others (O(n), as deleting
    /// from the middle of insertion order must be).
    pub fn shift_remove<Q: AsKey + ?Sized>(&mut self, key: &Q) -> Option<Value> {
        let i = self.get_index_of(key)?;
        self.remove_at(i).map(|(_, v)| v)
    }

    fn remove_at(&mut self, i: usize) -> Option<(Key, Value)> {
        if i >= self.entries.len() {
            return None;
        }
        let e = self.entries.remove(i);
        self.reindex_after_removal();
        Some((e.key, e.value))
    }

    /// After a removal: small again (at half the threshold, so that a key
    /// deleted and re-added at the boundary does not rebuild every time)
    /// drops the index; otherwise positions are rebuilt.
    fn reindex_after_removal(&mut self) {
        if self.index.is_none() {
            return;
        }
        if self.entries.len() <= SMALL / 2 {
            self.index = None;
        } else {
            self.build_index();
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index = None;
    }

    /// Removes and returns the last entry.
    pub fn pop(&mut self) -> Option<(Key, Value)> {
        let i = self.entries.len().checked_sub(1)?;
        self.remove_at(i)
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + ExactSizeIterator + Clone {
        self.entries.iter().map(|e| &e.key)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator + Clone {
        self.entries.iter().map(|e| &e.value)
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = Value> + ExactSizeIterator {
        self.entries.into_iter().map(|e| e.value)
    }
}

/// Entries by reference, in order.
#[derive(Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Key, &'a Value);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (&e.key, &e.value))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|e| (&e.key, &e.value))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Object {
    type Item = (&'a Key, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Entries by value, in order.
pub struct IntoIter(std::vec::IntoIter<Entry>);

impl Iterator for IntoIter {
    type Item = (Key, Value);
    #[inline]
    fn next(&mut self) -> Option<(Key, Value)> {
        self.0.next().map(|e| (e.key, e.value))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<(Key, Value)> {
        self.0.next_back().map(|e| (e.key, e.value))
    }
}

impl ExactSizeIterator for IntoIter {}

impl IntoIterator for Object {
    type Item = (Key, Value);
    type IntoIter = IntoIter;
    fn into_iter(self) -> IntoIter {
        IntoIter(self.entries.into_iter())
    }
}

impl std::ops::Index<usize> for Object {
    type Output = Value;
    #[inline]
    fn index(&self, i: usize) -> &Value {
        &self.entries[i].value
    }
}

impl std::ops::IndexMut<usize> for Object {
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut Value {
        &mut self.entries[i].value
    }
}

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests;
