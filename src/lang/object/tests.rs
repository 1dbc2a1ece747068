use super::*;

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
