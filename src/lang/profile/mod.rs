//! The function profiler's recorder: what `mlpy run --profile` and the
//! REPL's `.profile` measure while ML code runs.
//!
//! The VM tells it about three events only — an ML frame was entered, a
//! native function is being called, frames were left — so it costs nothing
//! per instruction, and nothing at all while profiling is off (the VM holds
//! no recorder then). Calls are kept as a call tree: one node per distinct
//! stack, with its call count and self time. The tree gives the folded
//! stacks of a flame graph directly; the per-function rows are sums over
//! its nodes, except the total (inclusive) time, which is summed at run time
//! only for a function's outermost active call so that recursion is not
//! counted twice.
//!
//! Frames are matched to entries by VM frame depth, not by pairing every
//! return with its call: when an exception unwinds several frames, the VM
//! says how deep the stack now is and every entry above closes at the same
//! instant. A native call closes back to the entry count it started from,
//! whether it returned or raised.

mod clock;
mod report;

pub use report::{ProfileReport, ProfileRow};

use clock::Clock;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// The tree stops growing past this many distinct stacks (a program whose
/// call paths never repeat could otherwise fill memory); calls on newer
/// stacks are then counted under one `[more stacks]` node.
const MAX_NODES: usize = 1 << 20;

/// What a function is, told by the VM the first time the recorder meets it.
pub struct FuncInfo {
    /// `algorithms.sorting.quicksort`, `math.sqrt`, `m.hash [python]`.
    pub name: String,
    /// ML functions: another compiled function of the same name (a reload
    /// or a redefinition) becomes its own row, marked `(v2)`. Natives of
    /// one name share a row whatever value carries them.
    pub versioned: bool,
    /// Held (a weak handle, which keeps the allocation but not the value)
    /// so that the address used as the function's key is not reused by
    /// another function while the recorder runs.
    pub keep: Box<dyn std::any::Any>,
}

#[derive(Clone)]
struct Node {
    /// The callee's address (its compiled prototype or native function).
    key: usize,
    func: u32,
    first_child: u32,
    next_sibling: u32,
    calls: u64,
    self_ns: u64,
}

#[derive(Clone)]
struct Func {
    name: String,
    /// Calls of this function now open (recursion makes it more than one).
    active: u32,
    /// Time inside its outermost open calls, summed as they close.
    total_ns: u64,
}

/// A call not yet closed.
#[derive(Clone)]
struct Open {
    node: u32,
    /// For ML frames the VM frame count with the frame pushed; a native
    /// call records the count of its caller and is closed by its own
    /// entry count instead.
    depth: u32,
    start: u64,
    /// Time spent in calls made from this one (closed ones).
    child_ns: u64,
}

/// The parts a report is built from (cloned for a report taken mid-run).
#[derive(Clone)]
struct Tables {
    nodes: Vec<Node>,
    funcs: Vec<Func>,
    open: Vec<Open>,
}

/// Root of the call tree: no function, never closed.
const ROOT: u32 = 0;
const NONE: u32 = u32::MAX;

pub struct Profiler {
    clock: Clock,
    tables: Tables,
    /// Function ids by callee address, and by name (versions, natives).
    by_key: FxHashMap<usize, u32>,
    by_name: FxHashMap<String, (u32, u32)>,
    /// Node collecting calls once the tree is full.
    overflow: Option<u32>,
    keep: Vec<Box<dyn std::any::Any>>,
    /// Module names of global scopes seen running a top level while the
    /// recorder was on (a module's functions are named after it).
    scopes: FxHashMap<usize, (Rc<str>, Box<dyn std::any::Any>)>,
}

impl Default for Profiler {
    fn default() -> Self {
        Profiler::new()
    }
}

impl Profiler {
    pub fn new() -> Profiler {
        let root = Node {
            key: 0,
            func: NONE,
            first_child: NONE,
            next_sibling: NONE,
            calls: 0,
            self_ns: 0,
        };
        Profiler {
            clock: Clock::start(),
            tables: Tables {
                nodes: vec![root],
                funcs: Vec::new(),
                open: Vec::new(),
            },
            by_key: FxHashMap::default(),
            by_name: FxHashMap::default(),
            overflow: None,
            keep: Vec::new(),
            scopes: FxHashMap::default(),
        }
    }

    /// Open a call of the function at `key` if the recorder has met it on
    /// this stack before (the common case); `false` when the VM must
    /// describe it first with [`Profiler::enter_new`].
    #[inline]
    pub fn enter_known(&mut self, key: usize, depth: u32) -> bool {
        let parent = self.current_node();
        match self.child(parent, key) {
            Some(node) => {
                self.open(node, depth);
                true
            }
            None => false,
        }
    }

    /// Whether the function at `key` already has an id (then
    /// [`Profiler::enter_new`] needs no description).
    pub fn knows(&self, key: usize) -> bool {
        self.by_key.contains_key(&key)
    }

    /// Open a call on a stack not seen before; `info` describes the
    /// function when it is new to the recorder.
    pub fn enter_new(&mut self, key: usize, depth: u32, info: Option<FuncInfo>) {
        let func = match self.by_key.get(&key) {
            Some(&f) => f,
            None => self.add_func(key, info),
        };
        let parent = self.current_node();
        let node = self.add_node(parent, key, func);
        self.open(node, depth);
    }

    /// Entries open now; a native call closes back to this count.
    pub fn mark(&self) -> usize {
        self.tables.open.len()
    }

    /// Close every open entry deeper than `depth` VM frames (a return, or
    /// frames an exception unwound). Natives record their caller's depth,
    /// so a native still running below the frame stays open.
    pub fn close_frames_above(&mut self, depth: u32) {
        let open = &self.tables.open;
        let mut keep = open.len();
        while keep > 0 && open[keep - 1].depth > depth {
            keep -= 1;
        }
        if keep < open.len() {
            let now = self.clock.now();
            self.tables.close_to(keep, now);
        }
    }

    /// Close entries down to `mark` open ones (the end of a native call).
    pub fn close_to(&mut self, mark: usize) {
        if mark < self.tables.open.len() {
            let now = self.clock.now();
            self.tables.close_to(mark, now);
        }
    }

    /// Remember that global scope `scope` belongs to module `name`.
    pub fn name_scope(&mut self, scope: usize, name: Rc<str>, keep: Box<dyn std::any::Any>) {
        self.scopes.entry(scope).or_insert((name, keep));
    }

    /// The module name recorded for a global scope, if any.
    pub fn scope_name(&self, scope: usize) -> Option<&Rc<str>> {
        self.scopes.get(&scope).map(|(name, _)| name)
    }

    /// The data so far; calls still open count as if they closed now.
    pub fn report(&self) -> ProfileReport {
        let mut tables = self.tables.clone();
        tables.close_to(0, self.clock.now());
        tables.report(self.clock.elapsed_ns())
    }

    /// Stop recording and close everything still open.
    pub fn finish(mut self) -> ProfileReport {
        let now = self.clock.now();
        self.tables.close_to(0, now);
        self.tables.report(self.clock.elapsed_ns())
    }

    fn current_node(&self) -> u32 {
        self.tables.open.last().map_or(ROOT, |o| o.node)
    }

    #[inline]
    fn child(&self, parent: u32, key: usize) -> Option<u32> {
        let nodes = &self.tables.nodes;
        let mut at = nodes[parent as usize].first_child;
        while at != NONE {
            let node = &nodes[at as usize];
            if node.key == key {
                return Some(at);
            }
            at = node.next_sibling;
        }
        None
    }

    fn open(&mut self, node: u32, depth: u32) {
        let func = self.tables.nodes[node as usize].func;
        if let Some(f) = self.tables.funcs.get_mut(func as usize) {
            f.active += 1;
        }
        let start = self.clock.now();
        self.tables.open.push(Open {
            node,
            depth,
            start,
            child_ns: 0,
        });
    }

    fn add_func(&mut self, key: usize, info: Option<FuncInfo>) -> u32 {
        let info = info.unwrap_or_else(|| FuncInfo {
            name: format!("<function at {key:#x}>"),
            versioned: false,
            keep: Box::new(()),
        });
        self.keep.push(info.keep);
        let id = match self.by_name.get_mut(&info.name) {
            Some((id, _)) if !info.versioned => *id,
            Some((_, versions)) => {
                *versions += 1;
                let name = format!("{} (v{versions})", info.name);
                self.push_func(name)
            }
            None => {
                let id = self.push_func(info.name.clone());
                self.by_name.insert(info.name, (id, 1));
                id
            }
        };
        self.by_key.insert(key, id);
        id
    }

    fn push_func(&mut self, name: String) -> u32 {
        let id = self.tables.funcs.len() as u32;
        self.tables.funcs.push(Func {
            name,
            active: 0,
            total_ns: 0,
        });
        id
    }

    fn add_node(&mut self, parent: u32, key: usize, func: u32) -> u32 {
        if self.tables.nodes.len() >= MAX_NODES {
            return self.overflow_node();
        }
        let id = self.tables.nodes.len() as u32;
        let next_sibling = self.tables.nodes[parent as usize].first_child;
        self.tables.nodes.push(Node {
            key,
            func,
            first_child: NONE,
            next_sibling,
            calls: 0,
            self_ns: 0,
        });
        self.tables.nodes[parent as usize].first_child = id;
        id
    }

    /// The `[more stacks]` node under the root: its calls and time are
    /// real, only their stacks are lost.
    fn overflow_node(&mut self) -> u32 {
        if let Some(node) = self.overflow {
            return node;
        }
        let func = self.push_func("[more stacks]".to_string());
        let id = self.tables.nodes.len() as u32;
        self.tables.nodes.push(Node {
            key: 0,
            func,
            first_child: NONE,
            next_sibling: self.tables.nodes[ROOT as usize].first_child,
            calls: 0,
            self_ns: 0,
        });
        self.tables.nodes[ROOT as usize].first_child = id;
        self.overflow = Some(id);
        id
    }
}

impl Tables {
    /// Close open calls until `keep` remain, all at time `now`.
    fn close_to(&mut self, keep: usize, now: u64) {
        while self.open.len() > keep {
            let Some(call) = self.open.pop() else { break };
            let elapsed = now.saturating_sub(call.start);
            let node = &mut self.nodes[call.node as usize];
            node.calls += 1;
            node.self_ns += elapsed.saturating_sub(call.child_ns);
            if let Some(f) = self.funcs.get_mut(node.func as usize) {
                f.active = f.active.saturating_sub(1);
                if f.active == 0 {
                    f.total_ns += elapsed;
                }
            }
            if let Some(caller) = self.open.last_mut() {
                caller.child_ns += elapsed;
            }
        }
    }
}

#[cfg(test)]
mod tests;
