//! `mlpy check` over files and folders: the registry-backed
//! [`ModuleLookup`], the walk collecting `.ml` files, and the output.

use super::{
    analyze, exit_code, render_json, render_text, Code, Exports, Finding, ModuleInfo, ModuleLookup,
    Severity,
};
use crate::config::Config;
use crate::lang::compiler::compile;
use crate::lang::diagnostics::{Diagnostic, DiagnosticKind, SourceFile};
use crate::lang::parser::parse;
use crate::lang::value::ModuleKind;
use crate::registry::ModuleRegistry;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Folders below a checked folder deeper than this are not walked (a loop
/// through links ends here).
const MAX_FOLDER_DEPTH: usize = 32;

/// Options of `mlpy check`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions {
    /// Warnings make the exit status 1.
    pub strict: bool,
    pub json: bool,
}

/// The exports of ML module files, parsed once per file however many
/// importers ask.
#[derive(Default)]
pub struct ExportsCache {
    files: RefCell<HashMap<PathBuf, Option<Arc<Exports>>>>,
    builtins: RefCell<HashMap<String, Option<Arc<Exports>>>>,
}

impl ExportsCache {
    fn builtin(&self, name: &str) -> Option<Arc<Exports>> {
        if let Some(known) = self.builtins.borrow().get(name) {
            return known.clone();
        }
        let exports = builtin_members(name);
        self.builtins
            .borrow_mut()
            .insert(name.to_string(), exports.clone());
        exports
    }

    fn get(&self, path: &Path) -> Option<Arc<Exports>> {
        if let Some(known) = self.files.borrow().get(path) {
            return known.clone();
        }
        let exports = read_source(path)
            .ok()
            .and_then(|text| parse(&text).ok().map(|p| Arc::new(Exports::of(&p, &text))));
        self.files
            .borrow_mut()
            .insert(path.to_path_buf(), exports.clone());
        exports
    }
}

/// The members of built-in module `name`: its function table, as a
/// fresh load of it has them (`builtin`: every global builtin of a session,
/// the registry's reports included).
fn builtin_members(name: &str) -> Option<Arc<Exports>> {
    if name == "builtin" {
        let names = crate::registry::natives::global_names();
        return Some(Arc::new(Exports::named(names.iter().copied())));
    }
    let module = crate::stdlib::load(name)?;
    let globals = module.globals.current();
    let names = globals.names.borrow();
    Some(Arc::new(Exports::named(names.keys().map(|k| &**k))))
}

/// Modules as a registry finds them.
pub struct RegistryLookup<'a> {
    pub registry: &'a ModuleRegistry,
    pub cache: &'a ExportsCache,
}

impl ModuleLookup for RegistryLookup<'_> {
    fn find(&self, name: &str) -> Option<ModuleInfo> {
        let entry = self.registry.get(name)?;
        if entry.is_missing() {
            return None;
        }
        Some(match (&entry.kind, &entry.path) {
            (ModuleKind::MlSource, Some(path)) => ModuleInfo::Ml(self.cache.get(path)),
            (ModuleKind::Builtin, _) => ModuleInfo::Ml(self.cache.builtin(name)),
            _ => ModuleInfo::Opaque,
        })
    }

    fn suggestions(&self, name: &str) -> Vec<String> {
        self.registry.suggestions(name)
    }
}

/// A checked file: its findings, or why it could not be checked.
pub struct Checked {
    pub file: Arc<SourceFile>,
    pub findings: Vec<Finding>,
}

/// Parse, compile (so that everything `run` refuses is refused here too)
/// and analyze one source text. A syntax or compile error is the only
/// finding then, with code E000.
pub fn check_text(file: &Arc<SourceFile>, modules: &dyn ModuleLookup) -> Vec<Finding> {
    let failed = |d: Diagnostic| {
        let kind = match d.kind {
            DiagnosticKind::SyntaxError => "SyntaxError",
            DiagnosticKind::CompileError => "CompileError",
        };
        vec![Finding {
            code: Code::Syntax,
            severity: Severity::Error,
            span: d.span,
            message: format!("{kind}: {}", d.message),
            hint: "fix this first: the file does not run until it parses and compiles".into(),
        }]
    };
    let program = match parse(&file.text) {
        Ok(p) => p,
        Err(d) => return failed(d),
    };
    if let Err(d) = compile(&program, file.clone(), &[], false) {
        return failed(d);
    }
    analyze(&program, &file.text, modules)
}

/// Reads a source file, refusing anything but a regular file (a FIFO
/// would block, a device never end).
pub fn read_source(path: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Every `.ml` file a command line names: files as given, folders walked
/// (sorted, hidden entries skipped). Errors are paths that are neither.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, 0, &mut files),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(format!("cannot read {}: {e}", path.display())),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() && depth < MAX_FOLDER_DEPTH => walk(&path, depth + 1, files),
            Ok(meta) if meta.is_file() && path.extension().is_some_and(|x| x == "ml") => {
                files.push(path)
            }
            _ => {}
        }
    }
}

/// One registry per folder of checked files: like `run`, a file's own
/// folder is searched last for ML modules (spec 3.13).
struct Registries<'c> {
    config: &'c Config,
    by_folder: HashMap<PathBuf, ModuleRegistry>,
}

impl Registries<'_> {
    fn for_file(&mut self, file: &Path) -> &ModuleRegistry {
        let cwd = std::env::current_dir().unwrap_or_default();
        let folder = crate::config::absolute(&cwd, file.parent().unwrap_or(Path::new(".")));
        let config = self.config;
        self.by_folder.entry(folder.clone()).or_insert_with(|| {
            let mut ml_paths = config.ml_module_paths.value.clone();
            if !ml_paths.contains(&folder) {
                ml_paths.push(folder);
            }
            ModuleRegistry::new(ml_paths, config.python_extension_paths.value.clone())
        })
    }
}

/// `mlpy check PATH...`: prints the findings and returns the exit status.
pub fn run(paths: &[PathBuf], config: &Config, options: CheckOptions) -> u8 {
    let (files, errors) = collect_files(paths);
    for e in &errors {
        eprintln!("mlpy: {e}");
    }
    if files.is_empty() && errors.is_empty() {
        eprintln!("mlpy: no .ml files to check");
    }
    let mut registries = Registries {
        config,
        by_folder: HashMap::new(),
    };
    let cache = ExportsCache::default();
    let mut status = if errors.is_empty() { 0 } else { 2 };
    let mut json = Vec::new();
    let (mut errors_found, mut warnings_found) = (0usize, 0usize);
    for path in &files {
        let text = match read_source(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("mlpy: {e}");
                status = 2;
                continue;
            }
        };
        let file = SourceFile::new(path.display().to_string(), text);
        let lookup = RegistryLookup {
            registry: registries.for_file(path),
            cache: &cache,
        };
        let findings = check_text(&file, &lookup);
        status = status.max(exit_code(&findings, options.strict));
        for f in &findings {
            match f.severity {
                // Shown on stderr exactly as `run` shows it; not counted.
                _ if f.code == Code::Syntax && !options.json => {}
                super::Severity::Error => errors_found += 1,
                super::Severity::Warning => warnings_found += 1,
            }
            if options.json {
                json.push(render_json(&file, f));
            } else if f.code == Code::Syntax {
                eprintln!("{}", syntax_error(&file, f));
            } else {
                println!("{}", render_text(&file, f));
            }
        }
        if !options.json && findings.is_empty() && files.len() == 1 {
            println!("{}: ok", file.name);
        }
    }
    if options.json {
        println!("{}", serde_json::Value::Array(json));
    } else if files.len() > 1 || errors_found + warnings_found > 0 {
        println!(
            "{} file{} checked: {errors_found} error{}, {warnings_found} warning{}",
            files.len(),
            plural(files.len()),
            plural(errors_found),
            plural(warnings_found)
        );
    }
    status
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A syntax or compile error exactly as `mlpy run` shows it.
fn syntax_error(file: &SourceFile, f: &Finding) -> String {
    format!(
        "{}: {}\n{}",
        file.location(f.span.start),
        f.message,
        file.snippet(f.span)
    )
}

/// The findings of ML module `name` as the REPL shows them (`.check`):
/// each rendered, then a count; a syntax error as `run` shows it.
pub fn check_module(registry: &ModuleRegistry, name: &str) -> String {
    let (file, findings) = match check_registered(registry, name) {
        Ok(checked) => checked,
        Err(why) => return why,
    };
    if findings.is_empty() {
        return format!("{name}: ok");
    }
    let mut out: Vec<String> = findings.iter().map(|f| shown(&file, f)).collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    out.push(format!(
        "{name}: {errors} error{}, {} warning{}",
        plural(errors),
        findings.len() - errors,
        plural(findings.len() - errors)
    ));
    out.join("\n")
}

/// Before `.reload`: the error findings of ML module `name`, rendered, if
/// it has any (syntax errors excepted: the reload itself reports those).
pub fn module_errors(registry: &ModuleRegistry, name: &str) -> Option<String> {
    let (file, findings) = check_registered(registry, name).ok()?;
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code != Code::Syntax)
        .map(|f| render_text(&file, f))
        .collect();
    if errors.is_empty() {
        return None;
    }
    Some(format!(
        "{}\n{name}: check found {} error{}; reloading anyway",
        errors.join("\n"),
        errors.len(),
        plural(errors.len())
    ))
}

fn shown(file: &SourceFile, f: &Finding) -> String {
    match f.code {
        Code::Syntax => syntax_error(file, f),
        _ => render_text(file, f),
    }
}

/// Checks the file of registered ML module `name` with that registry's
/// module paths.
fn check_registered(
    registry: &ModuleRegistry,
    name: &str,
) -> Result<(Arc<SourceFile>, Vec<Finding>), String> {
    let entry = registry
        .get(name)
        .ok_or_else(|| format!("Error: no module named '{name}'"))?;
    let path = match (&entry.kind, &entry.path) {
        (ModuleKind::MlSource, Some(path)) => path.clone(),
        _ => return Err(format!("{name}: not an ML source module; nothing to check")),
    };
    let text = read_source(&path).map_err(|e| format!("Error: {e}"))?;
    let file = SourceFile::new(path.display().to_string(), text);
    let cache = ExportsCache::default();
    let lookup = RegistryLookup {
        registry,
        cache: &cache,
    };
    let findings = check_text(&file, &lookup);
    Ok((file, findings))
}
