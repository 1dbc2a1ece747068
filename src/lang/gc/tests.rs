//! The collector at the Rust level: what it frees, what it must keep.

use super::*;
use crate::lang::test_support::run_in;
use crate::lang::vm::Vm;
use std::rc::Weak;

fn items(v: &Value) -> &Rc<RefCell<Vec<Value>>> {
    match v {
        Value::Array(a) => a,
        _ => panic!("not an array"),
    }
}

/// Appends `v` to the array `to`, as every writer must (write barrier
/// first).
fn push(to: &Value, v: Value) {
    write_barrier(items(to), &v);
    items(to).borrow_mut().push(v);
}

/// `n` arrays that each hold themselves, dropped; their weak handles (made
/// after the write: a weak handle counts as registration).
fn self_arrays(n: usize) -> Vec<Weak<RefCell<Vec<Value>>>> {
    (0..n)
        .map(|i| {
            let a = Value::array(vec![Value::Int(i as i64)]);
            push(&a, a.clone());
            Rc::downgrade(items(&a))
        })
        .collect()
}

fn alive<T>(handles: &[Weak<T>]) -> usize {
    handles.iter().filter(|w| w.strong_count() > 0).count()
}

#[test]
fn dropped_cycles_are_freed_by_a_collection() {
    collect_all();
    let handles = self_arrays(100);
    assert_eq!(alive(&handles), 100, "reference counting alone keeps them");
    let before = stats();
    assert_eq!(collect_all(), 100);
    assert_eq!(alive(&handles), 0);
    let after = stats();
    assert_eq!(after.freed, before.freed + 100);
    assert_eq!(after.full_collections, before.full_collections + 1);
}

#[test]
fn cycles_still_held_are_kept_whole() {
    let a = Value::array(vec![Value::Int(1)]);
    let b = Value::object_from([("a", a.clone())]);
    push(&a, b.clone());
    drop(b);
    assert_eq!(collect_all(), 0);
    let a_items = items(&a).borrow();
    assert_eq!(a_items.len(), 2);
    let Value::Object(b) = &a_items[1] else {
        panic!("b is gone")
    };
    assert!(
        matches!(b.borrow().get(&KeyRef::Str("a")), Some(Value::Array(x)) if Rc::ptr_eq(x, items(&a)))
    );
}

#[test]
fn a_container_being_written_counts_as_held() {
    collect_all();
    let a = Value::array(vec![]);
    let b = Value::array(vec![a.clone()]);
    push(&a, b.clone());
    let (wa, wb) = (Rc::downgrade(items(&a)), Rc::downgrade(items(&b)));
    drop(b);
    {
        // Rust code in the middle of writing `a` (as a native might be
        // when a collection starts): nothing it reaches may be freed.
        let mut guard = items(&a).borrow_mut();
        drop(a.clone());
        assert_eq!(collect_all(), 0);
        guard.push(Value::Int(1));
    }
    drop(a);
    assert_eq!((wa.strong_count(), wb.strong_count()), (1, 1));
    assert_eq!(collect_all(), 2);
    assert_eq!((wa.strong_count(), wb.strong_count()), (0, 0));
}

#[test]
fn allocation_runs_collections_on_its_own() {
    collect_all();
    let before = stats();
    let handles = self_arrays(YOUNG_LIMIT * 5);
    let after = stats();
    assert!(after.collections >= before.collections + 4, "{after:?}");
    // Only those made since the last automatic collection can be left.
    assert!(alive(&handles) < YOUNG_LIMIT, "{} alive", alive(&handles));
    assert!(after.tracked <= 2 * YOUNG_LIMIT, "{after:?}");
}

/// An array registered because an (empty) array was stored into it.
fn registered_pair() -> Value {
    let pair = Value::array(vec![]);
    push(&pair, Value::array(vec![]));
    assert!(registered(&pair));
    pair
}

#[test]
fn a_dead_structure_that_grew_old_gives_its_allocations_back() {
    collect_all();
    let kept: Vec<Value> = (0..20_000).map(|_| registered_pair()).collect();
    collect_all();
    assert!(stats().tracked >= 20_000, "{:?}", stats());
    // Their handles now hold dead allocations; registering more lets the
    // collector notice and drop them, without a collection.
    drop(kept);
    let collections = stats().collections;
    let more: Vec<Value> = (0..2 * PRUNE_STEP).map(|_| registered_pair()).collect();
    let after = stats();
    assert!(after.tracked <= more.len() + PRUNE_STEP, "{after:?}");
    assert_eq!(after.collections, collections, "{after:?}");
}

#[test]
fn handles_of_containers_that_died_after_a_pruning_are_dropped() {
    collect_all();
    let collections = stats().collections;
    // Trees built and dropped one after another: each is alive when the
    // list is pruned while it is being built, dead soon after.
    for _ in 0..100 {
        let tree: Vec<Value> = (0..YOUNG_LIMIT / 8).map(|_| registered_pair()).collect();
        drop(tree);
    }
    let after = stats();
    // Nothing was cyclic: no collection ran over dead handles, and few
    // handles are left.
    assert_eq!(after.collections, collections, "{after:?}");
    assert!(after.tracked < 4 * PRUNE_STEP, "{after:?}");
}

#[test]
fn closures_cells_and_module_globals_in_cycles_are_freed() {
    let mut vm = Vm::bare(Box::new(std::io::sink()));
    let globals = Rc::new(Globals::default());
    let source = "function make(i) {\n\
                    self = {n: i};\n\
                    self.get = fn() => self.n;\n\
                    return self;\n\
                  }\n\
                  kept = make(7);\n\
                  for (i in range(50)) { make(i); }\n";
    run_in(&mut vm, &globals, source, false).unwrap();
    collect_all();
    // 50 dropped objects, each with its closure and its cell.
    let freed_before = stats().freed;
    run_in(
        &mut vm,
        &globals,
        "for (i in range(50)) { make(i); }",
        false,
    )
    .unwrap();
    assert_eq!(collect_all(), 150);
    assert_eq!(stats().freed, freed_before + 150);
    let kept = run_in(&mut vm, &globals, "kept.get();", true).unwrap();
    assert!(matches!(kept, Value::Int(7)));

    // A module's globals and functions form a cycle: once nothing else
    // holds them they go too.
    let module = Rc::downgrade(&globals);
    drop(globals);
    assert!(module.strong_count() > 0, "the cycle keeps them");
    assert!(collect_all() >= 4);
    assert_eq!(module.strong_count(), 0);
}

/// Runs `work` on a thread with a small stack: anything that recursed once
/// per level of a deeply nested value would overflow it.
fn on_small_stack(work: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(work)
        .unwrap()
        .join()
        .unwrap();
}

fn nested(depth: usize, make: impl Fn(Value) -> Value) -> Value {
    let mut v = Value::Null;
    for _ in 0..depth {
        v = make(v);
    }
    v
}

#[test]
fn deep_values_drop_compare_and_print_on_a_small_stack() {
    on_small_stack(|| {
        let array = |v| Value::array(vec![v]);
        let (a, b) = (nested(300_000, array), nested(300_000, array));
        assert!(crate::lang::ops::equals(&a, &b));
        let (Value::Array(x), Value::Array(y)) = (&a, &b) else {
            unreachable!()
        };
        assert_eq!(
            crate::lang::ops::compare(&a, &b).unwrap(),
            Some(std::cmp::Ordering::Equal)
        );
        assert!(Rc::ptr_eq(x, x) && !Rc::ptr_eq(x, y));
        assert_eq!(
            crate::lang::format::display(&a).len(),
            2 * 300_000 + "null".len()
        );
        drop((a, b));
        let object = |v| Value::object_from([("inner", v)]);
        drop(nested(300_000, object));
        // A chain of captured cells, as closures capturing closures make.
        let cell = |v| Value::Cell(Value::new_cell(v));
        drop(nested(300_000, cell));
    });
}

fn registered(v: &Value) -> bool {
    match v {
        Value::Array(a) => Rc::weak_count(a) > 0,
        Value::Object(o) => crate::lang::value::ObjRef::weak_count(o) > 0,
        _ => panic!("not an array or object"),
    }
}

#[test]
fn containers_are_registered_only_when_a_container_is_stored() {
    let words = Value::array(vec![Value::Int(1), Value::str("two"), Value::Null]);
    let leaf = Value::object_from([("left", Value::Null), ("n", Value::Float(1.5))]);
    assert!(!registered(&words) && !registered(&leaf));
    let node = Value::object_from([("left", leaf.clone()), ("right", Value::Null)]);
    assert!(!registered(&node), "made from older values: no cycle yet");
    push(&words, Value::str("more"));
    assert!(!registered(&words), "a string is no container");
    push(&words, leaf.clone());
    assert!(registered(&words));
    // The leaf holds only scalars still: nothing to register.
    assert!(!registered(&leaf));
    // A stored container that holds one is registered with its store.
    push(&words, node.clone());
    assert!(registered(&node) && !registered(&leaf));
}

/// A structure built by construction alone and then reached from a
/// registered cell (a captured variable's store has no barrier): the
/// collection registers it first, so the cycle it closes is freed.
#[test]
fn a_cycle_closed_through_a_captured_variable_is_freed() {
    collect_all();
    let cell = Value::new_cell(Value::Null);
    let inner = Value::array(vec![Value::Cell(cell.clone())]);
    let outer = Value::object_from([("inner", inner.clone()), ("n", Value::Int(1))]);
    assert!(!registered(&inner) && !registered(&outer));
    *cell.borrow_mut() = outer.clone();
    // (A weak reference to the array would count as its registration.)
    let watch = Rc::downgrade(&cell);
    drop((inner, outer, cell));
    assert_eq!(watch.strong_count(), 1, "the cycle keeps itself");
    assert_eq!(collect_all(), 3);
    assert_eq!(watch.strong_count(), 0);
}

#[test]
fn a_cycle_made_after_creation_is_freed() {
    collect_all();
    let a = Value::array(vec![Value::Int(1)]);
    let o = Value::object_from([("n", Value::Int(2))]);
    push(&a, o.clone());
    if let Value::Object(map) = &o {
        write_barrier(map, &a);
        map.borrow_mut()
            .insert(crate::lang::value::Key::str("a"), a.clone());
    }
    drop((a, o));
    assert_eq!(collect_all(), 2);
}

#[test]
fn the_edge_scan_agrees_with_is_edge_for_every_kind_of_value() {
    let globals = Rc::new(Globals::default());
    let mut vm = Vm::bare(Box::new(std::io::sink()));
    let func = run_in(&mut vm, &globals, "fn(x) => x;", true).unwrap();
    let iter = run_in(&mut vm, &globals, "iter([1]);", true).unwrap();
    let error = run_in(
        &mut vm,
        &globals,
        "e = null; try { 1 / 0; } except (x) { e = x; } e;",
        true,
    )
    .unwrap();
    let bound = run_in(&mut vm, &globals, "[].append;", true).unwrap();
    let native = run_in(&mut vm, &globals, "len;", true).unwrap();
    let kinds = [
        Value::Null,
        Value::Bool(true),
        Value::Int(-1),
        Value::Float(0.5),
        Value::str("s"),
        Value::array(vec![]),
        Value::object_from([]),
        func,
        native,
        bound,
        error,
        iter,
        Value::Undef,
        Value::Cell(Value::new_cell(Value::Null)),
    ];
    let scalars = vec![Value::Int(3); 40];
    for v in &kinds {
        let by_variant = matches!(
            v,
            Value::Array(_) | Value::Object(_) | Value::Cell(_) | Value::Func(_)
        );
        assert_eq!(is_edge(v), by_variant, "{v:?}");
        assert_eq!(any_edge(std::slice::from_ref(v)), is_edge(v), "{v:?}");
        // At any position, in a long run of scalars.
        for at in [0, 15, 16, 39] {
            let mut list = scalars.clone();
            list[at] = v.clone();
            assert_eq!(any_edge(&list), is_edge(v), "{v:?} at {at}");
        }
    }
    assert!(!any_edge(&scalars));
}
