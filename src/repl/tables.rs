//! Text of the report commands (`.modules`, `.modinfo`, `.perfmon`,
//! `.memreport`), laid out as in the design document: a heading, one boxed
//! comfy-table per module kind, then a summary. Every function here is a pure
//! function of report data (no registry, no VM, no clock), so the rendering
//! is tested on fixed numbers; the session gathers the data.
//!
//! No colours: the same text serves a terminal and a pipe, which keeps piped
//! sessions testable and honours `NO_COLOR` for free.

pub mod profile;

use crate::bridge::SharedCosts;
use crate::lang::value::ModuleKind;
use crate::registry::report::ModuleRow;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::Table;
use std::fmt::Write as _;

/// Kinds in the order the reports show them.
const KINDS: [ModuleKind; 3] = [
    ModuleKind::PythonBridge,
    ModuleKind::MlSource,
    ModuleKind::Builtin,
];

const RULE: &str = "═══════════════════════════════════════════════════════";

/// One discovered module for `.modules`; `row` is present once it has been
/// compiled or loaded (and so has measurements).
#[derive(Clone, Debug)]
pub struct ListedModule {
    pub name: String,
    pub kind: ModuleKind,
    pub row: Option<ModuleRow>,
    /// Its latest import failed (and nothing of it is loaded).
    pub failed: bool,
}

/// Everything `.modinfo` shows about one module: the registry's facts.
pub use crate::registry::info::{FunctionDetail, ModuleInfo as ModInfo};

/// `ML Source`, `Python Bridge`, `Built-in`.
pub fn kind_title(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::MlSource => "ML Source",
        ModuleKind::PythonBridge => "Python Bridge",
        ModuleKind::Builtin => "Built-in",
        ModuleKind::Namespace => "Namespace",
    }
}

/// Short lower-case label used inside tables and the `.reload` line.
pub fn kind_label(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::MlSource => "ML source",
        ModuleKind::PythonBridge => "Python bridge",
        ModuleKind::Builtin => "built-in",
        ModuleKind::Namespace => "namespace",
    }
}

/// `0.42ms`, `1.2ms`, `18ms`: two significant digits are all a human reads.
pub fn format_ms(ms: f64) -> String {
    if ms < 1.0 {
        format!("{ms:.2}ms")
    } else if ms < 10.0 {
        format!("{ms:.1}ms")
    } else {
        format!("{ms:.0}ms")
    }
}

/// `512B`, `18.3KB`, `1.2MB`, `15.4GB` (powers of 1024).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes}B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1}{}", UNITS[unit])
}

/// A report table; on a terminal it is arranged to fit its width (cells
/// wrap), piped it keeps its natural width.
pub(super) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header(header.to_vec());
    if let Some(width) = super::width::terminal_width() {
        t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        t.set_width(width);
    }
    t
}

fn ms_cell(ms: Option<f64>) -> String {
    ms.map_or_else(|| "-".to_string(), format_ms)
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "{RULE}\n{title}\n{RULE}");
}

// ---------------------------------------------------------------------------
// .modules
// ---------------------------------------------------------------------------

/// `.modules`: one table per kind present, with a count; user modules (ML
/// sources and Python bridges, as opposed to the built-in library) marked.
pub fn modules(listed: &[ListedModule]) -> String {
    let mut out = String::new();
    for kind in KINDS {
        let of_kind: Vec<&ListedModule> = listed.iter().filter(|m| m.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} Modules ({}):", kind_title(kind), of_kind.len());
        let mut t = table(&["Module", "Status", "Time", "Memory"]);
        for m in of_kind {
            t.add_row(listing_row(m));
        }
        let _ = writeln!(out, "{t}\n");
    }
    if out.is_empty() {
        out.push_str("No modules found.\n");
    } else {
        out.push_str("[user] = from your module folders; others are built into mlpy\n");
    }
    out
}

fn listing_row(m: &ListedModule) -> Vec<String> {
    let name = if m.kind == ModuleKind::Builtin {
        m.name.clone()
    } else {
        format!("{} [user]", m.name)
    };
    let Some(row) = &m.row else {
        let status = if m.failed { "failed" } else { "available" };
        return vec![name, status.into(), "-".into(), "-".into()];
    };
    let status = if row.loaded { "loaded" } else { "compiled" };
    let time = match (row.compile_ms, row.load_ms) {
        (Some(c), Some(l)) => format!("compile {}, load {}", format_ms(c), format_ms(l)),
        (Some(c), None) => format!("compile {}", format_ms(c)),
        (None, Some(l)) => format!("load {}", format_ms(l)),
        (None, None) => "-".into(),
    };
    let memory = if row.loaded || row.memory > 0 {
        format_bytes(row.memory as u64)
    } else {
        "-".into()
    };
    vec![name, status.into(), time, memory]
}

// ---------------------------------------------------------------------------
// .perfmon
// ---------------------------------------------------------------------------

/// `.perfmon`: one table per kind, then the summary. `SLOW` marks a module
/// over the thresholds of [`crate::registry::report`]. `shared` is what the
/// bridge modules cost together (no worker started: `None`).
pub fn perfmon(rows: &[ModuleRow], discovery_ms: f64, shared: Option<SharedCosts>) -> String {
    let mut out = String::new();
    heading(&mut out, "Module Performance Report");
    for kind in KINDS {
        let of_kind: Vec<&ModuleRow> = rows.iter().filter(|r| r.kind == kind).collect();
        let _ = writeln!(out, "\n{} Modules:", kind_title(kind));
        if of_kind.is_empty() {
            out.push_str("  (none loaded)\n");
            continue;
        }
        let mut t = perf_table(kind);
        for r in of_kind {
            t.add_row(perf_row(r));
        }
        let _ = writeln!(out, "{t}");
    }
    out.push_str(&perf_summary(rows, discovery_ms));
    if let Some(shared) = shared {
        out.push_str(&shared_lines(&shared));
    }
    out
}

/// The summary lines of costs no single bridge module is charged.
fn shared_lines(shared: &SharedCosts) -> String {
    let start = shared.start_time.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let memory = shared
        .start_memory
        .map_or(String::new(), |m| format!(", {}", format_bytes(m)));
    let restarts = match shared.starts {
        0 | 1 => String::new(),
        n => format!("; {n} workers started, figures of the latest"),
    };
    format!(
        "- Python worker start: {}{memory} (shared by all bridge modules{restarts})\n\
         - Python source checks: {} (mlpy's eval check before each import, shared)\n",
        format_ms(start),
        format_ms(shared.checks.as_secs_f64() * 1000.0)
    )
}

fn perf_table(kind: ModuleKind) -> Table {
    match kind {
        ModuleKind::MlSource => table(&["Module", "Compile", "Load", "Reloads", "Memory"]),
        _ => table(&["Module", "Load Time", "Reloads", "Memory"]),
    }
}

fn perf_row(r: &ModuleRow) -> Vec<String> {
    let slow = if r.slow { " ⚠ SLOW" } else { "" };
    let memory = format_bytes(r.memory as u64);
    // The mark goes on the part that took the time.
    let compile_slower = r.compile_ms.unwrap_or(0.0) >= r.load_ms.unwrap_or(0.0);
    let (compile_mark, load_mark) = if compile_slower {
        (slow, "")
    } else {
        ("", slow)
    };
    match r.kind {
        ModuleKind::MlSource => vec![
            r.name.clone(),
            format!("{}{compile_mark}", ms_cell(r.compile_ms)),
            format!("{}{load_mark}", ms_cell(r.load_ms)),
            r.reloads.to_string(),
            memory,
        ],
        _ => vec![
            r.name.clone(),
            format!("{}{slow}", ms_cell(r.load_ms)),
            r.reloads.to_string(),
            memory,
        ],
    }
}

fn average(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn perf_summary(rows: &[ModuleRow], discovery_ms: f64) -> String {
    let count = |k: ModuleKind| rows.iter().filter(|r| r.kind == k).count();
    let of = |k: ModuleKind| rows.iter().filter(move |r| r.kind == k);
    let avg_python = average(of(ModuleKind::PythonBridge).filter_map(|r| r.load_ms));
    let avg_ml = average(of(ModuleKind::MlSource).filter_map(|r| r.compile_ms));
    let total: usize = rows.iter().map(|r| r.memory).sum();
    let slowest = rows
        .iter()
        .filter(|r| r.kind != ModuleKind::Builtin)
        .max_by(|a, b| a.total_ms().total_cmp(&b.total_ms()));
    let mut out = String::from("\nSummary:\n");
    let _ = writeln!(
        out,
        "- Total modules: {} ({} Python bridges, {} ML sources, {} built-in)",
        rows.len(),
        count(ModuleKind::PythonBridge),
        count(ModuleKind::MlSource),
        count(ModuleKind::Builtin)
    );
    let _ = writeln!(out, "- Avg Python load time: {}", ms_cell(avg_python));
    let _ = writeln!(out, "- Avg ML compile time: {}", ms_cell(avg_ml));
    let _ = writeln!(out, "- Total memory: {}", format_bytes(total as u64));
    let _ = writeln!(out, "- Discovery time: {}", format_ms(discovery_ms));
    match slowest {
        Some(r) => {
            let slow = if r.slow { " ⚠ SLOW" } else { "" };
            let _ = writeln!(
                out,
                "- Slowest module: {} ({}){slow}",
                r.name,
                format_ms(r.total_ms())
            );
        }
        None => out.push_str("- Slowest module: -\n"),
    }
    out
}

// ---------------------------------------------------------------------------
// .memreport
// ---------------------------------------------------------------------------

/// Process and machine memory, when the system could tell.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemMemory {
    pub process_resident: Option<u64>,
    pub available: Option<u64>,
}

/// `.memreport`: memory by kind, the top ten consumers, totals.
pub fn memreport(rows: &[ModuleRow], system: SystemMemory) -> String {
    let mut out = String::new();
    heading(&mut out, "Memory Usage Report");
    out.push_str("\nBy Module Type:\n");
    let mut by_kind = table(&["Type", "Modules", "Memory"]);
    for kind in KINDS {
        let of_kind: Vec<&ModuleRow> = rows.iter().filter(|r| r.kind == kind).collect();
        let memory: usize = of_kind.iter().map(|r| r.memory).sum();
        by_kind.add_row(vec![
            format!("{} Modules", kind_title(kind)),
            of_kind.len().to_string(),
            format_bytes(memory as u64),
        ]);
    }
    let _ = writeln!(out, "{by_kind}");
    out.push_str("\nTop Memory Consumers:\n");
    let mut sorted: Vec<&ModuleRow> = rows.iter().collect();
    sorted.sort_by(|a, b| b.memory.cmp(&a.memory).then(a.name.cmp(&b.name)));
    if sorted.is_empty() {
        out.push_str("  (no modules loaded)\n");
    } else {
        let mut top = table(&["Module", "Type", "Memory"]);
        for r in sorted.iter().take(10) {
            top.add_row(vec![
                r.name.clone(),
                kind_label(r.kind).to_string(),
                format_bytes(r.memory as u64),
            ]);
        }
        let _ = writeln!(out, "{top}");
    }
    let total: usize = rows.iter().map(|r| r.memory).sum();
    let unknown = || "unknown".to_string();
    let _ = writeln!(out, "\nTotal module memory: {}", format_bytes(total as u64));
    let _ = writeln!(
        out,
        "Process resident memory: {}",
        system.process_resident.map_or_else(unknown, format_bytes)
    );
    let _ = writeln!(
        out,
        "Available system memory: {}",
        system.available.map_or_else(unknown, format_bytes)
    );
    out
}

// ---------------------------------------------------------------------------
// .modinfo
// ---------------------------------------------------------------------------

/// `.modinfo NAME`: a two-column table of facts, then functions, imports
/// and importers as lists.
pub fn modinfo(info: &ModInfo) -> String {
    let mut facts = table(&["Module", &info.name]);
    for (key, value) in modinfo_facts(info) {
        facts.add_row(vec![key.to_string(), value]);
    }
    let mut out = format!("{facts}\n");
    let _ = writeln!(out, "\nFunctions ({}):", info.functions.len());
    if !info.loaded {
        out.push_str("  (import the module to list its functions)\n");
    }
    for (name, params) in &info.functions {
        let params = params.as_ref().map_or("...".to_string(), |p| p.join(", "));
        let _ = writeln!(out, "- {name}({params})");
        if let Some(detail) = info.function_details.get(name) {
            function_detail(&mut out, detail);
        }
    }
    let _ = writeln!(out, "\nImports ({}):", info.imports.len());
    for (name, kind) in &info.imports {
        let kind = kind.map_or("unknown", kind_label);
        let _ = writeln!(out, "- {name} ({kind})");
    }
    let _ = writeln!(out, "\nImported by ({}):", info.importers.len());
    for name in &info.importers {
        let _ = writeln!(out, "- {name}");
    }
    out
}

/// A bridge function's docstring (first line) and capabilities, indented
/// under its signature.
fn function_detail(out: &mut String, detail: &FunctionDetail) {
    if let Some(first) = detail.doc.as_deref().and_then(|d| d.lines().next()) {
        let _ = writeln!(out, "    {first}");
    }
    if !detail.capabilities.is_empty() {
        let _ = writeln!(out, "    needs: {}", detail.capabilities.join(", "));
    }
}

/// `loaded`, `not loaded`, `failed` (a first import that failed), or
/// `loaded (last reload failed)` when the previous version is running.
fn modinfo_status(info: &ModInfo) -> String {
    match (info.loaded, info.failure.is_some()) {
        (true, false) => "loaded",
        (true, true) => "loaded (last reload failed)",
        (false, true) => "failed",
        (false, false) => "not loaded",
    }
    .into()
}

fn modinfo_facts(info: &ModInfo) -> Vec<(&'static str, String)> {
    let dash = || "-".to_string();
    let mut facts = vec![
        (
            "Type",
            info.kind.map_or_else(dash, |k| kind_title(k).into()),
        ),
        (
            "Path",
            info.path.clone().unwrap_or_else(|| "(built in)".into()),
        ),
        ("Status", modinfo_status(info)),
        ("Compile Time", ms_cell(info.compile_ms)),
        ("Load Time", ms_cell(info.load_ms)),
    ];
    // Python compiles a bridge module itself, inside the load.
    facts.retain(|(key, _)| {
        !(*key == "Compile Time" && info.kind == Some(ModuleKind::PythonBridge))
    });
    facts.extend([
        (
            "Memory Usage",
            info.memory.map_or_else(dash, |m| format_bytes(m as u64)),
        ),
        ("Reload Count", info.reloads.to_string()),
    ]);
    if let Some(failure) = &info.failure {
        let first = failure.lines().next().unwrap_or_default();
        facts.push(("Last Error", first.to_string()));
    }
    if let Some(version) = &info.version {
        facts.push(("Version", version.clone()));
    }
    if let Some(description) = &info.description {
        facts.push(("Description", description.clone()));
    }
    if info.kind == Some(ModuleKind::MlSource) {
        let changed = if info.needs_recompilation {
            "yes"
        } else {
            "no"
        };
        facts.push(("Source Changed", changed.into()));
    }
    let caps = if info.capabilities.is_empty() {
        "none".to_string()
    } else {
        info.capabilities.join(", ")
    };
    facts.push(("Capabilities", caps));
    if !info.shadows.is_empty() {
        facts.push(("Shadows", info.shadows.join(", ")));
    }
    facts
}

#[cfg(test)]
mod tests;
