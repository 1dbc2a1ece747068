//! Methods of the standard library's native objects (`Pattern`, `Match`,
//! `DateTimeObject`, ...) as tables: one (name, function, help text) row per
//! method, in name order, so that the names `methods()` lists and the calls
//! that work come from one list, as string and array methods do.

use crate::lang::error::RtError;
use crate::lang::value::{NativeObject, NativeResult, Value};
use crate::lang::vm::Vm;

/// A method of native object type `T`.
pub struct Method<T: 'static> {
    pub name: &'static str,
    pub func: fn(&T, &mut Vm, &[Value]) -> NativeResult,
    /// The call form and what it does, e.g. `"count(text): ..."`.
    pub doc: &'static str,
}

pub const fn method<T>(
    name: &'static str,
    func: fn(&T, &mut Vm, &[Value]) -> NativeResult,
    doc: &'static str,
) -> Method<T> {
    Method { name, func, doc }
}

/// The names of `rows`, for `NativeObject::method_names`.
pub fn names<T>(rows: &[Method<T>]) -> Vec<&'static str> {
    rows.iter().map(|row| row.name).collect()
}

/// The help line of method `name`, for `NativeObject::method_doc`.
pub fn doc<T>(rows: &[Method<T>], name: &str) -> Option<&'static str> {
    let i = rows.binary_search_by(|row| row.name.cmp(name)).ok()?;
    Some(rows[i].doc)
}

/// Call method `name` of `this` from `rows`.
pub fn call<T: NativeObject>(
    rows: &[Method<T>],
    this: &T,
    vm: &mut Vm,
    name: &str,
    args: &[Value],
) -> NativeResult {
    match rows.binary_search_by(|row| row.name.cmp(name)) {
        Ok(i) => (rows[i].func)(this, vm, args),
        Err(_) => Err(RtError::attribute_error(format!(
            "'{}' object has no method '{name}'",
            this.type_name()
        ))),
    }
}

/// Inside `impl NativeObject for T`: `method_names`, `method_doc` and
/// `call_method`, all answered from the one table `rows`.
macro_rules! methods_from_table {
    ($rows:expr) => {
        fn method_names(&self) -> Vec<&'static str> {
            $crate::stdlib::object_methods::names($rows)
        }

        fn method_doc(&self, name: &str) -> Option<&'static str> {
            $crate::stdlib::object_methods::doc($rows, name)
        }

        fn call_method(
            &self,
            vm: &mut $crate::lang::vm::Vm,
            name: &str,
            args: &[$crate::lang::value::Value],
        ) -> $crate::lang::value::NativeResult {
            $crate::stdlib::object_methods::call($rows, self, vm, name, args)
        }
    };
}
pub(crate) use methods_from_table;

/// The checks every table must pass: names sorted (the lookup bisects) and
/// unique, each documented starting with its own call form.
#[cfg(test)]
pub fn assert_well_formed<T>(type_name: &str, rows: &[Method<T>]) {
    assert!(!rows.is_empty(), "{type_name}");
    for pair in rows.windows(2) {
        assert!(
            pair[0].name < pair[1].name,
            "{type_name}: {} then {}",
            pair[0].name,
            pair[1].name
        );
    }
    for row in rows {
        let call_form = format!("{}(", row.name);
        assert!(
            row.doc.starts_with(&call_form),
            "{type_name}.{}: {}",
            row.name,
            row.doc
        );
    }
}
