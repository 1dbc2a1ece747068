use super::*;
use std::cell::RefCell;
use std::rc::Rc;

/// Records its name in a shared log when dropped.
struct Noisy(&'static str, Rc<RefCell<Vec<&'static str>>>);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.1.borrow_mut().push(self.0);
    }
}

#[test]
fn an_object_box_is_48_bytes() {
    use crate::lang::value::Object;
    assert_eq!(std::mem::size_of::<CellBox<Object>>(), 48);
    assert_eq!(std::mem::size_of::<RcCell<Object>>(), 8);
    assert_eq!(std::mem::size_of::<Option<RcCell<Object>>>(), 8);
}

#[test]
fn counts_follow_clones_and_drops() {
    let a = RcCell::new(5);
    assert_eq!((RcCell::strong_count(&a), RcCell::weak_count(&a)), (1, 0));
    let b = a.clone();
    let c = b.clone();
    assert_eq!(RcCell::strong_count(&a), 3);
    assert!(RcCell::ptr_eq(&a, &c));
    assert_eq!(RcCell::as_ptr(&a), RcCell::as_ptr(&b));
    assert!(!RcCell::ptr_eq(&a, &RcCell::new(5)));
    drop(b);
    assert_eq!(RcCell::strong_count(&c), 2);
    // SAFETY: `c`'s count is given up and `c` is forgotten.
    unsafe { RcCell::decrement_strong_count(RcCell::as_ptr(&c)) };
    std::mem::forget(c);
    assert_eq!(RcCell::strong_count(&a), 1);
    assert_eq!(*a.borrow(), 5);
}

#[test]
fn the_value_drops_once_with_the_last_reference() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let a = RcCell::new(Noisy("a", log.clone()));
    let b = a.clone();
    drop(a);
    assert!(log.borrow().is_empty());
    drop(b);
    assert_eq!(*log.borrow(), ["a"]);
}

#[test]
fn borrows_conflict_as_refcell_borrows_do() {
    let a = RcCell::new(vec![1, 2]);
    {
        let r1 = a.borrow();
        let r2 = a.try_borrow().expect("two readers");
        assert_eq!(r1.len() + r2.len(), 4);
        assert!(a.try_borrow_mut().is_err());
        // Clones and drops while borrowed leave the borrow alone.
        let b = a.clone();
        drop(b);
        assert!(a.try_borrow_mut().is_err());
    }
    {
        let mut w = a.borrow_mut();
        w.push(3);
        assert!(a.try_borrow().is_err());
        assert!(a.try_borrow_mut().is_err());
        // SAFETY: the reference is not used.
        assert!(unsafe { a.try_borrow_unguarded() }.is_err());
        let b = a.clone();
        assert_eq!(RcCell::strong_count(&b), 2);
        drop(b);
        assert!(a.try_borrow().is_err());
    }
    assert_eq!(*a.borrow(), [1, 2, 3]);
    // SAFETY: no mutable borrow is taken while `seen` is used.
    let seen = unsafe { a.try_borrow_unguarded() }.expect("not written");
    assert_eq!(seen.len(), 3);
    assert!(a.try_borrow_mut().is_ok());
    assert_eq!(RcCell::strong_count(&a), 1);
}

#[test]
fn a_failed_borrow_panics_with_refcells_messages() {
    let a = RcCell::new(0);
    let w = a.borrow_mut();
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| *a.borrow()));
    let message = read.expect_err("read while written");
    assert_eq!(
        message.downcast_ref::<&str>(),
        Some(&"already mutably borrowed: BorrowError")
    );
    drop(w);
    let r = a.borrow();
    let write = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| *a.borrow_mut() = 1));
    let message = write.expect_err("written while read");
    assert_eq!(
        message.downcast_ref::<&str>(),
        Some(&"already borrowed: BorrowMutError")
    );
    drop(r);
    *a.borrow_mut() = 2;
    assert_eq!(*a.borrow(), 2);
}

#[test]
fn a_panic_inside_a_borrow_releases_it() {
    let a = RcCell::new(vec![0]);
    let b = a.clone();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut w = b.borrow_mut();
        w.push(1);
        panic!("inside");
    }));
    assert!(outcome.is_err());
    assert_eq!(*a.borrow(), [0, 1]);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _r = b.borrow();
        panic!("inside");
    }));
    assert!(outcome.is_err());
    assert!(a.try_borrow_mut().is_ok());
    drop(b);
    assert_eq!(RcCell::strong_count(&a), 1);
}

#[test]
fn a_weak_reference_keeps_the_allocation_not_the_value() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let a = RcCell::new(Noisy("a", log.clone()));
    let weak = RcCell::downgrade(&a);
    assert_eq!((RcCell::strong_count(&a), RcCell::weak_count(&a)), (1, 1));
    assert_eq!(weak.as_ptr(), RcCell::as_ptr(&a));
    let again = weak.upgrade().expect("alive");
    assert_eq!(weak.strong_count(), 2);
    drop(again);
    drop(a);
    assert_eq!(*log.borrow(), ["a"]);
    assert_eq!(weak.strong_count(), 0);
    assert!(weak.upgrade().is_none());
    // The allocation goes with the weak reference (checked by Miri and
    // the sanitizers; here: no crash, no second drop).
    drop(weak);
    assert_eq!(log.borrow().len(), 1);
}

#[test]
fn a_weak_reference_given_up_first_leaves_the_value_alone() {
    let a = RcCell::new(7);
    let raw = RcCell::downgrade(&a).into_raw();
    assert_eq!(RcCell::weak_count(&a), 1);
    // SAFETY: taken back once.
    drop(unsafe { CellWeak::from_raw(raw) });
    assert_eq!((RcCell::strong_count(&a), RcCell::weak_count(&a)), (1, 0));
    assert_eq!(*a.borrow(), 7);
}

#[test]
fn freeing_a_moved_out_value_skips_its_drop() {
    let log = Rc::new(RefCell::new(Vec::new()));
    for tracked in [false, true] {
        let a = RcCell::new(Noisy("moved", log.clone()));
        let weak = tracked.then(|| RcCell::downgrade(&a));
        // SAFETY: the value is read out once, and the box freed without
        // dropping it.
        let value = unsafe { std::ptr::read(a.as_ptr()) };
        unsafe { RcCell::free_moved_out(a) };
        assert!(log.borrow().is_empty());
        if let Some(weak) = &weak {
            assert_eq!(weak.strong_count(), 0);
        }
        drop(value);
        assert_eq!(log.borrow_mut().drain(..).count(), 1);
    }
}

#[test]
fn values_drop_in_order_inside_a_tree_of_boxes() {
    #[expect(dead_code, reason = "the fields are held for their drops")]
    struct Node(Noisy, Option<RcCell<Node>>);
    let log = Rc::new(RefCell::new(Vec::new()));
    let leaf = RcCell::new(Node(Noisy("leaf", log.clone()), None));
    let root = RcCell::new(Node(Noisy("root", log.clone()), Some(leaf.clone())));
    drop(leaf);
    assert!(log.borrow().is_empty());
    drop(root);
    assert_eq!(*log.borrow(), ["root", "leaf"]);
}

#[test]
fn a_value_dropping_the_last_weak_reference_to_its_own_box_is_safe() {
    // The value's drop runs with the box's own weak reference held, so a
    // weak reference dropped meanwhile cannot free the box under it.
    struct HoldsWeak(Option<CellWeak<HoldsWeak>>);
    let a = RcCell::new(HoldsWeak(None));
    let weak = RcCell::downgrade(&a);
    a.borrow_mut().0 = Some(weak);
    drop(a);
}

#[test]
fn borrows_and_weak_references_do_not_disturb_the_count() {
    let a = RcCell::new(1);
    let weak = RcCell::downgrade(&a);
    let readers: Vec<_> = (0..1000).map(|_| a.borrow()).collect();
    let clones: Vec<_> = (0..1000).map(|_| a.clone()).collect();
    assert_eq!(RcCell::strong_count(&a), 1001);
    assert_eq!(RcCell::weak_count(&a), 1);
    drop(readers);
    assert!(a.try_borrow_mut().is_ok());
    drop(clones);
    assert_eq!(RcCell::strong_count(&a), 1);
    assert_eq!(weak.strong_count(), 1);
}

#[test]
fn the_largest_number_of_readers_refuses_one_more() {
    let a = RcCell::new(0);
    let readers = WRITING / READ_ONE - 1;
    // Set the count as if that many guards were alive (making them one by
    // one would take minutes), then ask for one more.
    let state = &a.state;
    state.set(state.get() + readers * READ_ONE);
    assert!(a.try_borrow().is_err());
    assert!(a.try_borrow_mut().is_err());
    state.set(state.get() - readers * READ_ONE);
    assert!(a.try_borrow_mut().is_ok());
}

#[test]
fn freed_object_boxes_are_kept_up_to_a_bound_and_reused() {
    use crate::lang::value::Object;
    std::thread::spawn(|| {
        let boxes: Vec<RcCell<Object>> = (0..3000).map(|_| RcCell::new(Object::new())).collect();
        let addresses: Vec<_> = boxes.iter().map(RcCell::as_ptr).collect();
        drop(boxes);
        assert_eq!(spare::kept(), 1024);
        // The last kept is handed out first, and holds a fresh object.
        let again = RcCell::new(Object::new());
        assert_eq!(spare::kept(), 1023);
        assert!(addresses.contains(&RcCell::as_ptr(&again)));
        assert_eq!(again.borrow().len(), 0);
        assert_eq!(
            (RcCell::strong_count(&again), RcCell::weak_count(&again)),
            (1, 0)
        );
        // A box a weak handle keeps goes back to the allocator when the
        // handle goes, not onto the list.
        let weak = RcCell::downgrade(&again);
        drop(again);
        assert_eq!(spare::kept(), 1023);
        drop(weak);
        assert_eq!(spare::kept(), 1023);
        drop(RcCell::new(Object::new()));
        assert_eq!(spare::kept(), 1023);
    })
    .join()
    .unwrap();
}

#[test]
fn a_box_made_only_from_the_kept_ones_takes_one_or_touches_nothing() {
    use crate::lang::value::Object;
    std::thread::spawn(|| {
        // Nothing kept yet on a new thread: nothing is made, nothing taken.
        // SAFETY (each): the closure writes the whole object.
        let none = unsafe { RcCell::new_kept_with(|p: *mut Object| p.write(Object::new())) };
        assert!(none.is_none());
        assert_eq!(spare::kept(), 0);
        let boxes: Vec<RcCell<Object>> = (0..3).map(|_| RcCell::new(Object::new())).collect();
        let addresses: Vec<_> = boxes.iter().map(RcCell::as_ptr).collect();
        drop(boxes);
        assert_eq!(spare::kept(), 3);
        let made = unsafe { RcCell::new_kept_with(|p: *mut Object| p.write(Object::new())) }
            .expect("a kept box");
        assert_eq!(spare::kept(), 2);
        assert!(addresses.contains(&RcCell::as_ptr(&made)));
        assert_eq!(
            (RcCell::strong_count(&made), RcCell::weak_count(&made)),
            (1, 0)
        );
        assert!(made.try_borrow_mut().is_ok());
        drop(made);
        assert_eq!(spare::kept(), 3);
        // Boxes of another size are never kept: always `None`.
        let other = unsafe { RcCell::new_kept_with(|p: *mut u64| p.write(7)) };
        assert!(other.is_none());
        assert_eq!(spare::kept(), 3);
    })
    .join()
    .unwrap();
}
