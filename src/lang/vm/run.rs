//! The dispatch loop. Each opcode arm is short; anything longer than a few
//! lines lives in a helper in `support.rs`. `Int op Int` and `array[int]` take inline
//! fast paths before the general operators of `ops.rs` / `access.rs`.

use super::support::{bind_dotted, destructure_key, make_object, unpack};
use super::*;
use crate::lang::chunk::Cmp;

fn op_cmp(op: Op) -> Cmp {
    match op {
        Op::Lt => Cmp::Lt,
        Op::Le => Cmp::Le,
        Op::Gt => Cmp::Gt,
        _ => Cmp::Ge,
    }
}

/// `a <cmp> b` with the int fast path first.
#[inline(always)]
fn compare_op(cmp: Cmp, a: &Value, b: &Value) -> Result<bool, RtError> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(cmp.holds(x.cmp(y)));
    }
    compare_slow(cmp, a, b)
}

#[inline(never)]
fn compare_slow(cmp: Cmp, a: &Value, b: &Value) -> Result<bool, RtError> {
    Ok(ops::compare(a, b)?.is_some_and(|o| cmp.holds(o)))
}

impl Vm {
    /// Run until the frame count drops back to `floor`; returns the value
    /// the bottom frame returned.
    pub(super) fn run(&mut self, floor: usize) -> NativeResult {
        'frames: loop {
            let fi = self.frames.len() - 1;
            let closure = self.frames[fi].closure.clone();
            let rp: &RuntimeProto = &closure.proto;
            let code: &[Op] = &rp.proto.code;
            let consts: &[Value] = &rp.consts;
            let base = self.frames[fi].base;
            let globals = &closure.globals;
            let mut ip = self.frames[fi].ip;

            macro_rules! throw {
                ($err:expr) => {{
                    let err = $err;
                    self.frames[fi].ip = ip;
                    self.unwind(err, floor, false)?;
                    continue 'frames;
                }};
            }
            macro_rules! tri {
                ($r:expr) => {
                    match $r {
                        Ok(v) => v,
                        Err(e) => throw!(e),
                    }
                };
            }
            macro_rules! int_arith {
                ($checked:ident, $general:path) => {{
                    let b = self.pop();
                    let top = self.stack.last_mut().expect("operand");
                    if let (Value::Int(x), Value::Int(y)) = (&*top, &b) {
                        if let Some(r) = x.$checked(*y) {
                            Value::assign(top, Value::Int(r));
                            continue;
                        }
                    }
                    let a = self.pop();
                    let r = tri!($general(&a, &b));
                    self.stack.push(r);
                }};
            }

            macro_rules! int_arith_k {
                ($k:expr, $checked:ident, $general:path) => {{
                    let top = self.stack.last_mut().expect("operand");
                    if let Value::Int(x) = *top {
                        if let Some(r) = x.$checked($k as i64) {
                            Value::assign(top, Value::Int(r));
                            continue;
                        }
                    }
                    let a = self.pop();
                    let r = tri!($general(&a, &Value::Int($k as i64)));
                    self.stack.push(r);
                }};
            }

            // Calls and returns check the flag too, so that recursion that
            // never jumps backward (a call tree) can still be interrupted.
            if self.interrupt.load(AtomicOrdering::Relaxed) {
                self.interrupt.store(false, AtomicOrdering::Relaxed);
                throw!(RtError::new(ErrorKind::KeyboardInterrupt, "interrupted"));
            }

            loop {
                let op = code[ip];
                ip += 1;
                match op {
                    Op::Const(k) => self.stack.push(consts[k as usize].clone()),
                    Op::SmallInt(i) => self.stack.push(Value::Int(i as i64)),
                    Op::Null => self.stack.push(Value::Null),
                    Op::True => self.stack.push(Value::Bool(true)),
                    Op::False => self.stack.push(Value::Bool(false)),
                    Op::Pop => {
                        self.stack.pop();
                    }
                    Op::Dup => {
                        let v = self.stack.last().cloned().unwrap_or_default();
                        self.stack.push(v);
                    }
                    Op::LoadLocal(s) => {
                        let v = self.stack[base + s as usize].clone();
                        if let Value::Undef = v {
                            throw!(self.name_error(fi, op));
                        }
                        self.stack.push(v);
                    }
                    Op::StoreLocal(s) => {
                        let v = self.pop();
                        Value::assign(&mut self.stack[base + s as usize], v);
                    }
                    Op::LoadCell(s) => {
                        let v = match &self.stack[base + s as usize] {
                            Value::Cell(c) => c.borrow().clone(),
                            _ => Value::Undef,
                        };
                        if let Value::Undef = v {
                            throw!(self.name_error(fi, op));
                        }
                        self.stack.push(v);
                    }
                    Op::StoreCell(s) => {
                        let v = self.pop();
                        if let Value::Cell(c) = &self.stack[base + s as usize] {
                            *c.borrow_mut() = v;
                        }
                    }
                    Op::LoadUpval(u) => {
                        let v = closure.upvalues[u as usize].borrow().clone();
                        if let Value::Undef = v {
                            throw!(self.name_error(fi, op));
                        }
                        self.stack.push(v);
                    }
                    Op::StoreUpval(u) => {
                        let v = self.pop();
                        *closure.upvalues[u as usize].borrow_mut() = v;
                    }
                    Op::LoadGlobal(g) => {
                        let v = globals
                            .values
                            .borrow()
                            .get(g as usize)
                            .cloned()
                            .unwrap_or(Value::Undef);
                        if let Value::Undef = v {
                            throw!(self.name_error(fi, op));
                        }
                        self.stack.push(v);
                    }
                    Op::StoreGlobal(g) => {
                        let v = self.pop();
                        if let Some(slot) = globals.values.borrow_mut().get_mut(g as usize) {
                            Value::assign(slot, v);
                        }
                    }
                    Op::MakeCell(s) => {
                        let slot = &mut self.stack[base + s as usize];
                        let v = std::mem::take(slot);
                        *slot = Value::Cell(Rc::new(RefCell::new(v)));
                    }
                    Op::LoadCallee => {
                        self.stack.push(Value::Func(closure.clone()));
                    }
                    Op::Closure(idx) => {
                        let c = self.make_closure(&closure, base, idx as usize);
                        self.stack.push(c);
                    }
                    Op::Add => {
                        let b = self.pop();
                        let top = self.stack.last_mut().expect("operand");
                        if let (Value::Int(x), Value::Int(y)) = (&*top, &b) {
                            if let Some(r) = x.checked_add(*y) {
                                Value::assign(top, Value::Int(r));
                                continue;
                            }
                        }
                        let a = self.pop();
                        let r = tri!(self.add_values(a, b, code.get(ip), base, globals));
                        self.stack.push(r);
                    }
                    Op::Sub => int_arith!(checked_sub, ops::sub),
                    Op::Mul => int_arith!(checked_mul, ops::mul),
                    Op::Div => {
                        let b = self.pop();
                        let a = self.pop();
                        self.stack.push(tri!(ops::div(&a, &b)));
                    }
                    Op::FloorDiv => {
                        let b = self.pop();
                        let a = self.pop();
                        self.stack.push(tri!(ops::floor_div(&a, &b)));
                    }
                    Op::Mod => {
                        let b = self.pop();
                        let top = self.stack.last_mut().expect("operand");
                        if let (Value::Int(x), Value::Int(y)) = (&*top, &b) {
                            if *y > 0 && *x >= 0 {
                                let r = x % y;
                                Value::assign(top, Value::Int(r));
                                continue;
                            }
                        }
                        let a = self.pop();
                        self.stack.push(tri!(ops::modulo(&a, &b)));
                    }
                    Op::Neg => {
                        let a = self.pop();
                        self.stack.push(tri!(ops::negate(&a)));
                    }
                    Op::Not => {
                        let a = self.pop();
                        self.stack.push(Value::Bool(!a.truthy()));
                    }
                    Op::Eq | Op::Ne => {
                        let b = self.pop();
                        let a = self.pop();
                        let eq = match (&a, &b) {
                            (Value::Int(x), Value::Int(y)) => x == y,
                            _ => ops::equals(&a, &b),
                        };
                        self.stack.push(Value::Bool(eq == (op == Op::Eq)));
                    }
                    Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                        let b = self.pop();
                        let a = self.pop();
                        self.stack
                            .push(Value::Bool(tri!(compare_op(op_cmp(op), &a, &b))));
                    }
                    Op::CmpJump { cmp, target } => {
                        let b = self.pop();
                        let a = self.pop();
                        if !tri!(compare_op(cmp, &a, &b)) {
                            ip = target as usize;
                        }
                    }
                    Op::AddK(k) => {
                        let top = self.stack.last_mut().expect("operand");
                        if let Value::Int(x) = *top {
                            if let Some(r) = x.checked_add(k as i64) {
                                Value::assign(top, Value::Int(r));
                                continue;
                            }
                        }
                        let a = self.pop();
                        let r = tri!(ops::add(&a, &Value::Int(k as i64)));
                        self.stack.push(r);
                    }
                    Op::SubK(k) => int_arith_k!(k, checked_sub, ops::sub),
                    Op::MulK(k) => int_arith_k!(k, checked_mul, ops::mul),
                    Op::ModK(k) => {
                        let top = self.stack.last_mut().expect("operand");
                        if let Value::Int(x) = *top {
                            if k > 0 && x >= 0 {
                                Value::assign(top, Value::Int(x % k as i64));
                                continue;
                            }
                        }
                        let a = self.pop();
                        self.stack
                            .push(tri!(ops::modulo(&a, &Value::Int(k as i64))));
                    }
                    Op::CmpKJump { cmp, k, target } => {
                        let a = self.pop();
                        if !tri!(compare_op(cmp, &a, &Value::Int(k as i64))) {
                            ip = target as usize;
                        }
                    }
                    Op::CmpLKJump {
                        cmp,
                        slot,
                        k,
                        target,
                    } => {
                        let a = &self.stack[base + slot as usize];
                        let holds = match a {
                            Value::Int(x) => cmp.holds(x.cmp(&(k as i64))),
                            Value::Undef => throw!(self.name_error(fi, Op::LoadLocal(slot))),
                            _ => tri!(compare_slow(cmp, a, &Value::Int(k as i64))),
                        };
                        if !holds {
                            ip = target as usize;
                        }
                    }
                    Op::CmpLLJump { cmp, a, b, target } => {
                        let x = &self.stack[base + a as usize];
                        let y = &self.stack[base + b as usize];
                        let holds = match (x, y) {
                            (Value::Int(x), Value::Int(y)) => cmp.holds(x.cmp(y)),
                            (Value::Undef, _) => throw!(self.name_error(fi, Op::LoadLocal(a))),
                            (_, Value::Undef) => throw!(self.name_error(fi, Op::LoadLocal(b))),
                            _ => tri!(compare_slow(cmp, x, y)),
                        };
                        if !holds {
                            ip = target as usize;
                        }
                    }
                    Op::LoadLocal2(a, b) => {
                        let x = self.stack[base + a as usize].clone();
                        let y = self.stack[base + b as usize].clone();
                        if let Value::Undef = x {
                            throw!(self.name_error(fi, Op::LoadLocal(a)));
                        }
                        if let Value::Undef = y {
                            throw!(self.name_error(fi, Op::LoadLocal(b)));
                        }
                        self.stack.push(x);
                        self.stack.push(y);
                    }
                    Op::AddLK { slot, k } | Op::SubLK { slot, k } => {
                        let x = &self.stack[base + slot as usize];
                        let is_sub = matches!(op, Op::SubLK { .. });
                        let fast = match x {
                            Value::Int(i) if is_sub => i.checked_sub(k as i64),
                            Value::Int(i) => i.checked_add(k as i64),
                            Value::Undef => throw!(self.name_error(fi, Op::LoadLocal(slot))),
                            _ => None,
                        };
                        let r = match fast {
                            Some(r) => Value::Int(r),
                            None if is_sub => tri!(ops::sub(x, &Value::Int(k as i64))),
                            None => tri!(ops::add(x, &Value::Int(k as i64))),
                        };
                        self.stack.push(r);
                    }
                    Op::AddGK { slot, k } => {
                        let x = globals
                            .values
                            .borrow()
                            .get(slot as usize)
                            .cloned()
                            .unwrap_or(Value::Undef);
                        let r = match x {
                            Value::Int(i) => match i.checked_add(k as i64) {
                                Some(r) => Value::Int(r),
                                None => tri!(ops::add(&x, &Value::Int(k as i64))),
                            },
                            Value::Undef => throw!(self.name_error(fi, Op::LoadGlobal(slot))),
                            _ => tri!(ops::add(&x, &Value::Int(k as i64))),
                        };
                        self.stack.push(r);
                    }
                    Op::IncLocal { slot, k } => {
                        let v = &mut self.stack[base + slot as usize];
                        if let Value::Int(x) = *v {
                            if let Some(r) = x.checked_add(k as i64) {
                                Value::assign(v, Value::Int(r));
                                continue;
                            }
                        }
                        if let Value::Undef = v {
                            throw!(self.name_error(fi, Op::LoadLocal(slot)));
                        }
                        let old = v.clone();
                        let r = tri!(ops::add(&old, &Value::Int(k as i64)));
                        self.stack[base + slot as usize] = r;
                    }
                    Op::IncGlobal { slot, k } => {
                        let old = {
                            let mut values = globals.values.borrow_mut();
                            let Some(v) = values.get_mut(slot as usize) else {
                                continue;
                            };
                            if let Value::Int(x) = *v {
                                if let Some(r) = x.checked_add(k as i64) {
                                    Value::assign(v, Value::Int(r));
                                    continue;
                                }
                            }
                            v.clone()
                        };
                        if let Value::Undef = old {
                            throw!(self.name_error(fi, Op::LoadGlobal(slot)));
                        }
                        let r = tri!(ops::add(&old, &Value::Int(k as i64)));
                        if let Some(v) = globals.values.borrow_mut().get_mut(slot as usize) {
                            *v = r;
                        }
                    }
                    Op::Jump(t) => {
                        if (t as usize) < ip && self.interrupt.load(AtomicOrdering::Relaxed) {
                            self.interrupt.store(false, AtomicOrdering::Relaxed);
                            throw!(RtError::new(ErrorKind::KeyboardInterrupt, "interrupted"));
                        }
                        ip = t as usize;
                    }
                    Op::JumpIfFalse(t) => {
                        if !self.pop().truthy() {
                            ip = t as usize;
                        }
                    }
                    Op::JumpIfFalseKeep(t) => {
                        if self.stack.last().is_some_and(|v| !v.truthy()) {
                            ip = t as usize;
                        } else {
                            self.stack.pop();
                        }
                    }
                    Op::JumpIfTrueKeep(t) => {
                        if self.stack.last().is_some_and(|v| v.truthy()) {
                            ip = t as usize;
                        } else {
                            self.stack.pop();
                        }
                    }
                    Op::Call(argc) => {
                        let argc = argc as usize;
                        let callee_idx = self.stack.len() - argc - 1;
                        self.frames[fi].ip = ip;
                        if let Value::Func(c) = &self.stack[callee_idx] {
                            // Fast path: an ML function called with the right
                            // number of arguments, below the depth limit.
                            let proto = &c.proto.proto;
                            if proto.params.len() == argc && self.frames.len() < self.max_depth {
                                let c = c.clone();
                                for _ in argc..proto.num_slots as usize {
                                    self.stack.push(Value::Undef);
                                }
                                self.frames.push(Frame {
                                    closure: c,
                                    ip: 0,
                                    base: callee_idx + 1,
                                });
                                continue 'frames;
                            }
                        }
                        match tri!(self.call_at(callee_idx, argc)) {
                            Called::Frame => continue 'frames,
                            Called::Value(v) => self.stack.push(v),
                        }
                    }
                    Op::CallMethod { name, argc } => {
                        let argc = argc as usize;
                        let recv_idx = self.stack.len() - argc - 1;
                        self.frames[fi].ip = ip;
                        match tri!(self.call_member(recv_idx, &consts[name as usize], argc)) {
                            Called::Frame => continue 'frames,
                            Called::Value(v) => self.stack.push(v),
                        }
                    }
                    Op::CallAppend { name } => {
                        let recv_idx = self.stack.len() - 2;
                        let array = match &self.stack[recv_idx] {
                            Value::Array(items) => Some(items.clone()),
                            _ => None,
                        };
                        if let Some(array) = array {
                            if let Ok(mut items) = array.try_borrow_mut() {
                                items.push(self.stack.pop().unwrap_or_default());
                                drop(items);
                                self.stack.pop();
                                self.stack.push(Value::Null);
                                continue;
                            }
                        }
                        self.frames[fi].ip = ip;
                        match tri!(self.call_member(recv_idx, &consts[name as usize], 1)) {
                            Called::Frame => continue 'frames,
                            Called::Value(v) => self.stack.push(v),
                        }
                    }
                    Op::IndexLL(a, i) => {
                        let (obj, index) = (
                            &self.stack[base + a as usize],
                            &self.stack[base + i as usize],
                        );
                        let fast = match (obj, index) {
                            (Value::Array(items), Value::Int(i)) => usize::try_from(*i)
                                .ok()
                                .and_then(|i| items.borrow().get(i).cloned()),
                            _ => None,
                        };
                        let v = match fast {
                            Some(v) => v,
                            None => {
                                let (obj, index) = (obj.clone(), index.clone());
                                tri!(self.index_locals(fi, (a, &obj), (i, &index)))
                            }
                        };
                        self.stack.push(v);
                    }
                    Op::StoreIndexLL(a, i) => {
                        let value = self.pop();
                        let (obj, index) = (
                            &self.stack[base + a as usize],
                            &self.stack[base + i as usize],
                        );
                        let slot_ok = match (obj, index) {
                            (Value::Array(items), Value::Int(i)) if *i >= 0 => {
                                match items.borrow_mut().get_mut(*i as usize) {
                                    Some(slot) => {
                                        Value::assign(slot, value.clone());
                                        true
                                    }
                                    None => false,
                                }
                            }
                            _ => false,
                        };
                        if !slot_ok {
                            let (obj, index) = (obj.clone(), index.clone());
                            tri!(self.store_index_locals(fi, (a, &obj), (i, &index), value));
                        }
                    }
                    Op::GetMemberL { slot, name } => {
                        let Value::Str(key) = &consts[name as usize] else {
                            continue;
                        };
                        let v = match &self.stack[base + slot as usize] {
                            Value::Object(map) => map
                                .borrow()
                                .get(&KeyRef::Str(key.as_str()))
                                .cloned()
                                .unwrap_or(Value::Null),
                            Value::Undef => throw!(self.name_error(fi, Op::LoadLocal(slot))),
                            obj => tri!(access::get_member(obj, key)),
                        };
                        self.stack.push(v);
                    }
                    Op::StoreMemberL { slot, name } => {
                        let value = self.pop();
                        let Value::Str(key) = &consts[name as usize] else {
                            continue;
                        };
                        match &self.stack[base + slot as usize] {
                            Value::Undef => throw!(self.name_error(fi, Op::LoadLocal(slot))),
                            obj => tri!(access::set_member(obj, key, value)),
                        }
                    }
                    Op::Return => {
                        let result = self.pop();
                        while self.handlers.last().is_some_and(|h| h.frame >= fi) {
                            self.handlers.pop();
                        }
                        self.stack.truncate(base - 1);
                        self.frames.pop();
                        if self.frames.len() <= floor {
                            return Ok(result);
                        }
                        self.stack.push(result);
                        continue 'frames;
                    }
                    Op::MakeArray(n) => {
                        let items = self.stack.split_off(self.stack.len() - n as usize);
                        self.stack.push(Value::array(items));
                    }
                    Op::MakeObject(n) => {
                        let items = self.stack.split_off(self.stack.len() - 2 * n as usize);
                        self.stack.push(make_object(items));
                    }
                    Op::Index => {
                        let index = self.pop();
                        let obj = self.pop();
                        let v = match (&obj, &index) {
                            (Value::Array(a), Value::Int(i))
                                if *i >= 0 && (*i as usize) < a.borrow().len() =>
                            {
                                a.borrow()[*i as usize].clone()
                            }
                            _ => tri!(access::get_index(&obj, &index)),
                        };
                        self.stack.push(v);
                    }
                    Op::StoreIndex => {
                        let index = self.pop();
                        let obj = self.pop();
                        let value = self.pop();
                        tri!(access::set_index(&obj, &index, value));
                    }
                    Op::Slice(flags) => {
                        let [start, end, step] = self.slice_parts(flags);
                        let obj = self.pop();
                        self.stack
                            .push(tri!(access::get_slice(&obj, &start, &end, &step)));
                    }
                    Op::StoreSlice(flags) => {
                        let [start, end, step] = self.slice_parts(flags);
                        let obj = self.pop();
                        let value = self.pop();
                        tri!(access::set_slice(&obj, &start, &end, &step, &value));
                    }
                    Op::GetMember(k) => {
                        let obj = self.pop();
                        let Value::Str(name) = &consts[k as usize] else {
                            continue;
                        };
                        self.stack.push(tri!(access::get_member(&obj, name)));
                    }
                    Op::StoreMember(k) => {
                        let obj = self.pop();
                        let value = self.pop();
                        if let Value::Str(name) = &consts[k as usize] {
                            tri!(access::set_member(&obj, name, value));
                        }
                    }
                    Op::GetIter(s) => {
                        let v = self.pop();
                        let it = tri!(iter::make_iter(&v));
                        self.stack[base + s as usize] = Value::Iterator(Rc::new(RefCell::new(it)));
                    }
                    Op::ForNext { slot, target } => match tri!(self.for_next(base + slot as usize))
                    {
                        Some(v) => self.stack.push(v),
                        None => ip = target as usize,
                    },
                    Op::SetupTry(t) | Op::SetupFinally(t) => self.handlers.push(Handler {
                        frame: fi,
                        passes_through: matches!(op, Op::SetupFinally(_)),
                        target: t as usize,
                        stack_len: self.stack.len(),
                    }),
                    Op::PopTry => {
                        self.handlers.pop();
                    }
                    Op::Throw => {
                        let v = self.pop();
                        throw!(RtError::thrown(v));
                    }
                    Op::Rethrow => {
                        let err = RtError::thrown(self.pop());
                        self.frames[fi].ip = ip;
                        self.unwind(err, floor, true)?;
                        continue 'frames;
                    }
                    Op::Import(k) => {
                        self.frames[fi].ip = ip;
                        let name = consts[k as usize].as_str().unwrap_or("").to_string();
                        let m = tri!(self.import(&name));
                        self.stack.push(Value::Module(m));
                    }
                    Op::ImportBind(k) => {
                        let module = self.pop();
                        let dotted = consts[k as usize].as_str().unwrap_or("");
                        self.stack.push(bind_dotted(globals, dotted, module));
                    }
                    Op::Unpack(n) => {
                        let v = self.pop();
                        let items = tri!(unpack(&v, n as usize));
                        self.stack.extend(items.into_iter().rev());
                    }
                    Op::GetKeyStrict(k) => {
                        let obj = self.stack.last().cloned().unwrap_or_default();
                        let v = tri!(destructure_key(&obj, &consts[k as usize]));
                        self.stack.push(v);
                    }
                }
            }
        }
    }
}
