//! What a reload changed: the module's functions before and after, compared
//! by their compiled bodies.
//!
//! Two versions of a function are the same when their instructions,
//! constants, parameters, captures and nested functions are the same. The
//! position table is left out, so an edit that only moves code (whitespace,
//! comments, a function added above) does not mark it changed. Global
//! variables are compared by name, not by slot number, because adding a
//! global earlier in the file renumbers every slot after it.

use crate::lang::chunk::{Capture, Constant, FuncProto, Op};
use crate::lang::value::{Closure, Globals};
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// Function names added, removed and changed by a reload, each sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl FunctionChanges {
    /// Compare the ML functions bound in a module's old and new globals.
    pub fn between(old: &Rc<Globals>, new: &Rc<Globals>) -> FunctionChanges {
        let before = functions(old);
        let after = functions(new);
        let old_names = SlotNames::of(old);
        let new_names = SlotNames::of(new);
        let mut changes = FunctionChanges::default();
        for (name, closure) in &after {
            match before.get(name) {
                None => changes.added.push(name.clone()),
                Some(previous) => {
                    let a = Body::new(previous, old, &old_names);
                    let b = Body::new(closure, new, &new_names);
                    if !a.same_as(&b) {
                        changes.changed.push(name.clone());
                    }
                }
            }
        }
        changes.removed = before
            .keys()
            .filter(|name| !after.contains_key(*name))
            .cloned()
            .collect();
        changes
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// `~changed, +added, -removed`, the form `.reload` prints.
impl fmt::Display for FunctionChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let marked = self
            .changed
            .iter()
            .map(|n| format!("~{n}"))
            .chain(self.added.iter().map(|n| format!("+{n}")))
            .chain(self.removed.iter().map(|n| format!("-{n}")));
        f.write_str(&marked.collect::<Vec<_>>().join(", "))
    }
}

fn functions(globals: &Globals) -> BTreeMap<String, Rc<Closure>> {
    globals
        .entries()
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_string(), value.into_func().ok()?)))
        .collect()
}

/// Global names by slot number, for one global scope.
#[derive(Clone)]
struct SlotNames(Vec<Option<Rc<str>>>);

impl SlotNames {
    fn of(globals: &Globals) -> SlotNames {
        let names = globals.names.borrow();
        let mut by_slot = vec![None; names.len()];
        for (name, &slot) in names.iter() {
            if let Some(entry) = by_slot.get_mut(slot) {
                *entry = Some(name.clone());
            }
        }
        SlotNames(by_slot)
    }

    fn name(&self, slot: u32) -> Option<&str> {
        self.0.get(slot as usize).and_then(|n| n.as_deref())
    }
}

/// A function's compiled code together with the names of the globals its
/// instructions refer to by slot.
struct Body<'a> {
    proto: &'a FuncProto,
    globals: std::borrow::Cow<'a, SlotNames>,
}

impl<'a> Body<'a> {
    /// A function usually runs in its module's globals; one taken from
    /// another module (`f = other.g;`) runs in that module's.
    fn new(closure: &'a Closure, module: &Rc<Globals>, module_names: &'a SlotNames) -> Body<'a> {
        let globals = if Rc::ptr_eq(&closure.globals, module) {
            std::borrow::Cow::Borrowed(module_names)
        } else {
            std::borrow::Cow::Owned(SlotNames::of(&closure.globals))
        };
        Body {
            proto: &closure.proto.proto,
            globals,
        }
    }

    fn same_as(&self, other: &Body) -> bool {
        same_proto(self.proto, &self.globals, other.proto, &other.globals)
    }
}

fn same_proto(a: &FuncProto, a_names: &SlotNames, b: &FuncProto, b_names: &SlotNames) -> bool {
    a.name == b.name
        && a.anonymous == b.anonymous
        && a.arity == b.arity
        && a.num_slots == b.num_slots
        && a.debug.names().eq(b.debug.names())
        && a.code.len() == b.code.len()
        && a.consts.len() == b.consts.len()
        && a.captures.len() == b.captures.len()
        && a.children.len() == b.children.len()
        && a.consts
            .iter()
            .zip(&b.consts)
            .all(|(x, y)| same_constant(x, y))
        && a.captures
            .iter()
            .zip(&b.captures)
            .all(|(x, y)| same_capture(*x, *y))
        && a.code
            .iter()
            .zip(&b.code)
            .all(|(x, y)| same_op(*x, a_names, *y, b_names))
        && a.children
            .iter()
            .zip(&b.children)
            .all(|(x, y)| same_proto(x, a_names, y, b_names))
}

fn same_constant(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Int(x), Constant::Int(y)) => x == y,
        // Bit equality, so that NaN equals itself and 0.0 differs from -0.0.
        (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
        (Constant::Str(x), Constant::Str(y)) => x == y,
        _ => false,
    }
}

fn same_capture(a: Capture, b: Capture) -> bool {
    match (a, b) {
        (Capture::Local(x), Capture::Local(y)) => x == y,
        (Capture::Upvalue(x), Capture::Upvalue(y)) => x == y,
        _ => false,
    }
}

/// Instructions with a global slot operand match when the slots name the
/// same global; every other instruction must be identical.
fn same_op(a: Op, a_names: &SlotNames, b: Op, b_names: &SlotNames) -> bool {
    match (a.global_operand(), b.global_operand()) {
        (Some((x, a)), Some((y, b))) => {
            a == b && a_names.name(x).is_some() && a_names.name(x) == b_names.name(y)
        }
        (None, None) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> SlotNames {
        SlotNames(list.iter().map(|n| Some(Rc::from(*n))).collect())
    }

    #[test]
    fn global_slots_compare_by_the_name_they_hold() {
        let old = names(&["a", "b"]);
        let new = names(&["b", "a"]);
        assert!(same_op(Op::LoadGlobal(0), &old, Op::LoadGlobal(1), &new));
        assert!(!same_op(Op::LoadGlobal(0), &old, Op::LoadGlobal(0), &new));
        assert!(!same_op(Op::LoadGlobal(0), &old, Op::StoreGlobal(1), &new));
        let inc = |slot, k| Op::IncGlobal { slot, k };
        assert!(same_op(inc(1, 2), &old, inc(0, 2), &new));
        assert!(!same_op(inc(1, 2), &old, inc(0, 3), &new));
        // A slot with no name is never the same global.
        assert!(!same_op(Op::LoadGlobal(5), &old, Op::LoadGlobal(5), &new));
    }

    #[test]
    fn other_instructions_must_be_identical() {
        let old = names(&["a"]);
        assert!(same_op(Op::LoadLocal(3), &old, Op::LoadLocal(3), &old));
        assert!(!same_op(Op::LoadLocal(3), &old, Op::LoadLocal(4), &old));
        assert!(!same_op(Op::LoadLocal(0), &old, Op::LoadGlobal(0), &old));
    }
}
