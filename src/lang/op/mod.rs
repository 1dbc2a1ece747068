//! The VM's instruction set: one 8-byte `Op` per instruction, and the
//! operator kinds fused instructions carry. What each instruction does to
//! the stack, whether it can raise and which global slot it names live in
//! `meta.rs`, one match per fact over every instruction, so a new
//! instruction is described where it is defined.

mod meta;
pub use meta::StackEffect;

/// One VM instruction, 8 bytes. Plain instructions take `u32` operands;
/// the fused ones pack several operands into the same 8 bytes, so their
/// slots are `u16`, some constants `i16` and the compare-and-branch
/// targets `u16`. The compiler fuses only when the operands fit and emits
/// the plain sequence otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Const(u32),
    SmallInt(i32),
    Null,
    True,
    False,
    Pop,
    Dup,
    LoadLocal(u32),
    StoreLocal(u32),
    /// The slot holds a cell shared with closures.
    LoadCell(u32),
    StoreCell(u32),
    LoadUpval(u32),
    StoreUpval(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    /// Function prologue: wrap the slot's value in a fresh cell.
    MakeCell(u32),
    /// Push the closure being run (for a named function expression).
    LoadCallee,
    /// Create a closure from child prototype N.
    Closure(u32),
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Neg,
    Not,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Jump(u32),
    /// Pops the condition.
    JumpIfFalse(u32),
    /// Pops the condition; jumps if it is truthy (a loop's test at its
    /// bottom).
    JumpIfTrue(u32),
    /// `&&`: if the top is falsy jump and keep it, else pop it.
    JumpIfFalseKeep(u32),
    /// `||`: if the top is truthy jump and keep it, else pop it.
    JumpIfTrueKeep(u32),
    /// Fused compare-and-branch: pops two, jumps if the comparison fails.
    CmpJump {
        cmp: Cmp,
        target: u32,
    },
    /// `x op k` with a small int constant (fused `SmallInt(k)` + op).
    AddK(i32),
    SubK(i32),
    MulK(i32),
    ModK(i32),
    FloorDivK(i32),
    /// `local op k`, pushing the result.
    AddLK {
        slot: u16,
        k: i32,
    },
    SubLK {
        slot: u16,
        k: i32,
    },
    ModLK {
        slot: u16,
        k: i32,
    },
    /// `global + k`, pushing the result.
    AddGK {
        slot: u16,
        k: i32,
    },
    /// Push two locals.
    LoadLocal2(u16, u16),
    /// `top op local`: the top is replaced by the result.
    ArithL {
        op: Arith,
        slot: u16,
    },
    /// `local_a op local_b`, pushing the result.
    ArithLL {
        op: Arith,
        a: u16,
        b: u16,
    },
    /// `local_dst = top op local_slot`, popping the top.
    ArithLTo {
        op: Arith,
        slot: u16,
        dst: u16,
    },
    /// `local_dst = local_a op local_b`.
    ArithLLTo {
        op: Arith,
        a: u16,
        b: u16,
        dst: u16,
    },
    /// Compare the top (popped) with global `slot`; jump if it fails.
    CmpGJump {
        cmp: Cmp,
        slot: u16,
        target: u16,
    },
    /// `top == null` (`cmp` is `Eq`) or `top != null` (`Ne`), decided by
    /// the value's kind; pops the top and jumps if the test fails.
    CmpNullJump {
        cmp: Cmp,
        target: u32,
    },
    /// Compare the top with constant `k`; jump if it fails.
    CmpKJump {
        cmp: Cmp,
        k: i32,
        target: u16,
    },
    /// Compare the top with constant `konst` of the table (a float, a
    /// string, an int too wide for `CmpKJump`); jump if it fails.
    CmpCJump {
        cmp: Cmp,
        konst: u32,
        target: u16,
    },
    /// Compare a local with constant `k`; jump if it fails.
    CmpLKJump {
        cmp: Cmp,
        slot: u16,
        k: i16,
        target: u16,
    },
    /// Compare a local with constant `konst` of the table (a float, a
    /// string, an int too wide for `CmpLKJump`); jump if it fails.
    CmpLCJump {
        cmp: Cmp,
        slot: u16,
        konst: u16,
        target: u16,
    },
    /// Compare two locals; jump if it fails.
    CmpLLJump {
        cmp: Cmp,
        a: u16,
        b: u16,
        target: u16,
    },
    /// `local_a[local_i]`, pushing the element.
    IndexLL(u16, u16),
    /// `local_dst = local_a[local_i]` (never formed when `dst` is `a` or `i`).
    IndexLLTo {
        a: u16,
        i: u16,
        dst: u16,
    },
    /// `local_dst = local_src`.
    MoveLocal {
        dst: u16,
        src: u16,
    },
    /// `return local;`.
    ReturnLocal(u16),
    /// Pop a value and store it at `local_a[local_i]`.
    StoreIndexLL(u16, u16),
    /// `local_a[local_i] = local_src` (`perm[j] = t`), heading the
    /// `StoreIndexLL(a, i)` that stays after it. The fast path (an array,
    /// an int index in range, a bound `src`) stores a copy of the local and
    /// skips the store; otherwise it is the plain `LoadLocal(src)` and the
    /// store runs, so errors and their positions are the store's.
    StoreLocalAtLL {
        a: u16,
        i: u16,
        src: u16,
    },
    /// `local.name` (name is a string constant), pushing the value.
    GetMemberL {
        slot: u16,
        name: u32,
    },
    /// `local.name + k`, pushing the result.
    AddMemberLK {
        slot: u16,
        name: u16,
        k: i16,
    },
    /// `local.name = local.name + k`.
    IncMemberL {
        slot: u16,
        name: u16,
        k: i16,
    },
    /// `upvalue.name` (an object a closure captured, e.g. `self`), pushing
    /// the value.
    GetMemberU {
        up: u16,
        name: u32,
    },
    /// Pop a value and store it as `upvalue.name`.
    StoreMemberU {
        up: u16,
        name: u32,
    },
    /// Pop a value and store it as `local.name`.
    StoreMemberL {
        slot: u16,
        name: u32,
    },
    /// `obj.name = obj.name op local` with `obj` a local, in one step. It
    /// heads the plain sequence it stands for (`GetMemberL`, then an
    /// `ArithL` and a `StoreMemberL` that stay in the code after it): the
    /// fast path (a cached field and numbers) does all three and skips the
    /// other two; otherwise it does what `GetMemberL` does and the two run
    /// as they are, so results, errors and their positions are theirs.
    RmwMemberL {
        op: Arith,
        obj: u16,
        name: u16,
        slot: u16,
    },
    /// The same with `obj` an upvalue (`self.total = self.total + x` in a
    /// closure that captured `self`), heading `GetMemberU`, `ArithL`,
    /// `StoreMemberU`.
    RmwMemberU {
        op: Arith,
        up: u16,
        name: u16,
        slot: u16,
    },
    /// `top op local.name`, the top replaced by the result: the field read
    /// (in its place) heading the operation that stays after it. The fast
    /// path (numbers, a cached field) computes and skips the operation;
    /// otherwise it is the plain `GetMemberL` and the operation runs.
    ArithMemberL {
        op: Arith,
        slot: u16,
        name: u32,
    },
    /// `local.name = a op b` with `a` and `b` on the stack: the operation
    /// (in its place) heading the `StoreMemberL` that stays after it. The
    /// fast path (numbers, a cached field holding a number) computes into
    /// the field and skips the store; otherwise it is the plain operation
    /// and the store runs.
    ArithStoreMemberL {
        op: Arith,
        slot: u16,
        name: u32,
    },
    /// The same for an upvalue's field, heading a `StoreMemberU`.
    ArithStoreMemberU {
        op: Arith,
        up: u16,
        name: u32,
    },
    /// `a[i] = a[i] op local` with `a` and `i` locals, in one step when the
    /// element is a number (an array index in range, or a key the object
    /// holds): it heads the plain sequence it stands for (`IndexLL`, then an
    /// `ArithL` and a `StoreIndexLL` of the same locals that stay after
    /// it), and otherwise does what `IndexLL` does and the two run as they
    /// are, so results, errors and their positions are theirs.
    RmwIndexLL {
        op: Arith,
        a: u16,
        i: u16,
        slot: u16,
    },
    /// `a[i] = a[i] op k` with a small int constant the same way, heading
    /// `IndexLL`, `AddK` (`SubK`, `MulK`), `StoreIndexLL`.
    RmwIndexLK {
        op: Arith,
        a: u16,
        i: u16,
        k: i16,
    },
    /// `upvalue.name = upvalue.name + k`, heading `GetMemberU`, `AddK`,
    /// `StoreMemberU` as `RmwMemberU` does.
    IncMemberU {
        up: u16,
        name: u16,
        k: i16,
    },
    /// `recv.append(v)`: an array append without a method lookup; other
    /// receivers go through the general method call.
    CallAppend {
        name: u32,
    },
    /// `x = x + k` on a local or global (fused load, `AddK`, store).
    IncLocal {
        slot: u16,
        k: i32,
    },
    /// `IncLocal` at the head of the `CmpLLJump` after it (a `while`
    /// loop's counter step and its test): when the counter steps as an
    /// int and both compared locals are ints it does the compare and the
    /// jump too, else it runs as `IncLocal` and the compare runs on its
    /// own (results and errors are the two instructions').
    IncLocalCmp {
        slot: u16,
        k: i32,
    },
    /// `x = x - k` on a local (fused load, `SubK`, store). Not an
    /// `IncLocal` of `-k`: a float `-0.0` minus `0` stays `-0.0`, and a
    /// text minus a number is an error, not a concatenation.
    DecLocal {
        slot: u16,
        k: i32,
    },
    IncGlobal {
        slot: u16,
        k: i32,
    },
    Call(u32),
    /// Receiver and arguments on the stack; name is a string constant.
    CallMethod {
        name: u32,
        argc: u8,
    },
    Return,
    MakeArray(u32),
    /// N key/value pairs on the stack (keys are string constants pushed first).
    MakeObject(u32),
    /// An object literal whose `n` keys are distinct: only the values are
    /// on the stack, and the keys are the string constants `keys..keys +
    /// n`, in order. The site remembers the layout the keys make, so the
    /// object is its values moved into a box of that layout. Literals that
    /// repeat a key take `MakeObject`.
    MakeObjectK {
        n: u16,
        keys: u32,
    },
    Index,
    /// Stack: value, object, index → (store).
    StoreIndex,
    /// Bit 0/1/2: start/end/step present (pushed in that order, after the object).
    Slice(u8),
    StoreSlice(u8),
    GetMember(u32),
    /// Stack: value, object → (store).
    StoreMember(u32),
    /// Pop an iterable, store an iterator for it in a local slot.
    GetIter(u32),
    /// The step at the bottom of a `for` loop: advance the loop state in
    /// `slot`; push the item and jump back to `target` (the loop body), or
    /// fall through when the loop is over. The state is an iterator, or
    /// (set up by `ForRange`) a counted range: the next int in `slot`, the
    /// stop in `slot + 1`, the nonzero step in `slot + 2`.
    ForLoop {
        slot: u16,
        target: u32,
    },
    /// `ForLoop` that stores the item straight into local `var` (the loop
    /// variable) instead of pushing it for the body's first instruction to
    /// store: one dispatch less per turn of every `for` over a plain local.
    ForLoopTo {
        slot: u16,
        var: u16,
        target: u16,
    },
    /// `for (x in range(...))` with the callee and its `argc` arguments
    /// on the stack: when the callee is the builtin `range` and the
    /// arguments are ints with a nonzero step, pop them all, set up a
    /// counted range in `slot` (see `ForLoop`) and jump to `target`, the
    /// loop's step; otherwise do nothing, and the `Call` and `GetIter`
    /// that follow build and iterate whatever the call returns.
    ForRange {
        slot: u16,
        argc: u8,
        target: u32,
    },
    /// Push an exception handler that jumps to the target.
    SetupTry(u32),
    /// The same for the error path of a `finally`: the error passes
    /// through, so its traceback is kept.
    SetupFinally(u32),
    PopTry,
    Throw,
    /// Rethrow the error on the stack at the end of a `finally`, without
    /// adding the current frame to its traceback a second time.
    Rethrow,
    /// Import a module by its full dotted name (string constant) and push it.
    Import(u32),
    /// Bind `import a.b.c;`: pops the module, pushes the namespace to store
    /// in global `a` (the existing one extended, or a new one).
    ImportBind(u32),
    /// Pop a sequence, push exactly N items (first item on top... see vm).
    Unpack(u32),
    /// Object destructuring: pop nothing, read key (constant) from the top
    /// object strictly (missing → KeyError) and push the value.
    GetKeyStrict(u32),
}

/// The arithmetic operators the fused local-operand instructions carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

impl Arith {
    /// The operator of a plain binary instruction, if it is one of these.
    pub fn of(op: Op) -> Option<Arith> {
        Some(match op {
            Op::Add => Arith::Add,
            Op::Sub => Arith::Sub,
            Op::Mul => Arith::Mul,
            Op::Div => Arith::Div,
            _ => return None,
        })
    }
}

/// The comparisons, for fused compare-and-branch instructions.
/// The `Not` forms are the negations (`NotLt` holds when `a < b` does
/// not, NaN included), which a loop's test at its bottom uses to jump back
/// while the condition holds. `Eq` and `Ne` are `==` and `!=`, which never
/// raise (the VM takes them through `ops::equals`, not `ops::compare`).
///
/// Each discriminant is the set of outcomes under which the comparison
/// holds (bit 0: less, bit 1: equal, bit 2: greater, bit 3: unordered,
/// i.e. a NaN), so the VM tests a comparison with a shift instead of a
/// jump through a table on the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Cmp {
    Eq = 0b0010,
    Ne = 0b1101,
    Lt = 0b0001,
    Le = 0b0011,
    Gt = 0b0100,
    Ge = 0b0110,
    NotLt = 0b1110,
    NotLe = 0b1100,
    NotGt = 0b1011,
    NotGe = 0b1001,
}

impl Cmp {
    /// Whether the outcome numbered `outcome` (0 less, 1 equal, 2
    /// greater, 3 unordered) satisfies the comparison.
    #[inline(always)]
    fn holds_outcome(self, outcome: u32) -> bool {
        (self as u32 >> outcome) & 1 != 0
    }

    /// Whether `ord` satisfies the comparison.
    #[inline(always)]
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        self.holds_outcome((ord as i32 + 1) as u32)
    }

    /// The comparison on two ints, without a branch on the kind.
    #[inline(always)]
    pub fn holds_i64(self, x: i64, y: i64) -> bool {
        self.holds_outcome(u32::from(x >= y) + u32::from(x > y))
    }

    /// The comparison on two floats (a NaN satisfies only the negations
    /// and `Ne`, as in [`Cmp::holds_partial`]).
    #[inline(always)]
    pub fn holds_f64(self, x: f64, y: f64) -> bool {
        let unordered = x.is_nan() | y.is_nan();
        let outcome = if unordered {
            3
        } else {
            u32::from(x >= y) + u32::from(x > y)
        };
        self.holds_outcome(outcome)
    }

    /// The same for values that may be unordered (`None`, a NaN): no
    /// comparison holds then, so every negation does.
    pub fn holds_partial(self, ord: Option<std::cmp::Ordering>) -> bool {
        match ord {
            Some(o) => self.holds(o),
            None => self.holds_outcome(3),
        }
    }

    pub fn negated(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
            Cmp::Lt => Cmp::NotLt,
            Cmp::Le => Cmp::NotLe,
            Cmp::Gt => Cmp::NotGt,
            Cmp::Ge => Cmp::NotGe,
            Cmp::NotLt => Cmp::Lt,
            Cmp::NotLe => Cmp::Le,
            Cmp::NotGt => Cmp::Gt,
            Cmp::NotGe => Cmp::Ge,
        }
    }
}

const _: () = assert!(std::mem::size_of::<Op>() == 8);

#[cfg(test)]
mod tests {
    use super::Cmp;
    use std::cmp::Ordering;

    const ALL: [Cmp; 10] = [
        Cmp::Eq,
        Cmp::Ne,
        Cmp::Lt,
        Cmp::Le,
        Cmp::Gt,
        Cmp::Ge,
        Cmp::NotLt,
        Cmp::NotLe,
        Cmp::NotGt,
        Cmp::NotGe,
    ];

    /// The comparison spelled out with Rust's operators.
    #[expect(
        clippy::neg_cmp_op_on_partial_ord,
        reason = "the negations must hold for NaN, which `!(x < y)` says directly"
    )]
    fn reference(cmp: Cmp, x: f64, y: f64) -> bool {
        match cmp {
            Cmp::Eq => x == y,
            Cmp::Ne => x != y,
            Cmp::Lt => x < y,
            Cmp::Le => x <= y,
            Cmp::Gt => x > y,
            Cmp::Ge => x >= y,
            Cmp::NotLt => !(x < y),
            Cmp::NotLe => !(x <= y),
            Cmp::NotGt => !(x > y),
            Cmp::NotGe => !(x >= y),
        }
    }

    #[test]
    fn the_outcome_sets_agree_with_the_operators() {
        let values = [
            f64::NEG_INFINITY,
            -2.0,
            -0.0,
            0.0,
            1.5,
            f64::INFINITY,
            f64::NAN,
        ];
        for cmp in ALL {
            for x in values {
                for y in values {
                    let want = reference(cmp, x, y);
                    assert_eq!(cmp.holds_f64(x, y), want, "{cmp:?} {x} {y}");
                    assert_eq!(
                        cmp.holds_partial(x.partial_cmp(&y)),
                        want,
                        "{cmp:?} {x} {y}"
                    );
                    if !x.is_nan() && !y.is_nan() && x.is_finite() && y.is_finite() {
                        let (i, j) = (x as i64, y as i64);
                        assert_eq!(cmp.holds_i64(i, j), reference(cmp, i as f64, j as f64));
                        assert_eq!(cmp.holds(i.cmp(&j)), cmp.holds_i64(i, j));
                    }
                }
            }
            assert_eq!(cmp.negated().negated(), cmp);
            for (x, y) in [(1.0, 2.0), (2.0, 2.0), (3.0, 2.0), (f64::NAN, 1.0)] {
                assert_eq!(cmp.negated().holds_f64(x, y), !cmp.holds_f64(x, y));
            }
        }
        assert!(Cmp::Lt.holds(Ordering::Less) && !Cmp::Lt.holds(Ordering::Equal));
    }
}
