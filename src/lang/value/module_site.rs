//! `module.name` through the reading instruction's inline cache, so that
//! `math.sqrt(x)` in a loop finds `sqrt` without hashing the name.
//!
//! An entry is the module's current globals' *tag* in the high 32 bits and
//! the name's slot in the low 32. A name keeps its slot for the life of one
//! `Globals`, and every `Globals` gets a tag no other one on the thread
//! ever had, so a matching tag proves the slot is right: a reload (new
//! globals swapped in), another module at the same site, or globals freed
//! and their memory reused all show up as a different tag. The entry holds
//! the slot, never the value, so a member assigned after the site was
//! cached is read as it is now.
//!
//! Tags have the top bit set; the other users of the cache (object fields,
//! string and array methods, object literals) keep their entries below
//! 2^32, so neither kind of entry can pass for the other.

use super::{MlStr, ModuleGlobals, SiteCache, Value};
use std::cell::Cell;
use std::rc::Rc;

/// Set in every tag (and so in every module member's entry).
const MODULE_ENTRY: u32 = 1 << 31;

/// The tag of globals created after the tags ran out: never written into
/// a cache, so their members are always looked up by name.
const UNCACHED: u32 = u32::MAX;

thread_local! {
    /// The number in the next tag handed out (tags are never reused).
    static NEXT_TAG: Cell<u32> = const { Cell::new(1) };
}

/// A tag no `Globals` on this thread has had: for new globals, and for
/// globals whose cached slots may no longer be members (see
/// [`Globals::set_builtin_default`]).
pub(super) fn fresh_tag() -> u32 {
    NEXT_TAG
        .try_with(|next| {
            let tag = MODULE_ENTRY | next.get();
            if tag != UNCACHED {
                next.set(next.get() + 1);
            }
            tag
        })
        .unwrap_or(UNCACHED)
}

impl ModuleGlobals {
    /// Member `name` of the current version, found through `cache` (the
    /// reading instruction's inline cache) and remembered there.
    #[inline(always)]
    pub fn member_at_site(&self, name: &Rc<MlStr>, cache: &SiteCache) -> Option<Value> {
        // SAFETY: the member is cloned before anything else runs.
        match unsafe { self.cached_member(name, cache) } {
            Some(v) => Some(v.clone()),
            // Missing, or a member not kept in caches.
            None => self.get_named(name),
        }
    }

    /// Member `name` in place, through `cache` as in
    /// [`ModuleGlobals::member_at_site`]; `None` also for the few members
    /// that are never cached (read those by name).
    ///
    /// # Safety
    /// The reference is used (read, or the value cloned) before anything
    /// else runs: no ML code, no change to these globals.
    #[inline(always)]
    pub unsafe fn cached_member(&self, name: &Rc<MlStr>, cache: &SiteCache) -> Option<&Value> {
        // SAFETY: as the caller promises.
        if let Some(v) = unsafe { self.member_in_entry(cache) } {
            return Some(v);
        }
        if !self.remember_slot(name, cache) {
            return None;
        }
        // SAFETY: as above.
        unsafe { self.member_in_entry(cache) }
    }

    /// The member `cache`'s entry names, if the entry is for the current
    /// globals and the slot holds a value.
    ///
    /// # Safety
    /// As for [`ModuleGlobals::cached_member`].
    #[inline(always)]
    unsafe fn member_in_entry(&self, cache: &SiteCache) -> Option<&Value> {
        let entry = cache.get();
        // SAFETY: the caller uses the result before anything can swap the
        // globals or write their values; a cell being written now (only
        // while globals are swapped or stored into) fails the read.
        let globals = unsafe { self.current.try_borrow_unguarded() }.ok()?;
        if (entry >> 32) as u32 != globals.site_tag.get() {
            return None;
        }
        // SAFETY: as above.
        let values = unsafe { globals.values.try_borrow_unguarded() }.ok()?;
        match values.get(entry as u32 as usize)? {
            Value::Undef => None,
            v => Some(v),
        }
    }

    /// Looks `name` up and, when it is a member, keeps its slot in `cache`;
    /// whether it did. A slot that holds a builtin the module merely uses
    /// is not kept even once assigned (assigning the builtin back makes it
    /// a non-member again, which a cached read does not check).
    #[inline(never)]
    fn remember_slot(&self, name: &Rc<MlStr>, cache: &SiteCache) -> bool {
        let globals = self.current.borrow();
        let Some(&idx) = globals.names.borrow().get(name.as_str()) else {
            return false;
        };
        let tag = globals.site_tag.get();
        let cacheable = tag != UNCACHED
            && !globals.builtin_slots.borrow().contains(&idx)
            && !matches!(globals.values.borrow().get(idx), Some(Value::Undef) | None);
        match u32::try_from(idx) {
            Ok(slot) if cacheable => {
                cache.set(u64::from(tag) << 32 | u64::from(slot));
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{new_object, Globals, Key};
    use super::*;

    fn int(v: Option<Value>) -> Option<i64> {
        match v {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        }
    }

    #[test]
    fn a_site_follows_its_slot_across_assignments_and_versions() {
        let globals = ModuleGlobals::new(Rc::new(Globals::default()));
        globals.set("x", Value::Int(1));
        let x = Rc::new(MlStr::copy_of("x"));
        let site = SiteCache::default();
        assert_eq!(int(globals.member_at_site(&x, &site)), Some(1));
        assert_ne!(site.get(), 0, "the slot is remembered");
        globals.set("x", Value::Int(2));
        assert_eq!(int(globals.member_at_site(&x, &site)), Some(2));
        // A new version with `x` at another slot.
        let fresh = Globals::default();
        fresh.set("other", Value::Int(0));
        fresh.set("x", Value::Int(9));
        globals.replace(Rc::new(fresh));
        assert_eq!(int(globals.member_at_site(&x, &site)), Some(9));
        // Another module's globals at the same site.
        let elsewhere = ModuleGlobals::new(Rc::new(Globals::default()));
        elsewhere.set("y", Value::Int(5));
        elsewhere.set("x", Value::Int(7));
        assert_eq!(int(elsewhere.member_at_site(&x, &site)), Some(7));
        assert_eq!(int(globals.member_at_site(&x, &site)), Some(9));
        // A name the other globals lack is missing, whatever the site holds.
        let y = Rc::new(MlStr::copy_of("y"));
        assert_eq!(int(elsewhere.member_at_site(&y, &site)), Some(5));
        assert!(globals.member_at_site(&y, &site).is_none());
    }

    #[test]
    fn a_slot_that_becomes_a_builtins_is_no_longer_found() {
        let globals = ModuleGlobals::new(Rc::new(Globals::default()));
        let current = globals.current();
        let slot = current.slot("len");
        current.set("len", Value::Int(3));
        let len = Rc::new(MlStr::copy_of("len"));
        let site = SiteCache::default();
        assert_eq!(int(globals.member_at_site(&len, &site)), Some(3));
        // Only an unassigned slot gets the builtin; this one is emptied
        // first to see that the site's entry is not trusted afterwards.
        current.values.borrow_mut()[slot] = Value::Undef;
        current.set_builtin_default(slot, crate::lang::builtins::lookup("len").unwrap());
        assert!(globals.member_at_site(&len, &site).is_none());
    }

    #[test]
    fn tags_are_never_handed_out_twice() {
        let a = Globals::default();
        let b = Globals::default();
        assert_ne!(a.site_tag.get(), b.site_tag.get());
        assert_ne!(a.site_tag.get() & MODULE_ENTRY, 0);
        let before = a.site_tag.get();
        let slot = a.slot("print");
        a.set_builtin_default(slot, crate::lang::builtins::lookup("print").unwrap());
        assert_ne!(a.site_tag.get(), before);
    }

    #[test]
    fn object_and_module_entries_at_one_site_are_not_confused() {
        let globals = ModuleGlobals::new(Rc::new(Globals::default()));
        globals.set("k", Value::Int(1));
        let k = Rc::new(MlStr::copy_of("k"));
        let key = Value::Str(k.clone());
        let mut obj = new_object();
        obj.insert(Key::Str(k.clone()), Value::Int(2));
        let site = SiteCache::default();
        for _ in 0..3 {
            assert_eq!(int(globals.member_at_site(&k, &site)), Some(1));
            assert!(matches!(obj.cached_field(&key, &site), Some(Value::Int(2))));
        }
    }
}
