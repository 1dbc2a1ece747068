//! The session's grants as the VM's host: the VM asks its capability
//! questions through [`Host`], and the layers that manage grants (the
//! driver, `.grant`, the file functions) reach the [`Grants`] behind it.

use super::{normalize_name, Grant, GrantSource, Grants};
use crate::lang::error::RtError;
use crate::lang::host::Host;
use crate::lang::vm::Vm;

impl Host for Grants {
    fn is_granted(&self, name: &str) -> bool {
        Grants::is_granted(self, name)
    }

    fn check(&self, name: &str, resource: Option<&str>) -> Result<(), RtError> {
        Grants::check(self, name, resource)
    }

    fn granted_names(&self) -> Vec<String> {
        self.names()
    }

    fn patterns_of(&self, name: &str) -> Option<Vec<String>> {
        Grants::patterns_of(self, name)
    }

    fn allow_eval(&self) -> bool {
        self.allow_eval
    }
}

thread_local! {
    /// What a VM without grants answers with: nothing granted. One per
    /// thread, made once, so `Vm::grants` can always lend a reference.
    static NO_GRANTS: &'static Grants = Box::leak(Box::default());
}

impl Vm {
    /// The session's grants and security settings (none granted when the
    /// VM's host is not a [`Grants`]).
    pub fn grants(&self) -> &Grants {
        let host: &dyn std::any::Any = self.host();
        match host.downcast_ref::<Grants>() {
            Some(grants) => grants,
            None => NO_GRANTS.with(|g| *g),
        }
    }

    /// The session's grants to change; a VM whose host is not a [`Grants`]
    /// gets an empty one.
    pub fn grants_mut(&mut self) -> &mut Grants {
        let installed = (self.host() as &dyn std::any::Any).is::<Grants>();
        if !installed {
            self.set_host(Box::new(Grants::default()));
        }
        let host: &mut dyn std::any::Any = self.host_mut();
        host.downcast_mut::<Grants>()
            .expect("a Grants host was just installed")
    }

    /// Grant capability `name` for every resource (`*`: everything).
    pub fn grant(&mut self, name: &str) {
        self.grants_mut().add(Grant {
            name: normalize_name(name),
            patterns: Vec::new(),
            source: GrantSource::Host,
        });
    }
}
