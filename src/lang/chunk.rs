//! Compiled code. Everything here is `Send + Sync` (no `Rc`, no runtime
//! values), so the module registry can share a compiled module between threads
//! behind an `Arc` and compile each module exactly once.

use super::debug_info::DebugInfo;
use super::diagnostics::SourceFile;
use rustc_hash::FxHashSet;
use std::sync::Arc;

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
    /// `local op k`, pushing the result.
    AddLK {
        slot: u16,
        k: i32,
    },
    SubLK {
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
    /// Compare the top with constant `k`; jump if it fails.
    CmpKJump {
        cmp: Cmp,
        k: i32,
        target: u16,
    },
    /// Compare a local with constant `k`; jump if it fails.
    CmpLKJump {
        cmp: Cmp,
        slot: u16,
        k: i16,
        target: u16,
    },
    /// Compare a local with int constant `konst` of the table (for
    /// constants too wide for `CmpLKJump`); jump if it fails.
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

impl Op {
    /// Whether running this instruction, found at code position `at`, can
    /// raise an error. Only those need their source position recorded
    /// (an error's location and each traceback line come from the
    /// instruction that raised or the call waiting in a caller), so the
    /// position table leaves the others out. Anything not listed raises.
    pub fn may_raise(self, at: usize) -> bool {
        match self {
            Op::Const(_)
            | Op::SmallInt(_)
            | Op::Null
            | Op::True
            | Op::False
            | Op::Pop
            | Op::Dup
            | Op::StoreLocal(_)
            | Op::StoreGlobal(_)
            | Op::MakeCell(_)
            | Op::LoadCallee
            | Op::Closure(_)
            | Op::JumpIfFalse(_)
            | Op::JumpIfFalseKeep(_)
            | Op::JumpIfTrueKeep(_)
            | Op::MakeArray(_)
            | Op::MakeObject(_)
            | Op::SetupTry(_)
            | Op::SetupFinally(_) => false,
            // A backward jump is where a pending interrupt is raised.
            Op::Jump(target) => target as usize <= at,
            _ => true,
        }
    }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    NotLt,
    NotLe,
    NotGt,
    NotGe,
}

impl Cmp {
    /// Whether `ord` satisfies the comparison.
    #[inline(always)]
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Cmp::Eq => ord == Equal,
            Cmp::Ne => ord != Equal,
            Cmp::Lt => ord == Less,
            Cmp::Le => ord != Greater,
            Cmp::Gt => ord == Greater,
            Cmp::Ge => ord != Less,
            Cmp::NotLt => ord != Less,
            Cmp::NotLe => ord == Greater,
            Cmp::NotGt => ord != Greater,
            Cmp::NotGe => ord == Less,
        }
    }

    /// The comparison on two floats (a NaN satisfies only the negations,
    /// as in [`Cmp::holds_partial`]).
    #[inline(always)]
    #[expect(
        clippy::neg_cmp_op_on_partial_ord,
        reason = "the negations must hold for NaN, which `!(x < y)` says directly"
    )]
    pub fn holds_f64(self, x: f64, y: f64) -> bool {
        match self {
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

    /// The same for values that may be unordered (`None`, a NaN): no
    /// comparison holds then, so every negation does.
    pub fn holds_partial(self, ord: Option<std::cmp::Ordering>) -> bool {
        match ord {
            Some(o) => self.holds(o),
            None => matches!(
                self,
                Cmp::Ne | Cmp::NotLt | Cmp::NotLe | Cmp::NotGt | Cmp::NotGe
            ),
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

#[derive(Clone, Debug)]
pub enum Constant {
    Int(i64),
    Float(f64),
    Str(Arc<str>),
}

/// Where a closure's upvalue comes from when the closure is created.
#[derive(Clone, Copy, Debug)]
pub enum Capture {
    /// A cell in the enclosing function's local slot.
    Local(u32),
    /// One of the enclosing function's own upvalues.
    Upvalue(u32),
}

/// A compiled function. Everything is fixed once compiled, so the lists
/// are boxed slices (no spare capacity), and the function's own name and
/// its string constants are shared `Arc<str>`s: the compiler hands out one
/// allocation per distinct string in a module.
#[derive(Debug)]
pub struct FuncProto {
    /// `<module>` for top-level code, `<anonymous>` for unnamed functions.
    pub name: Arc<str>,
    /// The parameters are the first `arity` local slots.
    pub arity: u32,
    pub num_slots: u32,
    /// The deepest the operand stack above the locals can get (computed
    /// from the code by the compiler; the VM relies on it being enough).
    pub max_stack: u32,
    pub code: Box<[Op]>,
    /// The name of each local slot (`""` for hidden temporaries), then of
    /// each upvalue; the source byte offset of each instruction.
    pub debug: DebugInfo,
    pub consts: Box<[Constant]>,
    pub children: Box<[Arc<FuncProto>]>,
    pub captures: Box<[Capture]>,
    pub file: Arc<SourceFile>,
    pub anonymous: bool,
}

/// A compiled module or program (or one REPL input).
#[derive(Debug)]
pub struct Chunk {
    pub main: Arc<FuncProto>,
    /// Global variable names by index; REPL inputs extend the session's list.
    pub global_names: Vec<Arc<str>>,
    pub file: Arc<SourceFile>,
}

const _: () = assert!(std::mem::size_of::<Op>() == 8);

impl FuncProto {
    /// A function with no code, parameters or names (for tests and
    /// placeholders).
    pub fn empty(name: &str, file: Arc<SourceFile>, anonymous: bool) -> FuncProto {
        FuncProto {
            name: name.into(),
            arity: 0,
            num_slots: 0,
            max_stack: 0,
            code: Box::default(),
            debug: DebugInfo::default(),
            consts: Box::default(),
            children: Box::default(),
            captures: Box::default(),
            file,
            anonymous,
        }
    }

    /// The parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.debug.names().take(self.arity as usize)
    }

    /// The variable name of local slot `slot` (`""` for a hidden one).
    pub fn slot_name(&self, slot: u32) -> Option<&str> {
        if slot >= self.num_slots {
            return None;
        }
        self.debug.names().nth(slot as usize)
    }

    /// The variable name of upvalue `index`.
    pub fn upvalue_name(&self, index: u32) -> Option<&str> {
        if index as usize >= self.captures.len() {
            return None;
        }
        self.debug
            .names()
            .nth(self.num_slots as usize + index as usize)
    }

    /// The source byte offset of instruction `index`.
    pub fn offset_of(&self, index: usize) -> Option<u32> {
        self.debug.offset_of(index)
    }

    /// A readable listing of this function and the ones nested in it.
    pub fn disassemble(&self) -> String {
        let mut out = format!(
            "function {} ({} slots, stack {})\n",
            self.name, self.num_slots, self.max_stack
        );
        for (i, op) in self.code.iter().enumerate() {
            out.push_str(&format!("{i:5}  {op:?}\n"));
        }
        for child in self.children.iter() {
            out.push_str(&child.disassemble());
        }
        out
    }
}

/// Heap bytes of compiled code, counted with each shared allocation (a name
/// or string constant used in many places, a nested prototype) once.
#[derive(Default)]
struct MemoryCount {
    seen: FxHashSet<*const u8>,
    bytes: usize,
}

/// The two reference counts in front of every `Arc` allocation.
const ARC_COUNTS: usize = 2 * std::mem::size_of::<usize>();

impl MemoryCount {
    /// A shared string: its bytes and counts the first time it is met (the
    /// pointer to it is counted by whatever holds it).
    fn string(&mut self, s: &Arc<str>) {
        if self.seen.insert(s.as_ptr()) {
            self.bytes += ARC_COUNTS + s.len();
        }
    }

    fn strings(&mut self, list: &[Arc<str>]) {
        self.bytes += std::mem::size_of_val(list);
        for s in list {
            self.string(s);
        }
    }

    fn proto(&mut self, proto: &FuncProto) {
        self.bytes += std::mem::size_of_val(&*proto.code)
            + proto.debug.memory_bytes()
            + std::mem::size_of_val(&*proto.consts)
            + std::mem::size_of_val(&*proto.captures)
            + std::mem::size_of_val(&*proto.children);
        self.string(&proto.name);
        for constant in proto.consts.iter() {
            if let Constant::Str(s) = constant {
                self.string(s);
            }
        }
        for child in proto.children.iter() {
            self.arc_proto(child);
        }
    }

    fn arc_proto(&mut self, proto: &Arc<FuncProto>) {
        if self.seen.insert(Arc::as_ptr(proto).cast()) {
            self.bytes += ARC_COUNTS + std::mem::size_of::<FuncProto>();
            self.proto(proto);
        }
    }
}

impl Chunk {
    /// Estimated heap bytes of the compiled module: instructions, position
    /// tables, constants, name lists, prototypes and the global name table.
    /// A string shared by several places (the compiler gives each distinct
    /// name one allocation) is counted once, by its address, plus the
    /// 16-byte pointer in each place that holds it. An estimate from the
    /// types' sizes, not an allocator measurement; the source text is not
    /// counted.
    pub fn memory_bytes(&self) -> usize {
        let mut count = MemoryCount::default();
        count.arc_proto(&self.main);
        count.strings(&self.global_names);
        count.bytes
    }
}
