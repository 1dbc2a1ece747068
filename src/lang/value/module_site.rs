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
        match self.cached_member(cache) {
            Some(v) => Some(v),
            None => self.find_member(name, cache),
        }
    }

    /// The member `cache` names, if its entry is for the current globals
    /// and the slot holds a value.
    #[inline(always)]
    fn cached_member(&self, cache: &SiteCache) -> Option<Value> {
        let entry = cache.get();
        // SAFETY: nothing runs while these references are held: the value
        // is cloned and they end with this function. A cell being written
        // (only while globals are swapped or stored into) fails the read.
        let globals = unsafe { self.current.try_borrow_unguarded() }.ok()?;
        if (entry >> 32) as u32 != globals.site_tag.get() {
            return None;
        }
        // SAFETY: as above.
        let values = unsafe { globals.values.try_borrow_unguarded() }.ok()?;
        match values.get(entry as u32 as usize)? {
            Value::Undef => None,
            v => Some(v.clone()),
        }
    }

    /// The member by name, remembering its slot in `cache` unless the slot
    /// is a builtin's the module merely uses (it may stop being one by
    /// assignment, which the cached read does not check).
    #[inline(never)]
    fn find_member(&self, name: &Rc<MlStr>, cache: &SiteCache) -> Option<Value> {
        let globals = self.current.borrow();
        let idx = *globals.names.borrow().get(name.as_str())?;
        let member = globals.member_at(idx, name.as_str())?;
        let tag = globals.site_tag.get();
        if let Ok(slot) = u32::try_from(idx) {
            if tag != UNCACHED && !globals.builtin_slots.borrow().contains(&idx) {
                cache.set(u64::from(tag) << 32 | u64::from(slot));
            }
        }
        Some(member)
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
