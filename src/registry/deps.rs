//! The order in which a reload that follows dependencies re-runs modules.
//!
//! Modules are shared handles, so a module that imported `base` already
//! calls `base`'s new functions after a reload; what it computed from `base`
//! while its own top level ran does not change until that top level runs
//! again. A reload of `base` with its dependents therefore re-runs every
//! module that imports `base`, directly or through others, each once, and
//! each after every module it imports (a topological order of the import
//! graph). Pure graph code over names, so it is tested on plain data.

use std::collections::{BTreeMap, BTreeSet};

/// Modules to re-run, in order, and what could not be ordered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReloadPlan {
    /// The changed modules and their dependents, each after its imports.
    pub order: Vec<String>,
    /// Import cycles met among them, each as `a -> b -> a` (a imports b).
    pub cycles: Vec<Vec<String>>,
    /// Dependents left out because they sit on or behind a cycle, where no
    /// order is right.
    pub skipped: Vec<String>,
}

/// Plan a reload of `roots` and of every module that imports one of them,
/// directly or not. `importers(name)` lists the modules importing `name`
/// that should take part (the caller leaves out modules that are not
/// loaded). Ties are broken by name so that the order is reproducible.
///
/// A root is always reloaded, even on a cycle (the user asked for it or its
/// file changed); a dependent on a cycle is skipped and the cycle reported.
pub fn plan(roots: &[String], importers: impl Fn(&str) -> Vec<String>) -> ReloadPlan {
    let graph = Graph::collect(roots, importers);
    let mut waiting: BTreeMap<&str, usize> = graph
        .nodes
        .iter()
        .map(|n| (n.as_str(), graph.imports_within(n).len()))
        .collect();
    let mut ready: BTreeSet<&str> = waiting
        .iter()
        .filter(|(_, &count)| count == 0)
        .map(|(n, _)| *n)
        .collect();
    let mut plan = ReloadPlan::default();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    loop {
        while let Some(name) = ready.pop_first() {
            if !done.insert(name) {
                continue;
            }
            plan.order.push(name.to_string());
            for user in graph.users(name) {
                if let Some(count) = waiting.get_mut(user.as_str()) {
                    *count = count.saturating_sub(1);
                    if *count == 0 && !done.contains(user.as_str()) {
                        ready.insert(user.as_str());
                    }
                }
            }
        }
        let stuck: BTreeSet<&str> = graph
            .nodes
            .iter()
            .map(String::as_str)
            .filter(|n| !done.contains(n))
            .collect();
        if stuck.is_empty() {
            break;
        }
        let cycle = graph.cycle_within(&stuck);
        if !plan.cycles.contains(&cycle) {
            plan.cycles.push(cycle);
        }
        match stuck.iter().find(|n| graph.roots.contains(**n)) {
            Some(root) => {
                ready.insert(root);
            }
            None => {
                plan.skipped = stuck.iter().map(|n| n.to_string()).collect();
                break;
            }
        }
    }
    plan
}

/// The part of the import graph a reload touches.
struct Graph {
    roots: BTreeSet<String>,
    nodes: BTreeSet<String>,
    /// name → the modules (among `nodes`) that import it.
    importers: BTreeMap<String, Vec<String>>,
}

impl Graph {
    fn collect(roots: &[String], importers: impl Fn(&str) -> Vec<String>) -> Graph {
        let roots: BTreeSet<String> = roots.iter().cloned().collect();
        let mut nodes = roots.clone();
        let mut edges = BTreeMap::new();
        let mut queue: Vec<String> = roots.iter().cloned().collect();
        while let Some(name) = queue.pop() {
            let users = importers(&name);
            for user in &users {
                if nodes.insert(user.clone()) {
                    queue.push(user.clone());
                }
            }
            edges.insert(name, users);
        }
        Graph {
            roots,
            nodes,
            importers: edges,
        }
    }

    fn users(&self, name: &str) -> &[String] {
        self.importers.get(name).map_or(&[], Vec::as_slice)
    }

    /// The modules among the nodes that `name` imports.
    fn imports_within(&self, name: &str) -> Vec<&str> {
        self.importers
            .iter()
            .filter(|(_, users)| users.iter().any(|u| u == name))
            .map(|(imported, _)| imported.as_str())
            .collect()
    }

    /// A cycle among `stuck`: every stuck module still waits for an import
    /// that is stuck too, so following those imports must come back to a
    /// module already seen.
    fn cycle_within(&self, stuck: &BTreeSet<&str>) -> Vec<String> {
        let Some(&start) = stuck.first() else {
            return Vec::new();
        };
        let mut path: Vec<&str> = vec![start];
        loop {
            let current = path[path.len() - 1];
            let next = self
                .imports_within(current)
                .into_iter()
                .find(|n| stuck.contains(n));
            let Some(next) = next else {
                return path.iter().map(|n| n.to_string()).collect();
            };
            if let Some(seen) = path.iter().position(|n| *n == next) {
                let mut cycle: Vec<String> = path[seen..].iter().map(|n| n.to_string()).collect();
                cycle.push(next.to_string());
                return cycle;
            }
            path.push(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `importers` over a list of (module, what it imports).
    fn graph(edges: &[(&str, &[&str])]) -> impl Fn(&str) -> Vec<String> {
        let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (module, imports) in edges {
            for imported in *imports {
                users
                    .entry(imported.to_string())
                    .or_default()
                    .push(module.to_string());
            }
        }
        move |name| users.get(name).cloned().unwrap_or_default()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_module_nobody_imports_is_reloaded_alone() {
        let p = plan(&names(&["a"]), graph(&[("b", &["c"])]));
        assert_eq!(p.order, names(&["a"]));
        assert!(p.cycles.is_empty() && p.skipped.is_empty());
    }

    #[test]
    fn a_chain_runs_from_the_changed_module_up() {
        let p = plan(
            &names(&["base"]),
            graph(&[("mid", &["base"]), ("top", &["mid"]), ("other", &["x"])]),
        );
        assert_eq!(p.order, names(&["base", "mid", "top"]));
    }

    #[test]
    fn a_diamond_runs_each_module_once_after_all_its_imports() {
        let p = plan(
            &names(&["base"]),
            graph(&[
                ("left", &["base"]),
                ("right", &["base"]),
                ("top", &["right", "left", "base"]),
            ]),
        );
        assert_eq!(p.order, names(&["base", "left", "right", "top"]));
    }

    #[test]
    fn several_changed_modules_are_ordered_among_themselves() {
        // `top` changed too, but must wait for `mid`, which imports `base`.
        let p = plan(
            &names(&["top", "base"]),
            graph(&[("mid", &["base"]), ("top", &["mid"])]),
        );
        assert_eq!(p.order, names(&["base", "mid", "top"]));
    }

    #[test]
    fn a_cycle_among_dependents_is_reported_and_skipped() {
        let p = plan(
            &names(&["base"]),
            graph(&[("a", &["base", "b"]), ("b", &["a"]), ("c", &["base"])]),
        );
        assert_eq!(p.order, names(&["base", "c"]));
        assert_eq!(p.cycles, vec![names(&["a", "b", "a"])]);
        assert_eq!(p.skipped, names(&["a", "b"]));
    }

    #[test]
    fn a_changed_module_on_a_cycle_is_still_reloaded() {
        let p = plan(&names(&["a"]), graph(&[("a", &["b"]), ("b", &["a"])]));
        assert_eq!(p.order, names(&["a", "b"]));
        assert_eq!(p.cycles, vec![names(&["a", "b", "a"])]);
        assert!(p.skipped.is_empty());
    }

    #[test]
    fn a_module_importing_itself_is_a_cycle() {
        let p = plan(&names(&["base"]), graph(&[("loop", &["base", "loop"])]));
        assert_eq!(p.order, names(&["base"]));
        assert_eq!(p.cycles, vec![names(&["loop", "loop"])]);
        assert_eq!(p.skipped, names(&["loop"]));
    }
}
