//! Field lookups through an instruction's inline cache: a shared layout's
//! id and the key's position, or a guessed position checked against the
//! key, so that a hit compares one word instead of searching the keys.

use super::*;
use crate::lang::value::SiteCache;

impl Object {
    /// The position of string key `key`, through an instruction's inline
    /// cache. For an object of a shared layout the cache holds the
    /// layout's id and the key's position in it (`id << 8 | position`):
    /// shared layouts never change, so a matching id is the whole test.
    /// For an object of its own layout it holds a guessed position with
    /// the top bit set, checked against the key there.
    #[inline(always)]
    pub fn cached_str_index(&self, key: &Rc<MlStr>, cache: &SiteCache) -> Option<usize> {
        if let Some(i) = self.layout_hit(cache) {
            return Some(i);
        }
        self.cached_str_index_slow(key, cache)
    }

    /// The position a cache that names this object's shared layout holds.
    #[inline(always)]
    fn layout_hit(&self, cache: &SiteCache) -> Option<usize> {
        let c = cache.get();
        if c >> 8 == u64::from(self.layout.id) {
            Some((c & 0xff) as usize)
        } else {
            None
        }
    }

    /// The value at position `i`, to write, without a bounds check.
    ///
    /// # Safety
    /// `i` is below `len()`.
    #[inline(always)]
    unsafe fn slot_unchecked(&mut self, i: usize) -> &mut Value {
        debug_assert!(i < self.len());
        let start = match &mut self.slots {
            Slots::Inline(items) => items.as_mut_ptr(),
            Slots::Heap(items) => items.as_mut_ptr(),
        };
        // SAFETY: as the caller promises.
        unsafe { &mut *start.add(i) }
    }

    /// The field `key`, through an inline cache (see
    /// [`Object::cached_str_index`]), with the key as the member
    /// instruction's constant, looked at only when the cache misses: a hit
    /// is the layout id compare alone. A constant that is not a string
    /// finds nothing.
    #[inline(always)]
    pub fn cached_field(&self, key: &Value, cache: &SiteCache) -> Option<&Value> {
        let i = self.cached_const_index(key, cache)?;
        debug_assert!(i < self.len());
        // SAFETY: positions come from this object's keys: below `len()`.
        Some(unsafe { &*self.value_ptr().add(i) })
    }

    /// The field `key` to write, with the key as in
    /// [`Object::cached_field`]: a hit costs no bounds check.
    #[inline(always)]
    pub fn cached_slot(&mut self, key: &Value, cache: &SiteCache) -> Option<&mut Value> {
        let i = self.cached_const_index(key, cache)?;
        // SAFETY: positions come from this object's keys: below `len()`.
        Some(unsafe { self.slot_unchecked(i) })
    }

    #[inline(always)]
    fn cached_const_index(&self, key: &Value, cache: &SiteCache) -> Option<usize> {
        if let Some(i) = self.layout_hit(cache) {
            return Some(i);
        }
        self.const_index_slow(key, cache)
    }

    #[inline(never)]
    fn const_index_slow(&self, key: &Value, cache: &SiteCache) -> Option<usize> {
        match key {
            Value::Str(key) => self.cached_str_index_slow(key, cache),
            _ => None,
        }
    }

    #[inline(never)]
    fn cached_str_index_slow(&self, key: &Rc<MlStr>, cache: &SiteCache) -> Option<usize> {
        const GUESS: u32 = 1 << 31;
        // A shared layout found not to have the key (shared layouts never
        // change, and a cache serves one key, its instruction's name):
        // `GUESS | id << 8 | ABSENT`, which no hit matches (ids
        // are below 2^23, positions below `SMALL`), so a hit costs what it
        // did and a miss is told here without a search. An object built
        // the same way at a site that adds a field to it gets here every
        // time. To an object of its own layout it reads as a guess that
        // its check rejects unless the key really is at that position.
        const ABSENT: u32 = 0xff;
        const _: () = assert!(SMALL < ABSENT as usize);
        let entry = cache.get();
        if self.layout.shared {
            if entry == u64::from(GUESS | self.layout.id << 8 | ABSENT) {
                return None;
            }
        } else {
            // Any other entry (a module member's too) is at worst a wrong
            // guess, which the key comparison catches.
            let c = entry as u32;
            let guess = (c & !GUESS) as usize;
            if c & GUESS != 0 && self.has_str_key_at(guess, key) {
                return Some(guess);
            }
        }
        let Some(i) = self.str_index_of(key) else {
            if self.layout.shared && self.layout.id != layout::NO_ID {
                cache.set(u64::from(GUESS | self.layout.id << 8 | ABSENT));
            }
            return None;
        };
        if self.layout.shared {
            cache.set(u64::from(self.layout.id << 8 | i as u32));
        } else if let Ok(i) = u32::try_from(i) {
            if i < GUESS {
                cache.set(u64::from(GUESS | i));
            }
        }
        Some(i)
    }
}
