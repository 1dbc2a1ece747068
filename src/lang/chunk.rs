//! Compiled code. Everything here is `Send + Sync` (no `Rc`, no runtime
//! values), so the module registry can share a compiled module between threads
//! behind an `Arc` and compile each module exactly once.

use super::diagnostics::SourceFile;
use std::sync::Arc;

/// One VM instruction. Operands are indexes (slots, constants, jump targets)
/// small enough to keep an instruction at 8 bytes.
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
        slot: u32,
        k: i32,
    },
    SubLK {
        slot: u32,
        k: i32,
    },
    /// `global + k`, pushing the result.
    AddGK {
        slot: u32,
        k: i32,
    },
    /// Push two locals.
    LoadLocal2(u32, u32),
    /// Compare the top with constant `k`; jump if it fails.
    CmpKJump {
        cmp: Cmp,
        k: i32,
        target: u32,
    },
    /// Compare a local with constant `k`; jump if it fails.
    CmpLKJump {
        cmp: Cmp,
        slot: u32,
        k: i32,
        target: u32,
    },
    /// Compare two locals; jump if it fails.
    CmpLLJump {
        cmp: Cmp,
        a: u32,
        b: u32,
        target: u32,
    },
    /// `local_a[local_i]`, pushing the element.
    IndexLL(u32, u32),
    /// Pop a value and store it at `local_a[local_i]`.
    StoreIndexLL(u32, u32),
    /// `local.name` (name is a string constant), pushing the value.
    GetMemberL {
        slot: u32,
        name: u32,
    },
    /// Pop a value and store it as `local.name`.
    StoreMemberL {
        slot: u32,
        name: u32,
    },
    /// `recv.append(v)`: an array append without a method lookup; other
    /// receivers go through the general method call.
    CallAppend {
        name: u32,
    },
    /// `x = x + k` on a local or global (fused load, `AddK`, store).
    IncLocal {
        slot: u32,
        k: i32,
    },
    IncGlobal {
        slot: u32,
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
    /// Advance the iterator in `slot`; push the item, or jump when done.
    ForNext {
        slot: u16,
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

/// The ordering comparisons, for fused compare-and-branch instructions.
/// The `Not` forms are the negations (`NotLt` holds when `a < b` does
/// not, NaN included), which a loop's test at its bottom uses to jump back
/// while the condition holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
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

    /// The same for values that may be unordered (`None`, a NaN): no
    /// comparison holds then, so every negation does.
    pub fn holds_partial(self, ord: Option<std::cmp::Ordering>) -> bool {
        match ord {
            Some(o) => self.holds(o),
            None => matches!(self, Cmp::NotLt | Cmp::NotLe | Cmp::NotGt | Cmp::NotGe),
        }
    }

    pub fn negated(self) -> Cmp {
        match self {
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

#[derive(Debug)]
pub struct FuncProto {
    /// `<module>` for top-level code, `<anonymous>` for unnamed functions.
    pub name: Arc<str>,
    pub params: Vec<Arc<str>>,
    pub num_slots: u32,
    /// The deepest the operand stack above the locals can get (computed
    /// from the code by the compiler; the VM relies on it being enough).
    pub max_stack: u32,
    /// Variable name of each local slot (`""` for hidden temporaries), for
    /// "referenced before assignment" messages and debugging.
    pub slot_names: Vec<Arc<str>>,
    pub code: Vec<Op>,
    /// Byte offset in the source of each instruction, for error locations.
    pub spans: Vec<u32>,
    pub consts: Vec<Constant>,
    pub children: Vec<Arc<FuncProto>>,
    pub captures: Vec<Capture>,
    /// Variable name of each upvalue, for error messages.
    pub upvalue_names: Vec<Arc<str>>,
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

const _: () = assert!(std::mem::size_of::<Op>() <= 16);

impl FuncProto {
    /// A readable listing of this function and the ones nested in it.
    pub fn disassemble(&self) -> String {
        let mut out = format!(
            "function {} ({} slots, stack {})\n",
            self.name, self.num_slots, self.max_stack
        );
        for (i, op) in self.code.iter().enumerate() {
            out.push_str(&format!("{i:5}  {op:?}\n"));
        }
        for child in &self.children {
            out.push_str(&child.disassemble());
        }
        out
    }
}

impl FuncProto {
    /// Bytes held by this compiled function and the ones nested in it:
    /// instructions, the position table, constants (with string bytes),
    /// names and the prototype headers. An estimate of heap use, not an
    /// allocator measurement.
    pub fn memory_bytes(&self) -> usize {
        let names = |v: &[Arc<str>]| -> usize { v.iter().map(|s| s.len() + 16).sum() };
        let consts: usize = self
            .consts
            .iter()
            .map(|c| {
                std::mem::size_of::<Constant>()
                    + match c {
                        Constant::Str(s) => s.len(),
                        _ => 0,
                    }
            })
            .sum();
        std::mem::size_of::<FuncProto>()
            + self.code.len() * std::mem::size_of::<Op>()
            + self.spans.len() * std::mem::size_of::<u32>()
            + consts
            + names(&self.params)
            + names(&self.slot_names)
            + names(&self.upvalue_names)
            + self.captures.len() * std::mem::size_of::<Capture>()
            + self
                .children
                .iter()
                .map(|c| c.memory_bytes())
                .sum::<usize>()
    }
}

impl Chunk {
    /// Estimated bytes of the compiled module (see [`FuncProto::memory_bytes`]);
    /// the source text is not counted.
    pub fn memory_bytes(&self) -> usize {
        self.main.memory_bytes()
            + self
                .global_names
                .iter()
                .map(|s| s.len() + 16)
                .sum::<usize>()
    }
}
