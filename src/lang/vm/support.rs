//! What the dispatch loop calls on its slower paths: closures, string and
//! array appends, index and slice helpers, iteration, imports and
//! destructuring.

use super::*;
use crate::lang::chunk::Arith;
use crate::lang::gc;
use crate::lang::value::MlStr;

impl Vm {
    #[inline(never)]
    pub(super) fn make_closure(&self, parent: &Closure, base: usize, idx: usize) -> Value {
        let proto = parent.proto.children[idx].clone();
        let upvalues = proto
            .proto
            .captures
            .iter()
            .map(|c| match c {
                Capture::Local(s) => match &self.stack[base + *s as usize] {
                    Value::Cell(cell) => cell.clone(),
                    other => Value::new_cell(other.clone()),
                },
                Capture::Upvalue(u) => parent.upvalues[*u as usize].clone(),
            })
            .collect();
        let closure = Rc::new(Closure {
            proto,
            upvalues,
            globals: parent.globals.clone(),
        });
        crate::lang::gc::track_closure(&closure);
        Value::Func(closure)
    }

    /// `a + b` beyond int + int. For `s = s + t` on strings and arrays,
    /// when the next instruction stores back into the variable that holds
    /// `a`, the variable's reference is released first so `a` is appended
    /// in place instead of copied (the same trick CPython plays); this keeps
    /// string-building loops linear.
    #[inline(never)]
    pub(super) fn add_values(
        &mut self,
        a: Value,
        b: Value,
        next: Option<&Op>,
        base: usize,
        globals: &Rc<Globals>,
    ) -> NativeResult {
        let (mut a, b) = match (a.into_str(), b.into_str()) {
            (Ok(x), Ok(y)) => {
                let add = |x: &mut Rc<MlStr>| ops::append_str(x, &y);
                return Ok(self.add_strs(x, add, next, base, globals));
            }
            (Ok(x), Err(Value::Int(i))) => {
                let add = |x: &mut Rc<MlStr>| ops::append_text(x, &MlStr::int(i));
                return Ok(self.add_strs(x, add, next, base, globals));
            }
            (a, b) => (
                a.map_or_else(std::convert::identity, Value::Str),
                b.map_or_else(std::convert::identity, Value::Str),
            ),
        };
        if let (Value::Array(_), Value::Array(_)) = (&a, &b) {
            if let Some(next) = next {
                self.release_store_target(&a, *next, base, globals);
            }
            if let (Value::Array(x), Value::Array(y)) = (&mut a, &b) {
                if Rc::strong_count(x) == 1 {
                    let extra = y.borrow().clone();
                    gc::write_barrier_all(x, &extra);
                    x.borrow_mut().extend(extra);
                    return Ok(a);
                }
            }
        }
        ops::add(&a, &b)
    }

    /// [`Vm::add_values`] of a string and what `append` adds to it (a
    /// string, or an int's digits). A store into a local comes first (it is the `s = s + t` of
    /// a loop): its slot's reference is dropped here without the general
    /// drop and pointer compare.
    #[inline(always)]
    fn add_strs(
        &mut self,
        mut x: Rc<MlStr>,
        append: impl FnOnce(&mut Rc<MlStr>),
        next: Option<&Op>,
        base: usize,
        globals: &Rc<Globals>,
    ) -> Value {
        match next {
            Some(&Op::StoreLocal(s)) => {
                if let Some(slot) = self.stack.get_mut(base + s as usize) {
                    if matches!(slot, Value::Str(held) if Rc::ptr_eq(held, &x)) {
                        // Not the last reference: `x` holds another.
                        release_str(std::mem::take(slot));
                    }
                }
            }
            Some(next) => {
                let id = Rc::as_ptr(&x) as *const u8 as usize;
                self.release_store_target_id(id, *next, base, globals);
            }
            None => {}
        }
        append(&mut x);
        Value::Str(x)
    }

    /// `a op b` for the fused local-operand instructions, general path
    /// (`+` keeps the in-place append of `add_values`).
    #[inline(never)]
    pub(super) fn arith_values(
        &mut self,
        op: Arith,
        a: Value,
        b: Value,
        next: Option<&Op>,
        base: usize,
        globals: &Rc<Globals>,
    ) -> NativeResult {
        match op {
            Arith::Add => self.add_values(a, b, next, base, globals),
            Arith::Sub => ops::sub(&a, &b),
            Arith::Mul => ops::mul(&a, &b),
            Arith::Div => ops::div(&a, &b),
        }
    }

    /// If `next` stores into a variable currently holding the very same
    /// reference as `a`, clear that variable (it is about to be overwritten).
    pub(super) fn release_store_target(
        &mut self,
        a: &Value,
        next: Op,
        base: usize,
        globals: &Rc<Globals>,
    ) {
        if let Some(id) = a.ptr_id() {
            self.release_store_target_id(id, next, base, globals);
        }
    }

    /// [`Vm::release_store_target`] of the value whose reference is `id`
    /// (see [`Value::ptr_id`]).
    fn release_store_target_id(&mut self, id: usize, next: Op, base: usize, globals: &Rc<Globals>) {
        let same = |v: &Value| v.ptr_id() == Some(id);
        match next {
            Op::StoreLocal(s) => {
                let slot = &mut self.stack[base + s as usize];
                if same(slot) {
                    *slot = Value::Null;
                }
            }
            Op::StoreGlobal(g) => {
                if let Some(slot) = globals.values.borrow_mut().get_mut(g as usize) {
                    if same(slot) {
                        *slot = Value::Null;
                    }
                }
            }
            _ => {}
        }
    }

    /// The bounds of `range(args)` as a counted loop runs them: when
    /// `callee` is the builtin `range` and the arguments are ints with a
    /// nonzero step. Anything else (another function bound to the name,
    /// floats, a zero step, a wrong count) is `None`, and the loop calls
    /// it for real, errors included.
    pub(super) fn counted_range(
        &mut self,
        callee: &Value,
        args: &[Value],
    ) -> Option<(i64, i64, i64)> {
        let Value::Native(f) = callee else {
            return None;
        };
        if self.range_fn.is_none() {
            if let Some(Value::Native(range)) = self.builtin("range").as_ref() {
                self.range_fn = Some(range.clone());
            }
        }
        if !self.range_fn.as_ref().is_some_and(|r| Rc::ptr_eq(r, f)) {
            return None;
        }
        let int = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            _ => None,
        };
        let (start, stop, step) = match args {
            [stop] => (0, int(stop)?, 1),
            [start, stop] => (int(start)?, int(stop)?, 1),
            [start, stop, step] => (int(start)?, int(stop)?, int(step)?),
            _ => return None,
        };
        (step != 0).then_some((start, stop, step))
    }

    /// `a[i]` on two locals, general path (unbound locals, other kinds,
    /// out-of-range indexes).
    #[inline(never)]
    pub(super) fn index_locals(
        &self,
        fi: usize,
        obj: (u16, &Value),
        index: (u16, &Value),
    ) -> NativeResult {
        for (slot, v) in [obj, index] {
            if let Value::Undef = v {
                return Err(self.name_error(fi, Op::LoadLocal(slot.into())));
            }
        }
        access::get_index(obj.1, index.1)
    }

    /// `local.key + k` (what `AddMemberLK` and `IncMemberL` compute),
    /// general path: exactly `GetMemberL` then `AddK`.
    #[inline(never)]
    pub(super) fn local_member_plus(
        &self,
        fi: usize,
        (slot, obj): (u16, &Value),
        key: &Rc<MlStr>,
        k: i64,
    ) -> NativeResult {
        if let Value::Undef = obj {
            return Err(self.name_error(fi, Op::LoadLocal(slot.into())));
        }
        ops::add(&access::get_member(obj, key)?, &Value::Int(k))
    }

    /// `local.key = value`, general path: exactly `StoreMemberL`.
    #[inline(never)]
    pub(super) fn set_local_member(
        &self,
        fi: usize,
        (slot, obj): (u16, &Value),
        key: &Rc<MlStr>,
        value: Value,
    ) -> Result<(), RtError> {
        if let Value::Undef = obj {
            return Err(self.name_error(fi, Op::LoadLocal(slot.into())));
        }
        access::set_member(obj, key, value)
    }

    #[inline(never)]
    pub(super) fn store_index_locals(
        &self,
        fi: usize,
        obj: (u16, &Value),
        index: (u16, &Value),
        value: Value,
    ) -> Result<(), RtError> {
        for (slot, v) in [obj, index] {
            if let Value::Undef = v {
                return Err(self.name_error(fi, Op::LoadLocal(slot.into())));
            }
        }
        access::set_index(obj.1, index.1, value)
    }
}

/// The next item of the iterator in a `for` loop's hidden slot; `None`
/// when it is done (or the slot holds no iterator).
pub(super) fn for_next(slot: &Value) -> Result<Option<Value>, RtError> {
    let Value::Iterator(it) = slot else {
        return Ok(None);
    };
    let mut state = it.borrow_mut();
    if let IterState::Array { items, next } = &mut *state {
        let items = items.borrow();
        return Ok(items.get(*next).map(|v| {
            *next += 1;
            v.clone()
        }));
    }
    iter::iter_next(&mut state)
}

/// The fast path of `Op::RmwIndexLL` and `Op::RmwIndexLK` (`op`, one of
/// them), whose locals start at `locals`: see [`rmw_element`]. Decoded
/// here rather than in the dispatch loop, whose arms stay small.
///
/// # Safety
/// The instruction's slots are below its frame's slot count, all
/// initialized values from `locals` on.
#[inline(never)]
pub(super) unsafe fn rmw_element_at(op: Op, locals: *const Value) -> bool {
    // SAFETY: as the caller promises.
    let local = |s: u16| unsafe { &*locals.add(usize::from(s)) };
    match op {
        Op::RmwIndexLL { op, a, i, slot } => rmw_element(local(a), local(i), op, local(slot)),
        Op::RmwIndexLK { op, a, i, k } => {
            rmw_element(local(a), local(i), op, &Value::Int(k.into()))
        }
        _ => false,
    }
}

/// `local_a[local_i] = local_src`, the fast path of `Op::StoreLocalAtLL`:
/// an array, an int index in range, a bound `src`. `false`, with nothing
/// changed, for anything else (the plain load and store run).
///
/// # Safety
/// The three slots are below the frame's slot count, initialized values
/// from `locals` on.
#[inline(never)]
pub(super) unsafe fn store_local_at(locals: *const Value, a: u16, i: u16, src: u16) -> bool {
    // SAFETY: as the caller promises.
    let local = |s: u16| unsafe { &*locals.add(usize::from(s)) };
    let v = local(src);
    let (Value::Array(rc), Value::Int(i), false) = (local(a), local(i), matches!(v, Value::Undef))
    else {
        return false;
    };
    let Ok(mut items) = rc.try_borrow_mut() else {
        return false;
    };
    let Some(slot) = usize::try_from(*i).ok().and_then(|i| items.get_mut(i)) else {
        return false;
    };
    let v = v.clone();
    gc::write_barrier(rc, &v);
    Value::assign(slot, v);
    true
}

/// `obj[index] = obj[index] op b` in place, the fast path of
/// `Op::RmwIndexLL` and `Op::RmwIndexLK`: when the element is there (an
/// array's int index in range, a string key the object holds), the
/// container is not borrowed, and the element and `b` are numbers whose
/// result the fast arithmetic computes. A number replaces a number, so
/// nothing is dropped and the collector needs no write barrier. `false`,
/// with nothing changed, for anything else: the plain instructions run
/// and raise what they raise.
#[inline(always)]
fn rmw_element(obj: &Value, index: &Value, op: Arith, b: &Value) -> bool {
    let b: *const Value = b;
    // SAFETY: the element lives in the container, borrowed for writing
    // while it is computed into; `b` is a stack slot or a local value,
    // never an element; the element is written only when it holds a
    // number (no drop).
    let update = |slot: &mut Value| {
        let slot: *mut Value = slot;
        unsafe { super::num::arith_to(op, slot, b, slot) }
    };
    match (obj, index) {
        (Value::Array(items), Value::Int(i)) => {
            let Ok(mut items) = items.try_borrow_mut() else {
                return false;
            };
            let slot = usize::try_from(*i).ok().and_then(|i| items.get_mut(i));
            slot.is_some_and(update)
        }
        (Value::Object(map), Value::Str(key)) => {
            let Ok(mut map) = map.try_borrow_mut() else {
                return false;
            };
            map.str_value_mut(key).is_some_and(update)
        }
        _ => false,
    }
}

/// An object literal from its operands, key and value alternating; they
/// are moved out (`Null` is left behind).
#[inline(never)]
pub(super) fn make_object(items: &mut [Value], site: &crate::lang::value::SiteCache) -> Value {
    crate::lang::value::Object::literal_value(items, site)
}

/// An object literal of distinct constant keys (`Op::MakeObjectK`): its
/// `n` values at `values`, its keys the constants `consts[keys..keys + n]`
/// (read only the first time at a site).
///
/// # Safety
/// `values` points to `n` valid values that move into the object: the
/// caller must not use or drop them afterwards.
#[inline(never)]
pub(super) unsafe fn make_keyed_object(
    values: *const Value,
    n: usize,
    consts: &[Value],
    keys: usize,
    site: &crate::lang::value::SiteCache,
) -> Value {
    // SAFETY: as the caller promises.
    unsafe { crate::lang::value::Object::keyed_literal_value(values, n, consts, keys, site) }
}

/// `import a.b.c;` binds `a` to a namespace in which `b.c` leads to the
/// module; imports sharing a prefix share the namespace.
#[inline(never)]
pub(super) fn bind_dotted(globals: &Rc<Globals>, dotted: &str, module: Value) -> Value {
    let parts: Vec<&str> = dotted.split('.').collect();
    let namespace = |name: &str, existing: Option<Value>| -> Rc<Module> {
        match existing.map(Value::into_module) {
            Some(Ok(m)) => m,
            _ => Rc::new(Module {
                name: name.into(),
                kind: ModuleKind::Namespace,
                globals: Rc::new(Globals::default()).into(),
            }),
        }
    };
    let root = namespace(parts[0], globals.get(parts[0]));
    let mut ns = root.clone();
    for (i, part) in parts.iter().enumerate().skip(1) {
        if i + 1 == parts.len() {
            ns.globals.set(part, module.clone());
        } else {
            let prefix = parts[..=i].join(".");
            let child = namespace(&prefix, ns.globals.get(part));
            ns.globals.set(part, Value::Module(child.clone()));
            ns = child;
        }
    }
    Value::Module(root)
}

#[inline(never)]
pub(super) fn unpack(v: &Value, n: usize) -> Result<Vec<Value>, RtError> {
    let items = match v {
        Value::Array(a) => a.borrow().clone(),
        other => iter::collect(other)?,
    };
    if items.len() > n {
        return Err(RtError::value_error(format!(
            "too many values to unpack (expected {n})"
        )));
    }
    if items.len() < n {
        return Err(RtError::value_error(format!(
            "not enough values to unpack (expected {n}, got {})",
            items.len()
        )));
    }
    Ok(items)
}

#[inline(never)]
pub(super) fn destructure_key(obj: &Value, key: &Value) -> NativeResult {
    let Value::Str(name) = key else {
        return Err(RtError::type_error("bad destructuring key"));
    };
    match obj {
        Value::Object(map) => {
            let found = map.borrow().get(&KeyRef::Str(name.as_str())).cloned();
            found.ok_or_else(|| access::missing_key(map, Key::Str(name.clone())))
        }
        Value::Error(e) => Ok(access::error_field(e, name.as_str())),
        other => Err(RtError::type_error(format!(
            "cannot destructure a '{}' value as an object",
            other.type_name()
        ))),
    }
}

/// Drop a value the caller knows is a string without the general drop
/// glue: one count decrement, the text freed when it was the last.
#[inline(always)]
fn release_str(v: Value) {
    match v.into_str() {
        Ok(s) => drop(s),
        Err(other) => drop(other),
    }
}
