//! Compiled code. Everything here is `Send + Sync` (no `Rc`, no runtime
//! values), so the module registry can share a compiled module between threads
//! behind an `Arc` and compile each module exactly once.

use super::debug_info::DebugInfo;
use super::diagnostics::SourceFile;
pub use super::op::{Arith, Cmp, Op};
use rustc_hash::FxHashSet;
use std::sync::Arc;

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
