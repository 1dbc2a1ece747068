//! The rule of dependence (docs/architecture.md), checked on the source
//! text: `lang` names nothing above it, each layer names only layers below
//! it, and no two top-level modules reach each other. A path is read where
//! it is written (`crate::x`, `crate::{x, y}`, `super::super::x`), in code
//! and in doc links alike, so a new upward edge fails here before review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules that are other names for a part of `lang` (re-exported at the
/// crate root for the layers above).
const ALIASES: &[(&str, &str)] = &[("memory", "lang"), ("limits", "lang")];

/// The layers, bottom first (docs/architecture.md). A module may name the
/// modules of lower rungs only; modules on one rung do not name each other.
const RUNGS: &[&[&str]] = &[
    &["util", "alloc"],
    &["lang"],
    &["capabilities"],
    &["stdlib", "config"],
    &["runtime", "bridge"],
    &["registry"],
    &["driver", "check"],
    &["repl"],
];

fn rung(module: &str) -> Option<usize> {
    RUNGS.iter().position(|r| r.contains(&alias(module)))
}

/// Whether `layer` must not name `name`: a module on its own rung or above,
/// or (inside `lang`) the crate-root aliases of its own parts, which exist
/// for the layers above.
fn forbidden(layer: &str, name: &str) -> bool {
    if layer == "lang" && ALIASES.iter().any(|(a, _)| *a == name) {
        return true;
    }
    match (rung(layer), rung(name)) {
        (Some(from), Some(to)) => name != layer && to >= from,
        _ => false,
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file under `src/` belongs to (`None` for the
/// crate roots).
fn top_module(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn ident_at(text: &str) -> &str {
    let end = text.find(|c| !is_ident_char(c)).unwrap_or(text.len());
    &text[..end]
}

/// The top-level names `text` reaches through `crate::`: `crate::a::b` gives
/// `a`, `crate::{a, b::c}` gives `a` and `b`.
fn crate_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(is_ident_char) {
            continue; // `my_crate::`, not ours
        }
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            names.extend(group_heads(group));
        } else {
            names.push(ident_at(rest).to_string());
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The first name of each path in a `{...}` group (nested groups skipped).
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => expect_head = true,
            c if expect_head && depth == 0 && is_ident_char(c) => {
                heads.push(ident_at(&group[i..]).to_string());
                expect_head = false;
            }
            _ => {}
        }
    }
    heads
}

/// `super::` chains in `text`: how many `super`s, and the name after them.
fn super_chains(text: &str) -> Vec<(usize, String)> {
    let mut chains = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("super::") {
        let at = from + found;
        let before = text[..at].chars().next_back();
        let mut rest = &text[at..];
        let mut count = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            count += 1;
            rest = r;
        }
        from = text.len() - rest.len();
        if !before.is_some_and(|c| is_ident_char(c) || c == ':') {
            chains.push((count, ident_at(rest).to_string()));
        }
    }
    chains
}

/// How many `super`s lead from the top of `file` (module `lang::a::b`) to
/// the crate root; a file with inline modules may use one more.
fn depth_below_crate(file: &Path) -> usize {
    let rel = file.strip_prefix(src()).expect("under src");
    let parts = rel.components().count();
    if rel.file_name().is_some_and(|n| n == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

fn alias(name: &str) -> &str {
    ALIASES
        .iter()
        .find(|(a, _)| *a == name)
        .map_or(name, |(_, real)| real)
}

/// Every breach of the rungs in the source tree, as `file: names x`.
fn breaches() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let Some(layer) = top_module(file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable source");
        let shown = file.strip_prefix(src()).expect("under src").display();
        for name in crate_names(&text) {
            if forbidden(&layer, &name) {
                found.push(format!("src/{shown}: names crate::{name}"));
            }
        }
        let has_inline_mods = text.contains("\nmod ") || text.contains("    mod ");
        let slack = usize::from(has_inline_mods);
        for (count, name) in super_chains(&text) {
            let escapes = count + 1 > depth_below_crate(file) + slack && layer == "lang";
            if escapes || forbidden(&layer, &name) {
                let chain = "super::".repeat(count);
                found.push(format!("src/{shown}: {chain}{name} leaves {layer}"));
            }
        }
    }
    found
}

#[test]
fn no_layer_names_a_layer_above_it() {
    let found = breaches();
    assert!(
        found.is_empty(),
        "upward dependences:\n{}",
        found.join("\n")
    );
}

/// The edges between top-level modules (`a` → `b` when a file of `a` names
/// `crate::b`), aliases folded into what they name.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let tops: BTreeSet<String> = files.iter().filter_map(|f| top_module(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(from) = top_module(file) else {
            continue;
        };
        let from = alias(&from).to_string();
        let text = std::fs::read_to_string(file).expect("readable source");
        for name in crate_names(&text) {
            let to = alias(&name).to_string();
            if to != from && tops.contains(&name) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// A cycle through `start`, if the graph has one.
fn cycle_from(
    graph: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    let here = path.last().expect("a path").clone();
    for next in graph.get(&here).into_iter().flatten() {
        if let Some(at) = path.iter().position(|p| p == next) {
            let mut cycle = path[at..].to_vec();
            cycle.push(next.clone());
            return Some(cycle);
        }
        if done.contains(next) {
            continue;
        }
        path.push(next.clone());
        if let Some(cycle) = cycle_from(graph, path, done) {
            return Some(cycle);
        }
        path.pop();
    }
    done.insert(here);
    None
}

#[test]
fn top_level_modules_form_no_cycle() {
    let graph = module_graph();
    assert!(
        graph.contains_key("stdlib"),
        "the scan sees the crate: {graph:?}"
    );
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        let mut path = vec![start.clone()];
        if let Some(cycle) = cycle_from(&graph, &mut path, &mut done) {
            panic!("modules reach each other: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn every_top_level_module_has_a_rung() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for module in files.iter().filter_map(|f| top_module(f)) {
        assert!(rung(&module).is_some(), "{module} is on no rung of RUNGS");
    }
    assert!(forbidden("lang", "stdlib") && forbidden("stdlib", "config"));
    assert!(!forbidden("stdlib", "lang") && !forbidden("repl", "driver"));
    assert!(forbidden("lang", "memory") && !forbidden("repl", "limits"));
}

#[test]
fn the_scanner_sees_every_way_of_naming_a_module() {
    assert_eq!(crate_names("use crate::stdlib::load;"), ["stdlib"]);
    assert_eq!(
        crate_names("use crate::{lang::vm, registry, bridge::{a, b}};"),
        ["lang", "registry", "bridge"]
    );
    assert_eq!(crate_names("x = crate::config::absolute(p);"), ["config"]);
    assert!(crate_names("use other_crate::stdlib;").is_empty());
    assert_eq!(
        super_chains("use super::super::stdlib; super::x"),
        [(2, "stdlib".to_string()), (1, "x".to_string())]
    );
    assert_eq!(group_heads("a, b::{c, d}, e}"), ["a", "b", "e"]);
}
