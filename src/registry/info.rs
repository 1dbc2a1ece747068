//! One module's facts, gathered once: the registry's entry, the session's
//! loaded namespace and the Python worker's description. `module_info()`
//! converts a [`ModuleInfo`] to an ML object and `.modinfo` renders the same
//! struct, so the two cannot disagree.

use super::loader::{kind_name, RegistryLoader};
use crate::bridge::protocol::ModuleDescription;
use crate::lang::value::{ModuleKind, Value};
use crate::lang::vm::Vm;
use std::collections::BTreeMap;

/// Everything known about one module in one session.
#[derive(Clone, Debug, Default)]
pub struct ModuleInfo {
    pub name: String,
    pub kind: Option<ModuleKind>,
    pub path: Option<String>,
    pub loaded: bool,
    /// Its file was discovered once and is gone now.
    pub missing: bool,
    pub compile_ms: Option<f64>,
    pub load_ms: Option<f64>,
    pub memory: Option<usize>,
    pub reloads: u32,
    pub needs_recompilation: bool,
    /// Why the latest import or reload failed, if it did.
    pub failure: Option<String>,
    /// Name and parameter names (`None` for functions written in Rust).
    pub functions: Vec<(String, Option<Vec<String>>)>,
    pub imports: Vec<(String, Option<ModuleKind>)>,
    pub importers: Vec<String>,
    /// Every capability the module's functions check.
    pub capabilities: Vec<String>,
    pub shadows: Vec<String>,
    /// Python bridge modules: each function's docstring and required
    /// capabilities, and the module's version and description.
    pub function_details: BTreeMap<String, FunctionDetail>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// What the Python worker told about a bridge module it loaded.
    pub bridge: Option<ModuleDescription>,
}

/// What a bridge module tells about one function beyond its parameters.
#[derive(Clone, Debug, Default)]
pub struct FunctionDetail {
    pub doc: Option<String>,
    pub capabilities: Vec<String>,
}

/// The facts about `name`, or `None` when the registry does not know it.
pub fn gather(loader: &RegistryLoader, vm: &Vm, name: &str) -> Option<ModuleInfo> {
    let registry = &loader.registry;
    let entry = registry.get(name)?;
    let stats = entry.stats();
    let module = vm.loaded_module(name);
    let links = entry.links();
    let functions = module
        .as_ref()
        .map(|m| functions_of(&m.globals.entries()))
        .unwrap_or_default();
    let imports = links
        .imports
        .iter()
        .map(|n| (n.clone(), registry.get(n).map(|e| e.kind)))
        .collect();
    let mut info = ModuleInfo {
        name: name.to_string(),
        kind: Some(entry.kind),
        path: entry.path.as_ref().map(|p| p.display().to_string()),
        loaded: module.is_some(),
        missing: entry.is_missing(),
        compile_ms: stats.compile_time.map(|d| d.as_secs_f64() * 1000.0),
        load_ms: stats.load_time.map(|d| d.as_secs_f64() * 1000.0),
        memory: super::report::row(&entry, vm).map(|r| r.memory),
        reloads: stats.reloads,
        needs_recompilation: entry.source_changed(),
        failure: stats.failure.clone(),
        functions,
        imports,
        importers: links.importers.into_iter().collect(),
        capabilities: required_capabilities(name),
        shadows: entry
            .shadows
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        ..ModuleInfo::default()
    };
    if entry.kind == ModuleKind::PythonBridge {
        if let Some(description) = loader.bridge.description(name) {
            add_bridge_details(&mut info, description);
        }
    }
    Some(info)
}

/// Parameters (with defaults), docstrings, capabilities, version and
/// description of a loaded bridge module.
fn add_bridge_details(info: &mut ModuleInfo, d: ModuleDescription) {
    let mut capabilities = d.capabilities.clone();
    for f in &d.functions {
        for c in &f.capabilities {
            if !capabilities.contains(c) {
                capabilities.push(c.clone());
            }
        }
        let detail = FunctionDetail {
            doc: f.doc.clone(),
            capabilities: f.capabilities.clone(),
        };
        info.function_details.insert(f.name.clone(), detail);
    }
    for (function, params) in info.functions.iter_mut() {
        let described = d.functions.iter().find(|f| &f.name == function);
        *params = Some(described.map(|f| f.params.clone()).unwrap_or_default());
    }
    info.capabilities = capabilities;
    info.version = d.version.clone();
    info.description = d.description.clone();
    info.bridge = Some(d);
}

/// Callable members with their parameter names; `None` for natives, whose
/// parameters are not recorded.
fn functions_of(entries: &[(std::rc::Rc<str>, Value)]) -> Vec<(String, Option<Vec<String>>)> {
    entries
        .iter()
        .filter(|(_, v)| v.is_callable())
        .map(|(name, v)| {
            let params = match v {
                Value::Func(c) => Some(c.proto.proto.params().map(str::to_string).collect()),
                _ => None,
            };
            (name.to_string(), params)
        })
        .collect()
}

/// Capabilities a built-in module's functions check (ML source modules
/// need none of their own; what they call checks for itself).
fn required_capabilities(name: &str) -> Vec<String> {
    let caps: &[&str] = match name {
        "log" => &["file.write"],
        "file" => &["file.read", "file.write"],
        "path" => &["path.write"],
        "http" => &["network.http"],
        "env" => &["env.read"],
        _ => &[],
    };
    caps.iter().map(|c| c.to_string()).collect()
}

fn strings(xs: &[String]) -> Value {
    Value::array(xs.iter().map(|x| Value::str(x)).collect())
}

fn text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, Value::str)
}

impl ModuleInfo {
    /// The `module_info(name)` object.
    pub fn to_value(&self) -> Value {
        let kind = self.kind.unwrap_or(ModuleKind::Builtin);
        let names = |xs: &[String]| strings(xs);
        let parameters = Value::object_from(
            self.functions
                .iter()
                .map(|(n, params)| (n.as_str(), strings(params.as_deref().unwrap_or_default()))),
        );
        let function_names: Vec<String> = self.functions.iter().map(|(n, _)| n.clone()).collect();
        let mut fields = vec![
            ("name", Value::str(&self.name)),
            ("type", Value::str(kind_name(kind))),
            ("file_path", text(&self.path)),
            ("loaded", Value::Bool(self.loaded)),
            ("reload_count", Value::Int(self.reloads as i64)),
            ("functions", names(&function_names)),
            ("parameters", parameters),
            ("missing", Value::Bool(self.missing)),
            (
                "imports",
                names(
                    &self
                        .imports
                        .iter()
                        .map(|(n, _)| n.clone())
                        .collect::<Vec<_>>(),
                ),
            ),
            ("importers", names(&self.importers)),
            ("shadows", names(&self.shadows)),
        ];
        if let Some(t) = self.compile_ms {
            fields.push(("compile_time_ms", Value::Float(t)));
        }
        if let Some(t) = self.load_ms {
            fields.push(("load_time_ms", Value::Float(t)));
        }
        if kind == ModuleKind::MlSource {
            fields.push(("needs_recompilation", Value::Bool(self.needs_recompilation)));
        }
        if let Some(failure) = &self.failure {
            fields.push(("error", Value::str(failure)));
        }
        if let Some(d) = &self.bridge {
            bridge_fields(d, &mut fields);
        }
        Value::object_from(fields)
    }
}

/// The worker's description as `module_info()` fields; its per-function
/// parameters replace the namespace's.
fn bridge_fields(d: &ModuleDescription, fields: &mut Vec<(&str, Value)>) {
    let per_function = |value: &dyn Fn(&crate::bridge::protocol::FunctionDescription) -> Value| {
        Value::object_from(d.functions.iter().map(|f| (f.name.as_str(), value(f))))
    };
    fields.retain(|(key, _)| *key != "parameters");
    fields.push(("parameters", per_function(&|f| strings(&f.params))));
    fields.push(("docs", per_function(&|f| text(&f.doc))));
    fields.push((
        "function_capabilities",
        per_function(&|f| strings(&f.capabilities)),
    ));
    fields.push(("capabilities", strings(&d.capabilities)));
    fields.push(("class", Value::str(&d.class_name)));
    fields.push(("version", text(&d.version)));
    fields.push(("description", text(&d.description)));
    fields.push(("memory_bytes", Value::Int(d.memory as i64)));
    fields.push(("python_load_ms", Value::Float(d.load_ms)));
}
