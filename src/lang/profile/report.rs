//! What a profiled run measured, in the two shapes users read: one row per
//! function (the table, `profile_report()`) and folded stacks for flame
//! graph tools (`--profile-out`).

use super::{Node, Tables, NONE, ROOT};
use std::io::{self, Write};

/// One function's line of the profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileRow {
    pub name: String,
    pub calls: u64,
    /// Time inside the function's outermost calls, callees included.
    pub total_ns: u64,
    /// Time in the function's own code, callees excluded.
    pub self_ns: u64,
}

impl ProfileRow {
    /// Inclusive time per call, in microseconds.
    pub fn per_call_us(&self) -> f64 {
        if self.calls == 0 {
            0.0
        } else {
            self.total_ns as f64 / self.calls as f64 / 1000.0
        }
    }
}

/// A finished (or snapshot) profile.
#[derive(Clone, Default)]
pub struct ProfileReport {
    /// Sorted by self time, largest first (ties by name).
    pub rows: Vec<ProfileRow>,
    /// Wall time from the start of recording to the report.
    pub wall_ns: u64,
    names: Vec<String>,
    tree: Vec<TreeNode>,
}

#[derive(Clone)]
struct TreeNode {
    func: u32,
    first_child: u32,
    next_sibling: u32,
    self_ns: u64,
}

impl Tables {
    pub(super) fn report(&self, wall_ns: u64) -> ProfileReport {
        let mut rows: Vec<ProfileRow> = self
            .funcs
            .iter()
            .map(|f| ProfileRow {
                name: f.name.clone(),
                calls: 0,
                total_ns: f.total_ns,
                self_ns: 0,
            })
            .collect();
        for node in &self.nodes {
            if let Some(row) = rows.get_mut(node.func as usize) {
                row.calls += node.calls;
                row.self_ns += node.self_ns;
            }
        }
        let names = rows.iter().map(|r| r.name.clone()).collect();
        rows.retain(|r| r.calls > 0);
        rows.sort_by(|a, b| b.self_ns.cmp(&a.self_ns).then_with(|| a.name.cmp(&b.name)));
        ProfileReport {
            rows,
            wall_ns,
            names,
            tree: self.nodes.iter().map(tree_node).collect(),
        }
    }
}

fn tree_node(node: &Node) -> TreeNode {
    TreeNode {
        func: node.func,
        first_child: node.first_child,
        next_sibling: node.next_sibling,
        self_ns: node.self_ns,
    }
}

impl ProfileReport {
    /// The row of function `name`, if it was called.
    pub fn row(&self, name: &str) -> Option<&ProfileRow> {
        self.rows.iter().find(|r| r.name == name)
    }

    /// Folded stacks, one line per distinct stack: the function names from
    /// the outermost call down, joined by `;`, a space, and the stack's
    /// self time in whole microseconds. Stacks under half a microsecond are
    /// left out (they would be drawn as nothing). Written depth first, so
    /// memory stays proportional to the deepest stack.
    pub fn write_folded(&self, out: &mut dyn Write) -> io::Result<()> {
        let Some(root) = self.tree.get(ROOT as usize) else {
            return Ok(());
        };
        let mut path = String::new();
        // (node, length of `path` before the node's name was added)
        let mut pending: Vec<(u32, usize)> = Vec::new();
        push_children(&self.tree, root.first_child, 0, &mut pending);
        while let Some((at, cut)) = pending.pop() {
            let node = &self.tree[at as usize];
            path.truncate(cut);
            if cut > 0 {
                path.push(';');
            }
            path.push_str(&frame_name(self.name_of(node.func)));
            let micros = (node.self_ns + 500) / 1000;
            if micros > 0 {
                writeln!(out, "{path} {micros}")?;
            }
            push_children(&self.tree, node.first_child, path.len(), &mut pending);
        }
        Ok(())
    }

    fn name_of(&self, func: u32) -> &str {
        self.names.get(func as usize).map_or("?", |n| n.as_str())
    }
}

/// Queue a node's children so that they come out in the order they were
/// first called (children are linked newest first).
fn push_children(tree: &[TreeNode], first: u32, cut: usize, pending: &mut Vec<(u32, usize)>) {
    let mut at = first;
    while at != NONE {
        pending.push((at, cut));
        at = tree[at as usize].next_sibling;
    }
}

/// A function name as one frame of a folded line: `;` separates frames and
/// a line break ends the line, so neither may appear inside a name.
fn frame_name(name: &str) -> String {
    name.replace(';', ",").replace(['\n', '\r'], " ")
}
