//! What the VM needs from the program that embeds it, as two small traits
//! the layers above implement: [`Host`] answers capability questions (the
//! grants and their resource patterns live in `capabilities`), and
//! [`BuiltinModules`] supplies the modules written in Rust (the standard
//! library). The language itself names neither; a bare VM has no grants and
//! no built-in modules.

use super::error::{ErrorKind, RtError};
use super::value::Module;
use std::any::Any;
use std::rc::Rc;

/// The session's grants, as the VM and the builtins ask about them
/// (spec 3.14). `Any` lets the layer that installed a host get its own
/// type back.
pub trait Host: Any {
    /// Whether capability `name` is granted for at least some resource.
    fn is_granted(&self, name: &str) -> bool;
    /// `Ok` when `name` is granted for `resource` (a path, variable name or
    /// URL; `None` when the operation has none), else `CapabilityError`.
    fn check(&self, name: &str, resource: Option<&str>) -> Result<(), RtError>;
    /// Sorted names of the granted capabilities.
    fn granted_names(&self) -> Vec<String>;
    /// The resource patterns (as written) restricting `name`: `None` when
    /// it is not granted, empty when it covers every resource.
    fn patterns_of(&self, name: &str) -> Option<Vec<String>>;
    /// Whether code may be evaluated dynamically (bridges ask this).
    fn allow_eval(&self) -> bool;
}

/// The host of a bare VM: nothing is granted.
pub struct NoGrants;

impl Host for NoGrants {
    fn is_granted(&self, _name: &str) -> bool {
        false
    }

    fn check(&self, name: &str, _resource: Option<&str>) -> Result<(), RtError> {
        Err(RtError::new(
            ErrorKind::CapabilityError,
            format!("capability '{name}' is not granted"),
        ))
    }

    fn granted_names(&self) -> Vec<String> {
        Vec::new()
    }

    fn patterns_of(&self, _name: &str) -> Option<Vec<String>> {
        None
    }

    fn allow_eval(&self) -> bool {
        false
    }
}

/// Modules written in Rust; [`super::vm::BuiltinResolver`] makes them the
/// first link of a VM's import chain.
pub trait BuiltinModules {
    /// The names of the modules, sorted.
    fn names(&self) -> Vec<&'static str>;
    /// A fresh instance of module `name` for one VM, `None` if unknown.
    fn load(&self, name: &str) -> Option<Rc<Module>>;
}
