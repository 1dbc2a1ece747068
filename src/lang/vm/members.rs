//! Member instructions' work outside the dispatch loop: a `recv.name(...)`
//! call on a string or array goes through [`Vm::call_method_at`], which
//! keeps the method it found in the call site's inline cache.

use super::*;
use crate::lang::value::{MlStr, SiteCache};

impl Vm {
    /// `recv.key(args)` on a string, array or native object, with the
    /// site's inline cache `cache`: a string or array method found once is
    /// called again without its lookup by name while the site's receivers
    /// keep their type.
    pub(super) fn call_method_at(
        &mut self,
        recv: &Value,
        key: &MlStr,
        args: &[Value],
        cache: &SiteCache,
    ) -> NativeResult {
        // A module member's entry (past 32 bits) is no method's.
        if let Ok(code) = u32::try_from(cache.get()) {
            if let Some(r) = methods::call_site(self, code, recv, args) {
                return r;
            }
        }
        match methods::site_code(recv, key.as_str()) {
            Some(code) => {
                cache.set(u64::from(code));
                match methods::call_site(self, code, recv, args) {
                    Some(r) => r,
                    None => self.call_method(recv, key.as_str(), args),
                }
            }
            None => self.call_method(recv, key.as_str(), args),
        }
    }
}
