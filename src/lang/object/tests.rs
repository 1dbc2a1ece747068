use super::*;
use std::cell::Cell;

fn skey(s: &str) -> Key {
    Key::str(s)
}

fn int_of(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

fn key_texts(obj: &Object) -> Vec<String> {
    obj.keys()
        .map(|k| match k {
            Key::Int(i) => format!("#{i}"),
            Key::Str(s) => s.as_str().to_string(),
        })
        .collect()
}

/// An object with string keys k0..k{n-1}, values 0..n-1.
fn numbered(n: usize) -> Object {
    let mut obj = Object::new();
    for i in 0..n {
        obj.insert(skey(&format!("k{i}")), Value::Int(i as i64));
    }
    obj
}

#[test]
fn grows_into_hashed_mode_and_finds_every_key() {
    let mut obj = numbered(SMALL);
    assert!(!obj.is_hashed());
    obj.insert(skey("extra"), Value::Int(99));
    assert!(obj.is_hashed());
    for i in 0..SMALL {
        let k = format!("k{i}");
        assert_eq!(int_of(obj.get(&KeyRef::Str(&k))), Some(i as i64));
    }
    assert_eq!(int_of(obj.get(&KeyRef::Str("extra"))), Some(99));
    assert!(obj.get(&KeyRef::Str("absent")).is_none());
    assert_eq!(obj.get_index_of(&KeyRef::Str("extra")), Some(SMALL));
}

#[test]
fn thousands_of_keys_keep_order_and_lookups() {
    let obj = numbered(5_000);
    assert!(obj.is_hashed());
    assert_eq!(obj.len(), 5_000);
    for (i, (k, v)) in obj.iter().enumerate() {
        assert_eq!(k.as_ref().to_string_for_test(), format!("k{i}"));
        assert_eq!(int_of(Some(v)), Some(i as i64));
    }
    assert_eq!(obj.get_index_of(&KeyRef::Str("k4321")), Some(4321));
}

#[test]
fn back_to_small_after_deletions_and_still_correct() {
    let mut obj = numbered(SMALL + 4);
    assert!(obj.is_hashed());
    for i in 0..SMALL {
        let k = format!("k{i}");
        assert_eq!(
            int_of(obj.shift_remove(&KeyRef::Str(&k)).as_ref()),
            Some(i as i64)
        );
    }
    assert!(!obj.is_hashed());
    assert_eq!(
        key_texts(&obj),
        (SMALL..SMALL + 4)
            .map(|i| format!("k{i}"))
            .collect::<Vec<_>>()
    );
    for i in SMALL..SMALL + 4 {
        assert_eq!(
            int_of(obj.get(&KeyRef::Str(&format!("k{i}")))),
            Some(i as i64)
        );
    }
    // And grows again.
    for i in 0..SMALL {
        obj.insert(skey(&format!("n{i}")), Value::Int(-1));
    }
    assert!(obj.is_hashed());
    assert_eq!(obj.get_index_of(&KeyRef::Str("n7")), Some(4 + 7));
    assert_eq!(obj.get_index_of(&KeyRef::Str("k0")), None);
}

#[test]
fn deletion_in_hashed_mode_shifts_positions() {
    let mut obj = numbered(20);
    assert!(obj.shift_remove(&KeyRef::Str("k3")).is_some());
    assert!(obj.is_hashed());
    assert_eq!(obj.get_index_of(&KeyRef::Str("k4")), Some(3));
    assert_eq!(obj.get_index_of(&KeyRef::Str("k19")), Some(18));
    assert!(obj.shift_remove(&KeyRef::Str("k3")).is_none());
    assert_eq!(obj.len(), 19);
}

#[test]
fn int_and_string_keys_are_distinct() {
    for n in [0, SMALL + 1] {
        let mut obj = numbered(n);
        obj.insert(Key::Int(1), Value::Int(10));
        obj.insert(skey("1"), Value::Int(20));
        assert_eq!(int_of(obj.get(&KeyRef::Int(1))), Some(10));
        assert_eq!(int_of(obj.get(&KeyRef::Str("1"))), Some(20));
        assert_eq!(obj.len(), n + 2);
        obj.shift_remove(&Key::Int(1));
        assert!(obj.get(&KeyRef::Int(1)).is_none());
        assert_eq!(int_of(obj.get(&KeyRef::Str("1"))), Some(20));
    }
}

#[test]
fn order_after_delete_and_reinsert() {
    for n in [3, SMALL + 3] {
        let mut obj = numbered(n);
        obj.shift_remove(&KeyRef::Str("k0"));
        obj.insert(skey("k0"), Value::Int(7));
        let mut want: Vec<String> = (1..n).map(|i| format!("k{i}")).collect();
        want.push("k0".into());
        assert_eq!(key_texts(&obj), want);
        // Overwriting keeps the position.
        obj.insert(skey("k1"), Value::Int(8));
        assert_eq!(key_texts(&obj), want);
        assert_eq!(int_of(obj.get(&KeyRef::Str("k1"))), Some(8));
    }
}

#[test]
fn equal_text_in_another_string_is_the_same_key() {
    for n in [2, SMALL + 2] {
        let mut obj = numbered(n);
        let stored = Rc::new(MlStr::copy_of("name"));
        obj.insert(Key::Str(stored.clone()), Value::Int(1));
        let other = Rc::new(MlStr::copy_of("name"));
        assert!(!Rc::ptr_eq(&stored, &other));
        assert_eq!(obj.str_index_of(&other), Some(n));
        assert_eq!(obj.str_index_of(&stored), Some(n));
        assert!(obj.insert(Key::Str(other), Value::Int(2)).is_some());
        assert_eq!(obj.len(), n + 1);
        let absent = Rc::new(MlStr::copy_of("nam"));
        assert_eq!(obj.str_index_of(&absent), None);
    }
}

#[test]
fn deletions_and_pop_keep_the_index_right() {
    let mut obj = numbered(30);
    for i in (0..30).filter(|i| i % 3 != 0) {
        assert!(obj.shift_remove(&KeyRef::Str(&format!("k{i}"))).is_some());
    }
    assert_eq!(obj.len(), 10);
    assert_eq!(obj.get_index_of(&KeyRef::Str("k27")), Some(9));
    assert!(obj.is_hashed());
    let (k, _) = obj.pop().unwrap();
    assert_eq!(k.as_ref().to_string_for_test(), "k27");
    assert_eq!(obj.get_index_of(&KeyRef::Str("k27")), None);
    while obj.pop().is_some() {}
    assert!(obj.is_empty() && !obj.is_hashed());
    obj.insert(skey("again"), Value::Int(1));
    assert_eq!(obj.get_index_of(&KeyRef::Str("again")), Some(0));
}

#[test]
fn with_capacity_beyond_small_starts_hashed() {
    let mut obj = Object::with_capacity(100);
    obj.insert(skey("a"), Value::Int(1));
    obj.insert(skey("a"), Value::Int(2));
    assert_eq!(obj.len(), 1);
    assert_eq!(int_of(obj.get(&KeyRef::Str("a"))), Some(2));
}

impl KeyRef<'_> {
    fn to_string_for_test(self) -> String {
        match self {
            KeyRef::Int(i) => format!("#{i}"),
            KeyRef::Str(s) => s.to_string(),
        }
    }
}

#[test]
fn clone_is_independent_and_into_values_keeps_order() {
    let mut obj = Object::new();
    obj.insert(skey("a"), Value::Int(1));
    obj.insert(skey("b"), Value::Int(2));
    let two = obj.clone();
    obj.insert(skey("c"), Value::Int(3));
    assert_eq!(key_texts(&two), ["a", "b"]);
    assert_eq!(key_texts(&obj), ["a", "b", "c"]);
    let values: Vec<i64> = obj
        .into_values()
        .map(|v| int_of(Some(&v)).unwrap())
        .collect();
    assert_eq!(values, [1, 2, 3]);
}

#[test]
fn a_literal_keeps_the_first_position_and_last_value_of_a_repeated_key() {
    let (a, b) = (Rc::new(MlStr::copy_of("a")), Rc::new(MlStr::copy_of("b")));
    let mut items = vec![
        Value::Str(a.clone()),
        Value::Int(1),
        Value::Str(b),
        Value::Int(2),
        Value::Str(a),
        Value::Int(3),
    ];
    let obj = Object::from_literal(&mut items);
    assert_eq!(key_texts(&obj), ["a", "b"]);
    assert_eq!(int_of(obj.get(&KeyRef::Str("a"))), Some(3));
    assert!(!obj.is_hashed());
    let mut big: Vec<Value> = (0..2 * (SMALL + 2))
        .map(|i| match i % 2 {
            0 => Value::str(&format!("k{}", i / 2)),
            _ => Value::Int(i as i64 / 2),
        })
        .collect();
    let obj = Object::from_literal(&mut big);
    assert!(obj.is_hashed());
    assert_eq!(obj.len(), SMALL + 2);
    assert_eq!(int_of(obj.get(&KeyRef::Str("k9"))), Some(9));
}

/// Operands of an object literal `{k: v, ...}` from key constants.
fn literal_items(keys: &[&Rc<MlStr>], first: i64) -> Vec<Value> {
    keys.iter()
        .enumerate()
        .flat_map(|(i, k)| [Value::Str((*k).clone()), Value::Int(first + i as i64)])
        .collect()
}

#[test]
fn objects_built_alike_share_one_layout() {
    let (x, y) = (Rc::new(MlStr::copy_of("x")), Rc::new(MlStr::copy_of("y")));
    let mut a = Object::new();
    a.insert(Key::Str(x.clone()), Value::Int(1));
    a.insert(Key::Str(y.clone()), Value::Int(2));
    let mut b = Object::new();
    b.insert(Key::Str(x.clone()), Value::Int(3));
    b.insert(Key::Str(y.clone()), Value::Int(4));
    assert!(a.shares_layout_with(&b));
    // A literal with the same keys lands in the same layout too.
    let c = Object::from_literal(&mut literal_items(&[&x, &y], 5));
    assert!(c.shares_layout_with(&a));
    // Another order is another layout, with its own positions.
    let mut d = Object::new();
    d.insert(Key::Str(y.clone()), Value::Int(7));
    d.insert(Key::Str(x.clone()), Value::Int(8));
    assert!(!d.shares_layout_with(&a));
    assert_eq!(key_texts(&d), ["y", "x"]);
    assert_eq!(d.get_index_of(&KeyRef::Str("x")), Some(1));
    assert_eq!(int_of(d.get(&KeyRef::Str("x"))), Some(8));
    assert_eq!(int_of(b.get(&KeyRef::Str("y"))), Some(4));
    assert_eq!(int_of(c.get(&KeyRef::Str("y"))), Some(6));
}

#[test]
fn a_literal_site_reuses_its_layout_and_checks_its_keys() {
    let (l, r) = (Rc::new(MlStr::copy_of("l")), Rc::new(MlStr::copy_of("r")));
    let site = Cell::new(0);
    let first = Object::from_literal_at(&mut literal_items(&[&l, &r], 1), &site);
    assert_ne!(site.get(), 0);
    let second = Object::from_literal_at(&mut literal_items(&[&l, &r], 3), &site);
    assert!(second.shares_layout_with(&first));
    assert_eq!(int_of(second.get(&KeyRef::Str("r"))), Some(4));
    // The same cache seen with other keys (it is only a guess) still
    // builds the right object.
    let z = Rc::new(MlStr::copy_of("z"));
    let other = Object::from_literal_at(&mut literal_items(&[&l, &r, &z], 10), &site);
    assert_eq!(key_texts(&other), ["l", "r", "z"]);
    assert_eq!(int_of(other.get(&KeyRef::Str("z"))), Some(12));
    let fewer = Object::from_literal_at(&mut literal_items(&[&l], 20), &site);
    assert_eq!(key_texts(&fewer), ["l"]);
    assert_eq!(int_of(fewer.get(&KeyRef::Str("l"))), Some(20));
}

#[test]
fn changing_one_object_leaves_the_others_of_its_layout_alone() {
    let (x, y) = (Rc::new(MlStr::copy_of("x")), Rc::new(MlStr::copy_of("y")));
    let a = Object::from_literal(&mut literal_items(&[&x, &y], 1));
    let mut b = Object::from_literal(&mut literal_items(&[&x, &y], 1));
    let mut c = Object::from_literal(&mut literal_items(&[&x, &y], 1));
    b.shift_remove(&KeyRef::Str("x"));
    assert_eq!(key_texts(&b), ["y"]);
    assert_eq!(b.get_index_of(&KeyRef::Str("y")), Some(0));
    assert_eq!(int_of(b.get(&KeyRef::Str("y"))), Some(2));
    c.insert(skey("z"), Value::Int(3));
    c.insert(Key::Int(4), Value::Int(4));
    assert_eq!(key_texts(&c), ["x", "y", "z", "#4"]);
    assert_eq!(key_texts(&a), ["x", "y"]);
    assert_eq!(int_of(a.get(&KeyRef::Str("x"))), Some(1));
    // Deleted-from objects still grow, shrink and find keys.
    b.insert(skey("x"), Value::Int(9));
    assert_eq!(key_texts(&b), ["y", "x"]);
    assert_eq!(
        b.pop().map(|(k, _)| k.as_ref().to_string_for_test()),
        Some("x".into())
    );
    assert_eq!(
        b.pop().map(|(k, _)| k.as_ref().to_string_for_test()),
        Some("y".into())
    );
    assert!(b.is_empty() && b.pop().is_none());
}

#[test]
fn values_move_from_inline_to_heap_and_back_out_in_order() {
    let mut obj = Object::new();
    for i in 0..INLINE + 3 {
        obj.insert(skey(&format!("k{i}")), Value::Int(i as i64));
        assert_eq!(obj.len(), i + 1);
        for j in 0..=i {
            assert_eq!(
                obj.get_index(j).and_then(|(_, v)| int_of(Some(v))),
                Some(j as i64)
            );
        }
    }
    let mut small = numbered(INLINE);
    assert_eq!(
        int_of(small.shift_remove(&KeyRef::Str("k0")).as_ref()),
        Some(0)
    );
    assert_eq!(int_of(small.get(&KeyRef::Str("k1"))), Some(1));
    small.insert(skey("k0"), Value::Int(5));
    let back: Vec<(String, i64)> = small
        .clone()
        .into_iter()
        .rev()
        .map(|(k, v)| (k.as_ref().to_string_for_test(), int_of(Some(&v)).unwrap()))
        .collect();
    assert_eq!(back, [("k0".to_string(), 5), ("k1".to_string(), 1)]);
    let pairs: Vec<String> = numbered(5)
        .into_iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                k.as_ref().to_string_for_test(),
                int_of(Some(&v)).unwrap()
            )
        })
        .collect();
    assert_eq!(pairs, ["k0=0", "k1=1", "k2=2", "k3=3", "k4=4"]);
}

#[test]
fn a_clone_of_an_own_layout_object_copies_on_write() {
    let mut a = numbered(3);
    a.shift_remove(&KeyRef::Str("k1"));
    let b = a.clone();
    a.insert(skey("new"), Value::Int(1));
    a.shift_remove(&KeyRef::Str("k0"));
    assert_eq!(key_texts(&a), ["k2", "new"]);
    assert_eq!(key_texts(&b), ["k0", "k2"]);
    assert_eq!(int_of(b.get(&KeyRef::Str("k2"))), Some(2));
}

#[test]
fn data_keys_do_not_grow_the_shared_tree_without_bound() {
    // Each object's one key is different: past the children limit they
    // stop being shared layouts, and all still work.
    let objects: Vec<Object> = (0..500)
        .map(|i| {
            let mut o = Object::new();
            o.insert(skey(&format!("key{i}")), Value::Int(i));
            o
        })
        .collect();
    let shared = objects.iter().filter(|o| o.layout.shared).count();
    assert!(shared <= 64, "{shared}");
    for (i, o) in objects.iter().enumerate() {
        assert_eq!(
            int_of(o.get(&KeyRef::Str(&format!("key{i}")))),
            Some(i as i64)
        );
    }
}

#[test]
fn one_inline_cache_serves_objects_of_every_layout() {
    let (x, y) = (Rc::new(MlStr::copy_of("x")), Rc::new(MlStr::copy_of("y")));
    let xy = Object::from_literal(&mut literal_items(&[&x, &y], 1));
    let yx = Object::from_literal(&mut literal_items(&[&y, &x], 10));
    let mut own = Object::from_literal(&mut literal_items(&[&y, &x], 20));
    own.shift_remove(&KeyRef::Str("y"));
    let mut big = numbered(SMALL + 5);
    big.insert(Key::Str(x.clone()), Value::Int(30));
    let only_y = Object::from_literal(&mut literal_items(&[&y], 40));
    let cache = Cell::new(0);
    for _ in 0..3 {
        for (obj, want) in [
            (&xy, Some(1)),
            (&yx, Some(11)),
            (&own, Some(21)),
            (&big, Some(30)),
            (&only_y, None),
        ] {
            assert_eq!(
                int_of(obj.cached_field(&Value::Str(x.clone()), &cache)),
                want
            );
            // The cache now answers for this object at once.
            assert_eq!(
                int_of(obj.cached_field(&Value::Str(x.clone()), &cache)),
                want
            );
        }
    }
    // A key of equal text in another string is found too.
    let other_x = Rc::new(MlStr::copy_of("x"));
    assert_eq!(
        int_of(yx.cached_field(&Value::Str(other_x), &cache)),
        Some(11)
    );
    // After a deletion moves the key, the cached position is not trusted.
    let mut moving = numbered(SMALL + 2);
    let k5 = Rc::new(MlStr::copy_of("k5"));
    assert_eq!(
        int_of(moving.cached_field(&Value::Str(k5.clone()), &cache)),
        Some(5)
    );
    moving.shift_remove(&KeyRef::Str("k0"));
    assert_eq!(moving.cached_str_index(&k5, &cache), Some(4));
    moving.shift_remove(&KeyRef::Str("k5"));
    assert_eq!(moving.cached_str_index(&k5, &cache), None);
}

#[test]
fn literal_sites_keep_sharing_after_data_keys_fill_the_tree() {
    // Two levels of data keys: 64 first keys, each with 64 second keys,
    // use up every shared layout this thread may make.
    let mut kept = Vec::new();
    for i in 0..64 {
        for j in 0..80 {
            let mut o = Object::new();
            o.insert(skey(&format!("a{i}")), Value::Int(i));
            o.insert(skey(&format!("b{j}")), Value::Int(j));
            kept.push(o);
        }
    }
    let mut probe = Object::new();
    probe.insert(skey("fresh"), Value::Int(0));
    assert!(!probe.layout.shared, "the tree should be full by now");
    // A literal site still gives its objects one shared layout.
    let (l, r) = (
        Rc::new(MlStr::copy_of("left")),
        Rc::new(MlStr::copy_of("right")),
    );
    let site = Cell::new(0);
    let first = Object::from_literal_at(&mut literal_items(&[&l, &r], 1), &site);
    let second = Object::from_literal_at(&mut literal_items(&[&l, &r], 3), &site);
    assert!(first.layout.shared);
    assert!(second.shares_layout_with(&first));
    assert_eq!(key_texts(&second), ["left", "right"]);
    assert_eq!(int_of(second.get(&KeyRef::Str("right"))), Some(4));
    // Adding a key to one of them leaves the other alone.
    let mut third = Object::from_literal_at(&mut literal_items(&[&l, &r], 5), &site);
    third.insert(skey("up"), Value::Int(7));
    assert_eq!(key_texts(&third), ["left", "right", "up"]);
    assert_eq!(key_texts(&first), ["left", "right"]);
    // A literal too big for a shared layout stays an object of its own.
    let many: Vec<Rc<MlStr>> = (0..SMALL + 1)
        .map(|i| Rc::new(MlStr::copy_of(&format!("m{i}"))))
        .collect();
    let refs: Vec<&Rc<MlStr>> = many.iter().collect();
    let big_site = Cell::new(0);
    let big = Object::from_literal_at(&mut literal_items(&refs, 0), &big_site);
    assert!(!big.layout.shared);
    assert_eq!(int_of(big.get(&KeyRef::Str("m8"))), Some(8));
    assert_eq!(kept.len(), 64 * 80);
}

/// A data-keyed object has a dictionary layout of its own: its tables stay
/// behind pointers, so the layout itself is a few words (a 3-key object
/// of 200,000 made with data keys paid 112 bytes for it, 64 now).
#[test]
fn a_dictionary_layout_is_a_few_words() {
    assert!(std::mem::size_of::<Layout>() <= 48);
    let mut o = Object::new();
    for i in 0..3 {
        o.insert(Key::Int(i), Value::Int(i));
    }
    assert!(!o.is_hashed());
    assert_eq!(
        o.get(&Key::Int(2)).map(|v| matches!(v, Value::Int(2))),
        Some(true)
    );
}

/// Every way an object's inline values leave it (drop, clone, overwrite,
/// removal, growth to a vector, clearing, moving out) gives each value's
/// reference back exactly once, and scalars beside them are left alone.
#[test]
fn inline_values_are_released_once_on_every_path() {
    let shared = Value::array(vec![Value::Int(1)]);
    let Value::Array(rc) = &shared else {
        unreachable!()
    };
    let two = |a: Value, b: Value| {
        let mut obj = Object::new();
        obj.insert(skey("a"), a);
        obj.insert(skey("b"), b);
        obj
    };
    drop(two(shared.clone(), Value::Int(2)));
    drop(two(Value::Null, shared.clone()));
    let obj = two(shared.clone(), shared.clone());
    let copy = obj.clone();
    assert_eq!(Rc::strong_count(rc), 5);
    drop((obj, copy));
    assert_eq!(Rc::strong_count(rc), 1);

    let mut obj = two(shared.clone(), Value::Float(0.5));
    obj.insert(skey("a"), Value::Int(3));
    assert_eq!(Rc::strong_count(rc), 1, "overwritten");
    obj.insert(skey("a"), shared.clone());
    obj.shift_remove(&skey("a"));
    assert_eq!(Rc::strong_count(rc), 1, "removed");
    obj.insert(skey("c"), shared.clone());
    obj.insert(skey("d"), shared.clone());
    assert_eq!(Rc::strong_count(rc), 3, "moved to a vector with the rest");
    obj.clear();
    assert_eq!(Rc::strong_count(rc), 1, "cleared");

    let mut obj = two(shared.clone(), shared.clone());
    let taken = obj.take_values().into_vec();
    assert_eq!((Rc::strong_count(rc), taken.len()), (3, 2));
    drop((taken, obj));
    let values: Vec<Value> = two(shared.clone(), Value::Int(1)).into_values().collect();
    assert_eq!((Rc::strong_count(rc), values.len()), (2, 2));
    drop(values);
    assert_eq!(Rc::strong_count(rc), 1);
}

#[test]
fn literal_sites_give_back_key_counts_and_move_values() {
    let (l, r) = (Rc::new(MlStr::copy_of("l")), Rc::new(MlStr::copy_of("r")));
    let shared = Value::array(vec![Value::Int(1)]);
    let Value::Array(rc) = &shared else {
        unreachable!()
    };
    let site = Cell::new(0);
    let items = |a: Value, b: Value| vec![Value::Str(l.clone()), a, Value::Str(r.clone()), b];
    // First time the site remembers the layout, then the small path runs.
    let mut made = Vec::new();
    let mut keys_held = (0, 0);
    for i in 0..3 {
        let mut ops = items(shared.clone(), Value::Int(i));
        made.push(Object::literal_value(&mut ops, &site));
        assert!(
            ops.iter().all(|v| matches!(v, Value::Null)),
            "operands moved out"
        );
        if i == 0 {
            keys_held = (Rc::strong_count(&l), Rc::strong_count(&r));
            assert_ne!(site.get(), 0);
        }
        // The layout holds the keys; the operands gave their counts back.
        assert_eq!((Rc::strong_count(&l), Rc::strong_count(&r)), keys_held);
    }
    assert_eq!(Rc::strong_count(rc), 4);
    for (i, v) in made.iter().enumerate() {
        let Value::Object(o) = v else {
            panic!("not an object")
        };
        let o = o.borrow();
        assert_eq!(key_texts(&o), ["l", "r"]);
        assert_eq!(int_of(o.get(&skey("r"))), Some(i as i64));
        assert!(matches!(o.get(&skey("l")), Some(Value::Array(_))));
    }
    drop(made);
    assert_eq!(
        Rc::strong_count(rc),
        1,
        "each object gave its value back once"
    );
    assert_eq!((Rc::strong_count(&l), Rc::strong_count(&r)), keys_held);
    // One key, and zero keys, at sites of their own.
    let (one, none) = (Cell::new(0), Cell::new(0));
    for _ in 0..2 {
        let v = Object::literal_value(&mut [Value::Str(l.clone()), shared.clone()], &one);
        let e = Object::literal_value(&mut [], &none);
        let (Value::Object(v), Value::Object(e)) = (&v, &e) else {
            panic!("not objects")
        };
        assert_eq!((v.borrow().len(), e.borrow().len()), (1, 0));
    }
    assert_eq!(Rc::strong_count(rc), 1);
}

#[test]
fn dead_objects_give_every_value_back_once() {
    let text = Value::Str(Rc::new(MlStr::copy_of("kept text")));
    let Value::Str(text_rc) = &text else {
        unreachable!()
    };
    let shared = Value::array(vec![Value::Int(1)]);
    let Value::Array(rc) = &shared else {
        unreachable!()
    };
    let obj = |pairs: &[(&str, Value)]| {
        let mut o = Object::new();
        for (k, v) in pairs {
            o.insert(skey(k), v.clone());
        }
        Value::object(o)
    };
    // A leaf, an inner node over a leaf and a shared array, an object past
    // the inline size, an array of objects, and a chain deeper than the
    // nesting limit: all dropped, every count given back exactly once.
    let leaf = obj(&[("a", text.clone()), ("b", Value::Int(1))]);
    let inner = obj(&[("l", leaf), ("r", shared.clone())]);
    let wide = obj(&[
        ("a", inner),
        ("b", shared.clone()),
        ("c", text.clone()),
        ("d", Value::array(vec![obj(&[("x", shared.clone())])])),
    ]);
    let mut chain = obj(&[("s", shared.clone())]);
    for i in 0..2_000 {
        chain = if i % 2 == 0 {
            obj(&[("next", chain), ("t", text.clone())])
        } else {
            Value::array(vec![chain, Value::Int(i)])
        };
    }
    let kept = obj(&[("a", shared.clone())]);
    let holder = obj(&[("k", kept.clone()), ("w", wide)]);
    assert_eq!(Rc::strong_count(rc), 6);
    drop((holder, chain));
    assert_eq!(Rc::strong_count(rc), 2, "only `kept` still holds it");
    assert_eq!(Rc::strong_count(text_rc), 1);
    let Value::Object(k) = &kept else {
        unreachable!()
    };
    assert_eq!(crate::lang::value::ObjRef::strong_count(k), 1);
    assert!(matches!(k.borrow().get(&skey("a")), Some(Value::Array(_))));
    drop(kept);
    assert_eq!(Rc::strong_count(rc), 1);
}

/// The objects of a keyed literal site (`Op::MakeObjectK`) of `keys`, made
/// `times` times, each from values made by `value(i)`; the values are
/// handed over as the VM hands them (not dropped by the caller).
fn keyed_site_objects(keys: &[Value], times: usize, value: impl Fn(usize) -> Value) -> Vec<Value> {
    let site = Cell::new(0);
    (0..times)
        .map(|t| {
            let mut values: Vec<Value> = (0..keys.len()).map(|i| value(t * 100 + i)).collect();
            // SAFETY: the values are handed over: the vector forgets them
            // right after.
            unsafe {
                let obj = Object::keyed_literal_value(values.as_ptr(), keys.len(), keys, 0, &site);
                values.set_len(0);
                obj
            }
        })
        .collect()
}

#[test]
fn keyed_literal_sites_move_values_in_and_keep_key_order() {
    // On a thread of its own, first with no freed object box kept (every
    // object allocated), then with many kept (small ones built in a kept
    // box, see `Object::kept_small_literal`).
    std::thread::spawn(|| {
        keyed_literal_sites_check();
        drop(
            (0..2000)
                .map(|_| Value::object(Object::new()))
                .collect::<Vec<_>>(),
        );
        keyed_literal_sites_check();
    })
    .join()
    .unwrap();
}

fn keyed_literal_sites_check() {
    let shared = Value::array(vec![Value::Int(1)]);
    let Value::Array(rc) = &shared else {
        unreachable!()
    };
    // Sizes below, at and past the inline size, and past the small size
    // (whose layout no site remembers: every object is built key by key).
    for n in [0, 1, 2, 3, 7, SMALL + 2] {
        let names: Vec<String> = (0..n).map(|i| format!("k{}", n - i)).collect();
        let keys: Vec<Value> = names
            .iter()
            .map(|s| Value::Str(Rc::new(MlStr::copy_of(s))))
            .collect();
        let counts = |keys: &[Value]| -> Vec<usize> {
            keys.iter()
                .map(|k| match k {
                    Value::Str(s) => Rc::strong_count(s),
                    _ => 0,
                })
                .collect()
        };
        let made = keyed_site_objects(&keys, 4, |i| {
            if i % 2 == 0 {
                shared.clone()
            } else {
                Value::Int(i as i64)
            }
        });
        let after_first = counts(&keys);
        for (t, v) in made.iter().enumerate() {
            let Value::Object(o) = v else {
                panic!("not an object")
            };
            let o = o.borrow();
            assert_eq!(key_texts(&o), names, "n = {n}");
            for i in (1..n).step_by(2) {
                assert_eq!(int_of(o.get(&skey(&names[i]))), Some((t * 100 + i) as i64));
            }
            if n > 0 {
                assert!(matches!(o.get(&skey(&names[0])), Some(Value::Array(_))));
            }
        }
        assert_eq!(Rc::strong_count(rc), 1 + 4 * n.div_ceil(2), "n = {n}");
        drop(made);
        assert_eq!(Rc::strong_count(rc), 1, "each value given back once");
        // Keys are held by the layout (once), not once per object.
        assert!(counts(&keys).iter().zip(&after_first).all(|(a, b)| a <= b));
    }
}

#[test]
fn a_key_a_shared_layout_lacks_is_remembered_as_absent() {
    // One cache, one key (as an instruction's cache serves its name).
    let [x, y, z] = ["x", "y", "z"].map(|s| Rc::new(MlStr::copy_of(s)));
    let a = Object::from_literal(&mut literal_items(&[&x, &y], 1));
    let b = Object::from_literal(&mut literal_items(&[&x, &y], 5));
    let cache = Cell::new(0);
    assert_eq!(a.cached_str_index(&z, &cache), None);
    let absent = cache.get();
    assert_ne!(absent, 0);
    // Another object of the layout is answered by the entry, which stays.
    assert_eq!(b.cached_str_index(&z, &cache), None);
    assert_eq!(cache.get(), absent);
    // An object the key was added to has another layout, and finds it.
    let mut c = Object::from_literal(&mut literal_items(&[&x, &y], 9));
    c.push_str_key(&z, Value::Int(7));
    assert_eq!(
        int_of(c.cached_field(&Value::Str(z.clone()), &cache)),
        Some(7)
    );
    assert_eq!(a.cached_str_index(&z, &cache), None);
    assert_eq!(cache.get(), absent);
    // To an object of its own layout the entry is a guessed position,
    // trusted only where the key really is.
    let at = (absent & !(1 << 31)) as usize;
    let mut own = numbered(at);
    own.push_str_key(&z, Value::Int(-1));
    let without = numbered(at + 1);
    for _ in 0..2 {
        cache.set(absent);
        assert_eq!(own.cached_str_index(&z, &cache), Some(at));
        cache.set(absent);
        assert_eq!(without.cached_str_index(&z, &cache), None);
    }
}

/// `drop_if_leaf` on `obj`, moved into a box it may drop in place; the
/// box's object is dropped as usual when it is not a leaf.
fn dropped_as_leaf(obj: Object) -> bool {
    let mut place = std::mem::ManuallyDrop::new(obj);
    // SAFETY: `place` holds a valid object that nothing borrows; after
    // `true` it is never touched again, else it is dropped once here.
    unsafe {
        let leaf = Object::drop_if_leaf(&mut *place);
        if !leaf {
            std::mem::ManuallyDrop::drop(&mut place);
        }
        leaf
    }
}

#[test]
fn only_inline_scalar_objects_are_dropped_as_leaves() {
    let mut leaf = Object::new();
    leaf.insert(skey("left"), Value::Null);
    leaf.insert(skey("right"), Value::Float(1.5));
    let layout = leaf.layout.clone();
    let before = Rc::strong_count(&layout);
    assert!(dropped_as_leaf(leaf));
    // The layout's count was given back.
    assert_eq!(Rc::strong_count(&layout), before - 1);

    assert!(dropped_as_leaf(Object::new()));
    let mut text = Object::new();
    text.insert(skey("name"), Value::str("x"));
    assert!(!dropped_as_leaf(text));
    let mut nested = Object::new();
    nested.insert(skey("child"), Value::object(Object::new()));
    assert!(!dropped_as_leaf(nested));
    // Values in a vector are never a leaf, scalars or not.
    assert!(!dropped_as_leaf(numbered(INLINE + 1)));
}

#[test]
fn a_literal_whose_layout_grew_before_gets_room_for_its_keys() {
    let keys: Vec<Value> = ["a", "b", "c"]
        .iter()
        .map(|s| Value::Str(Rc::new(MlStr::copy_of(s))))
        .collect();
    let bytes = |v: &Value| match v {
        Value::Object(o) => o.borrow().heap_bytes(),
        _ => unreachable!(),
    };
    let size = std::mem::size_of::<Value>();
    // The first objects of the site: exactly their values.
    let made = keyed_site_objects(&keys, 2, |i| Value::Int(i as i64));
    assert_eq!(bytes(&made[1]), 3 * size);
    // A key added to one of them: the layout has a child now, and the
    // site's next objects have room for three more values...
    let d = Rc::new(MlStr::copy_of("d"));
    if let Value::Object(o) = &made[0] {
        o.borrow_mut().push_str_key(&d, Value::Int(9));
    }
    let again = keyed_site_objects(&keys, 2, |i| Value::Int(i as i64 + 1));
    let (Value::Object(first), Value::Object(second)) = (&made[0], &again[1]) else {
        unreachable!()
    };
    assert_eq!(bytes(&again[1]), 6 * size);
    // ...and take the key without a copy, to the same layout as the first.
    second.borrow_mut().push_str_key(&d, Value::Int(10));
    assert_eq!(bytes(&again[1]), 6 * size);
    assert!(second.borrow().shares_layout_with(&first.borrow()));
    assert_eq!(int_of(second.borrow().get(&skey("d"))), Some(10));
    assert_eq!(int_of(second.borrow().get(&skey("c"))), Some(103));
}
