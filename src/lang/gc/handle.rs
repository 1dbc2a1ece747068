//! The collector's handle on a registered container: one word.
//!
//! A handle is a weak reference (it keeps the container's allocation, not
//! its value), stored as the pointer `Weak::into_raw` (an object's:
//! `CellWeak::into_raw`) gives with the kind of container in the low bits,
//! which alignment leaves free. An enum of the
//! five `Weak` types would take two words; the collector keeps one handle
//! per registered container and copies the list into each collection.

use crate::lang::object::cell::{CellBox, CellWeak};
use crate::lang::value::{Closure, Globals, Object, Value};
use std::cell::RefCell;
use std::mem::{align_of, ManuallyDrop};
use std::rc::Weak;

const KIND: usize = 0b111;
const ARRAY: usize = 0;
const OBJECT: usize = 1;
const CELL: usize = 2;
const FUNC: usize = 3;
const GLOBALS: usize = 4;

const _: () = assert!(
    align_of::<RefCell<Vec<Value>>>() > KIND
        && align_of::<CellBox<Object>>() > KIND
        && align_of::<RefCell<Value>>() > KIND
        && align_of::<Closure>() > KIND
        && align_of::<Globals>() > KIND
);

/// A registered container (see the module documentation).
pub(crate) struct Tracked(usize);

/// A handle's weak reference, borrowed: dropping a view leaves the counts
/// alone.
pub(crate) enum View {
    Array(ManuallyDrop<Weak<RefCell<Vec<Value>>>>),
    Object(ManuallyDrop<CellWeak<Object>>),
    Cell(ManuallyDrop<Weak<RefCell<Value>>>),
    Func(ManuallyDrop<Weak<Closure>>),
    Globals(ManuallyDrop<Weak<Globals>>),
}

impl Tracked {
    fn new<T>(weak: Weak<T>, kind: usize) -> Tracked {
        Tracked(Weak::into_raw(weak) as usize | kind)
    }

    pub(crate) fn array(weak: Weak<RefCell<Vec<Value>>>) -> Tracked {
        Tracked::new(weak, ARRAY)
    }

    pub(crate) fn object(weak: CellWeak<Object>) -> Tracked {
        Tracked(weak.into_raw() as usize | OBJECT)
    }

    pub(crate) fn cell(weak: Weak<RefCell<Value>>) -> Tracked {
        Tracked::new(weak, CELL)
    }

    pub(crate) fn func(weak: Weak<Closure>) -> Tracked {
        Tracked::new(weak, FUNC)
    }

    pub(crate) fn globals(weak: Weak<Globals>) -> Tracked {
        Tracked::new(weak, GLOBALS)
    }

    /// The container's address: where its value lives inside the
    /// reference-counted allocation, for an object the start of its box
    /// (what `ObjRef::as_ptr` gives).
    #[inline]
    pub(crate) fn addr(&self) -> usize {
        self.0 & !KIND
    }

    #[inline]
    pub(crate) fn view(&self) -> View {
        let ptr = self.addr();
        // SAFETY: `ptr` came from `Weak::into_raw` for the kind in the low
        // bits, and this handle still owns that weak reference; a view is
        // never dropped as a `Weak`, so the reference stays owned here.
        unsafe {
            match self.0 & KIND {
                ARRAY => View::Array(ManuallyDrop::new(Weak::from_raw(ptr as *const _))),
                OBJECT => View::Object(ManuallyDrop::new(CellWeak::from_raw(ptr as *const _))),
                CELL => View::Cell(ManuallyDrop::new(Weak::from_raw(ptr as *const _))),
                FUNC => View::Func(ManuallyDrop::new(Weak::from_raw(ptr as *const _))),
                _ => View::Globals(ManuallyDrop::new(Weak::from_raw(ptr as *const _))),
            }
        }
    }

    /// Strong references to the container (zero once it is dead).
    #[inline]
    pub(crate) fn strong(&self) -> usize {
        match self.view() {
            View::Array(w) => w.strong_count(),
            View::Object(w) => w.strong_count(),
            View::Cell(w) => w.strong_count(),
            View::Func(w) => w.strong_count(),
            View::Globals(w) => w.strong_count(),
        }
    }

    /// A captured-variable cell or module globals: written without a
    /// write barrier.
    pub(crate) fn holds_unguarded_stores(&self) -> bool {
        matches!(self.0 & KIND, CELL | GLOBALS)
    }

    #[inline]
    pub(crate) fn is_alive(&self) -> bool {
        self.strong() > 0
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        // The handle's weak reference is given up: the view becomes the
        // `Weak` it was made from.
        match self.view() {
            View::Array(w) => drop(ManuallyDrop::into_inner(w)),
            View::Object(w) => drop(ManuallyDrop::into_inner(w)),
            View::Cell(w) => drop(ManuallyDrop::into_inner(w)),
            View::Func(w) => drop(ManuallyDrop::into_inner(w)),
            View::Globals(w) => drop(ManuallyDrop::into_inner(w)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_handle_is_one_word_and_keeps_exactly_one_weak_reference() {
        assert_eq!(std::mem::size_of::<Tracked>(), std::mem::size_of::<usize>());
        let array = Rc::new(RefCell::new(vec![Value::Int(1)]));
        let object = crate::lang::value::ObjRef::new(Object::new());
        let handles = [
            Tracked::array(Rc::downgrade(&array)),
            Tracked::object(crate::lang::value::ObjRef::downgrade(&object)),
        ];
        assert_eq!(
            (
                Rc::weak_count(&array),
                crate::lang::value::ObjRef::weak_count(&object)
            ),
            (1, 1)
        );
        for h in &handles {
            assert!(h.is_alive());
            assert_eq!(h.strong(), 1);
        }
        assert!(matches!(handles[0].view(), View::Array(_)));
        assert!(matches!(handles[1].view(), View::Object(_)));
        assert_eq!(handles[0].addr(), Rc::as_ptr(&array) as usize);
        drop(array);
        assert!(!handles[0].is_alive());
        assert_eq!(
            handles[1].addr(),
            crate::lang::value::ObjRef::as_ptr(&object) as usize
        );
        drop(handles);
        assert_eq!(crate::lang::value::ObjRef::weak_count(&object), 0);
    }
}
