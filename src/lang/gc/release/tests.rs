//! Freeing deep and shared values: the nesting stays bounded and nothing
//! shared is freed with its holder.

use super::*;

#[test]
fn depth_returns_to_zero() {
    let mut v = Value::array(vec![]);
    for _ in 0..5_000 {
        v = Value::array(vec![v, Value::Int(1)]);
    }
    drop(v);
    assert_eq!(DEPTH.with(Cell::get), 0);
    assert!(DEFERRED.with(|l| l.borrow().is_empty()));
}

fn pair(a: Value, b: Value) -> Value {
    Value::object_from([("a", a), ("b", b)])
}

/// Runs `work` where recursing once per level of a deep value would
/// overflow the stack, then checks that nothing stays set aside.
fn on_small_stack(work: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            work();
            assert_eq!(DEPTH.with(Cell::get), 0);
            assert!(DEFERRED.with(|l| l.borrow().is_empty()));
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn object_chains_through_either_slot_free_on_a_small_stack() {
    on_small_stack(|| {
        let text = Value::str("text");
        let mut first = Value::Null;
        let mut second = Value::Null;
        for _ in 0..300_000 {
            first = pair(first, text.clone());
            second = pair(Value::Int(1), second);
        }
        drop((first, second));
        // Both children objects at every level: the first is freed by
        // a call, so this nests until the limit and sets values aside.
        let mut comb = Value::Null;
        for i in 0..300_000 {
            comb = pair(comb, pair(Value::Int(i), Value::Null));
        }
        drop(comb);
        // Past the inline size, and arrays between the objects.
        let mut wide = Value::Null;
        for i in 0..100_000 {
            let inner = Value::array(vec![wide, Value::Int(i)]);
            wide = Value::object_from([("x", inner), ("y", Value::Int(i)), ("z", text.clone())]);
        }
        drop(wide);
        let Value::Str(s) = &text else { unreachable!() };
        assert_eq!(Rc::strong_count(s), 1);
    });
}

#[test]
fn shared_children_outlive_the_objects_that_held_them() {
    let leaf = pair(Value::Int(1), Value::Int(2));
    let inner = pair(leaf.clone(), leaf.clone());
    let array = Value::array(vec![Value::Int(3)]);
    let mut tree = Value::Null;
    for _ in 0..1_000 {
        tree = pair(tree, pair(inner.clone(), array.clone()));
    }
    drop(tree);
    let (Value::Object(l), Value::Object(i), Value::Array(a)) = (&leaf, &inner, &array) else {
        unreachable!()
    };
    assert_eq!((ObjRef::strong_count(l), ObjRef::strong_count(i)), (3, 1));
    assert_eq!(Rc::strong_count(a), 1);
    assert_eq!(i.borrow().len(), 2);
    assert_eq!(a.borrow().len(), 1);
}
