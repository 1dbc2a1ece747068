//! Layered configuration: defaults < environment < `mlpy.json` < CLI flags.
//!
//! For each setting the highest source that sets it wins outright (a `-M`
//! flag replaces the file's whole `ml_module_paths` list, as the design
//! document says: "CLI overrides project config"), and the merged [`Config`]
//! remembers where every value came from so `mlpy config` can show it.
//! `mlpy.json` may hold `//` and `/* */` comments and trailing commas; a
//! syntax error or a value of the wrong type stops with
//! `mlpy.json:LINE:COL: what is wrong` — never a half-applied configuration.

pub use crate::util::absolute;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE_NAME: &str = "mlpy.json";
pub const ENV_ML_PATHS: &str = "MLPY_ML_MODULE_PATHS";
pub const ENV_PYTHON_PATHS: &str = "MLPY_PYTHON_EXTENSION_PATHS";

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    Environment,
    File,
    Flag,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Default => "default",
            Source::Environment => "environment",
            Source::File => "file",
            Source::Flag => "flag",
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    pub fn new(value: T, source: Source) -> Setting<T> {
        Setting { value, source }
    }
}

/// What the command line says (the highest-priority layer).
#[derive(Clone, Debug, Default)]
pub struct CliOptions {
    pub ml_paths: Vec<PathBuf>,
    pub python_paths: Vec<PathBuf>,
    pub config_file: Option<PathBuf>,
}

/// The merged configuration, with every path absolute.
#[derive(Clone, Debug)]
pub struct Config {
    pub project_root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub project_name: Setting<Option<String>>,
    pub ml_module_paths: Setting<Vec<PathBuf>>,
    pub python_extension_paths: Setting<Vec<PathBuf>>,
    /// Capability name → resource glob patterns (empty: any resource).
    pub capabilities: Setting<BTreeMap<String, Vec<String>>>,
    pub strict_security: Setting<bool>,
    pub allow_eval: Setting<bool>,
    pub python_executable: Setting<Option<String>>,
    pub history_file: Setting<Option<PathBuf>>,
    pub bridge_timeout_ms: Setting<u64>,
    /// Nested ML calls allowed before `RecursionError`.
    pub max_call_depth: Setting<usize>,
    /// Whether watch mode re-runs the modules that import a saved one.
    pub watch_reload_dependents: Setting<bool>,
    /// Megabytes mlpy may use before large allocations raise `MemoryError`.
    pub max_memory_mb: Setting<Option<u64>>,
    /// Unknown keys, missing folders: reported, not fatal.
    pub warnings: Vec<String>,
}

/// A configuration error: stops the program (exit code 2).
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The highest `max_call_depth` accepted. ML frames live on a heap `Vec`,
/// but a native that calls back into ML (`functional.map`) recurses on the
/// interpreter thread's Rust stack; this bound keeps such recursion inside
/// that stack (see `driver::INTERPRETER_STACKS`).
pub const MAX_CALL_DEPTH_LIMIT: usize = 100_000;

const KNOWN_KEYS: &[&str] = &[
    "allow_eval",
    "bridge_timeout_ms",
    "capabilities",
    "history_file",
    "max_call_depth",
    "max_memory_mb",
    "ml_module_paths",
    "project_name",
    "python_executable",
    "python_extension_paths",
    "security",
    "watch_reload_dependents",
];

/// Merge the layers. `env` reads environment variables (a parameter so
/// tests need not touch the process environment).
pub fn load(
    cli: &CliOptions,
    cwd: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let config_file = match &cli.config_file {
        Some(p) => {
            let p = absolute(cwd, p);
            if !p.is_file() {
                return Err(ConfigError(format!(
                    "configuration file {} does not exist",
                    p.display()
                )));
            }
            Some(p)
        }
        None => Some(cwd.join(CONFIG_FILE_NAME)).filter(|p| p.is_file()),
    };
    let project_root = config_file
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| cwd.to_path_buf());
    let mut config = defaults(&project_root);
    apply_env(&mut config, cwd, env);
    if let Some(path) = &config_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: cannot be read: {e}", path.display())))?;
        apply_file(&mut config, &text, path, &project_root)?;
    }
    apply_cli(&mut config, cli, cwd);
    config.config_file = config_file;
    warn_missing_paths(&mut config);
    Ok(config)
}

fn defaults(root: &Path) -> Config {
    let existing = |name: &str| -> Vec<PathBuf> {
        let p = root.join(name);
        if p.is_dir() {
            vec![p]
        } else {
            Vec::new()
        }
    };
    Config {
        project_root: root.to_path_buf(),
        config_file: None,
        project_name: Setting::new(None, Source::Default),
        ml_module_paths: Setting::new(existing("ml_modules"), Source::Default),
        python_extension_paths: Setting::new(existing("extensions"), Source::Default),
        capabilities: Setting::new(BTreeMap::new(), Source::Default),
        strict_security: Setting::new(true, Source::Default),
        allow_eval: Setting::new(false, Source::Default),
        python_executable: Setting::new(None, Source::Default),
        history_file: Setting::new(None, Source::Default),
        bridge_timeout_ms: Setting::new(30_000, Source::Default),
        max_call_depth: Setting::new(crate::lang::vm::DEFAULT_MAX_DEPTH, Source::Default),
        watch_reload_dependents: Setting::new(true, Source::Default),
        max_memory_mb: Setting::new(None, Source::Default),
        warnings: Vec::new(),
    }
}

fn apply_env(config: &mut Config, cwd: &Path, env: &dyn Fn(&str) -> Option<String>) {
    let paths = |var: &str| -> Option<Vec<PathBuf>> {
        let raw = env(var)?;
        Some(
            raw.split(':')
                .filter(|p| !p.is_empty())
                .map(|p| absolute(cwd, Path::new(p)))
                .collect(),
        )
    };
    if let Some(p) = paths(ENV_ML_PATHS) {
        config.ml_module_paths = Setting::new(p, Source::Environment);
    }
    if let Some(p) = paths(ENV_PYTHON_PATHS) {
        config.python_extension_paths = Setting::new(p, Source::Environment);
    }
    if let Some(py) = env("MLPY_PYTHON") {
        config.python_executable = Setting::new(Some(py), Source::Environment);
    }
}

fn apply_cli(config: &mut Config, cli: &CliOptions, cwd: &Path) {
    if !cli.ml_paths.is_empty() {
        let p = cli.ml_paths.iter().map(|p| absolute(cwd, p)).collect();
        config.ml_module_paths = Setting::new(p, Source::Flag);
    }
    if !cli.python_paths.is_empty() {
        let p = cli.python_paths.iter().map(|p| absolute(cwd, p)).collect();
        config.python_extension_paths = Setting::new(p, Source::Flag);
    }
}

fn warn_missing_paths(config: &mut Config) {
    let paths = config
        .ml_module_paths
        .value
        .iter()
        .chain(config.python_extension_paths.value.iter());
    let missing: Vec<String> = paths
        .filter(|p| !p.is_dir())
        .map(|p| format!("module path {} does not exist", p.display()))
        .collect();
    config.warnings.extend(missing);
}

/// The configuration that `text`, the contents of the `mlpy.json` at `path`
/// in project folder `root`, gives on top of the defaults (the fuzz target
/// and tests read configuration text without a file on disk).
pub fn read_file_text(text: &str, path: &Path, root: &Path) -> Result<Config, ConfigError> {
    let mut config = defaults(root);
    apply_file(&mut config, text, path, root)?;
    Ok(config)
}

/// Read `mlpy.json` text into the configuration, all or nothing.
fn apply_file(
    config: &mut Config,
    text: &str,
    path: &Path,
    root: &Path,
) -> Result<(), ConfigError> {
    let plain = strip_jsonc(text);
    let name = path.file_name().map_or(CONFIG_FILE_NAME.into(), |n| {
        n.to_string_lossy().into_owned()
    });
    let json: Json = serde_json::from_str(&plain).map_err(|e| {
        ConfigError(format!(
            "{name}:{}:{}: {}",
            e.line(),
            e.column(),
            strip_position(&e)
        ))
    })?;
    let Json::Object(map) = json else {
        return Err(ConfigError(format!(
            "{name}:1:1: the configuration must be a JSON object"
        )));
    };
    let reader = FileReader {
        name: &name,
        text: &plain,
        root,
        unknown: std::cell::Cell::new(0),
    };
    let mut next = config.clone();
    for (key, value) in &map {
        reader.apply_key(&mut next, key, value)?;
    }
    let unlisted = reader.unknown.get().saturating_sub(MAX_UNKNOWN_LISTED);
    if unlisted > 0 {
        next.warnings
            .push(format!("{name}: {unlisted} more unknown keys ignored"));
    }
    *config = next;
    Ok(())
}

/// Unknown keys reported one by one (with position and suggestion); past
/// these only their number is, so that a file of many unknown keys is still
/// read in time linear in its size.
const MAX_UNKNOWN_LISTED: usize = 20;

struct FileReader<'a> {
    name: &'a str,
    text: &'a str,
    root: &'a Path,
    /// Unknown keys met so far.
    unknown: std::cell::Cell<usize>,
}

impl FileReader<'_> {
    fn apply_key(&self, config: &mut Config, key: &str, value: &Json) -> Result<(), ConfigError> {
        let file = Source::File;
        match key {
            "project_name" => {
                config.project_name = Setting::new(Some(self.string(key, value)?), file);
            }
            "ml_module_paths" => {
                config.ml_module_paths = Setting::new(self.paths(key, value)?, file)
            }
            "python_extension_paths" => {
                config.python_extension_paths = Setting::new(self.paths(key, value)?, file);
            }
            "capabilities" => {
                config.capabilities = Setting::new(self.capabilities(key, value)?, file)
            }
            "security" => self.security(config, key, value)?,
            "allow_eval" => config.allow_eval = Setting::new(self.boolean(key, value)?, file),
            "python_executable" => {
                config.python_executable = Setting::new(Some(self.string(key, value)?), file);
            }
            "history_file" => {
                let p = absolute(self.root, &expand_home(&self.string(key, value)?));
                config.history_file = Setting::new(Some(p), file);
            }
            "bridge_timeout_ms" => {
                let ms = value
                    .as_u64()
                    .ok_or_else(|| self.wrong_type(key, "a whole number of milliseconds"))?;
                config.bridge_timeout_ms = Setting::new(ms, file);
            }
            "max_call_depth" => {
                let depth = value
                    .as_u64()
                    .and_then(|d| usize::try_from(d).ok())
                    .filter(|d| (1..=MAX_CALL_DEPTH_LIMIT).contains(d))
                    .ok_or_else(|| {
                        self.wrong_type(
                            key,
                            &format!("a whole number from 1 to {MAX_CALL_DEPTH_LIMIT}"),
                        )
                    })?;
                config.max_call_depth = Setting::new(depth, file);
            }
            "watch_reload_dependents" => {
                config.watch_reload_dependents = Setting::new(self.boolean(key, value)?, file);
            }
            "max_memory_mb" => {
                let mb = value
                    .as_u64()
                    .filter(|mb| (1..=1 << 40).contains(mb))
                    .ok_or_else(|| {
                        self.wrong_type(key, "a whole number of megabytes (at least 1)")
                    })?;
                config.max_memory_mb = Setting::new(Some(mb), file);
            }
            _ => self.warn_unknown(config, key),
        }
        Ok(())
    }

    fn warn_unknown(&self, config: &mut Config, key: &str) {
        let seen = self.unknown.get() + 1;
        self.unknown.set(seen);
        if seen <= MAX_UNKNOWN_LISTED {
            config.warnings.push(self.unknown_key(key));
        }
    }

    fn unknown_key(&self, key: &str) -> String {
        let (line, col) = self.position_of(key);
        let close = KNOWN_KEYS.iter().find(|k| similar(k, key));
        let hint = close.map_or(String::new(), |k| format!(" (did you mean '{k}'?)"));
        format!(
            "{}:{line}:{col}: unknown key '{key}' ignored{hint}",
            self.name
        )
    }

    fn security(&self, config: &mut Config, key: &str, value: &Json) -> Result<(), ConfigError> {
        let Json::Object(map) = value else {
            return Err(self.wrong_type(key, "an object"));
        };
        for (k, v) in map {
            match k.as_str() {
                "strict_security" => {
                    config.strict_security = Setting::new(self.boolean(k, v)?, Source::File)
                }
                "allow_eval" => config.allow_eval = Setting::new(self.boolean(k, v)?, Source::File),
                other => self.warn_unknown(config, &format!("security.{other}")),
            }
        }
        Ok(())
    }

    fn string(&self, key: &str, value: &Json) -> Result<String, ConfigError> {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| self.wrong_type(key, "a string"))
    }

    fn boolean(&self, key: &str, value: &Json) -> Result<bool, ConfigError> {
        value
            .as_bool()
            .ok_or_else(|| self.wrong_type(key, "true or false"))
    }

    fn strings(&self, key: &str, value: &Json) -> Result<Vec<String>, ConfigError> {
        let Json::Array(items) = value else {
            return Err(self.wrong_type(key, "an array of strings"));
        };
        items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| self.wrong_type(key, "an array of strings"))
    }

    fn paths(&self, key: &str, value: &Json) -> Result<Vec<PathBuf>, ConfigError> {
        Ok(self
            .strings(key, value)?
            .iter()
            .map(|p| absolute(self.root, Path::new(p)))
            .collect())
    }

    fn capabilities(
        &self,
        key: &str,
        value: &Json,
    ) -> Result<BTreeMap<String, Vec<String>>, ConfigError> {
        let Json::Object(map) = value else {
            return Err(self.wrong_type(
                key,
                "an object mapping capability names to arrays of patterns",
            ));
        };
        let mut out = BTreeMap::new();
        for (cap, patterns) in map {
            let patterns = self.strings(cap, patterns)?;
            let problem = crate::capabilities::name_problem(cap).or_else(|| {
                patterns
                    .iter()
                    .find_map(|p| crate::capabilities::pattern_problem(p))
            });
            if let Some(problem) = problem {
                let (line, col) = self.position_of(cap);
                return Err(ConfigError(format!(
                    "{}:{line}:{col}: {problem}",
                    self.name
                )));
            }
            out.insert(cap.replace(':', "."), patterns);
        }
        Ok(out)
    }

    fn wrong_type(&self, key: &str, expected: &str) -> ConfigError {
        let (line, col) = self.position_of(key);
        ConfigError(format!(
            "{}:{line}:{col}: '{key}' must be {expected}",
            self.name
        ))
    }

    /// Where `"key"` first appears (1-based line and column).
    fn position_of(&self, key: &str) -> (usize, usize) {
        let quoted = format!("\"{key}\"");
        let at = self.text.find(&quoted).unwrap_or(0);
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        (line, col)
    }
}

/// `~/x` → `$HOME/x`.
fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

fn similar(a: &str, b: &str) -> bool {
    // Far longer keys cannot be two edits away; skip the quadratic distance.
    if b.chars().count() > a.len() + 2 {
        return false;
    }
    crate::util::edit_distance(a, &b.to_lowercase()) <= 2
}

/// serde_json appends " at line L column C"; the location is printed first.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Turn JSON-with-comments into plain JSON without moving anything:
/// comments and trailing commas become spaces (newlines are kept), so the
/// parser's line and column numbers still point into the user's file.
pub fn strip_jsonc(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let mut in_string = false;
    let mut last_comma: Option<usize> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                last_comma = None;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                let end = (i + 2).min(bytes.len());
                for o in &mut out[start..end] {
                    if *o != b'\n' {
                        *o = b' ';
                    }
                }
                i = end;
                continue;
            }
            b',' => last_comma = Some(i),
            b'}' | b']' => {
                if let Some(c) = last_comma.take() {
                    out[c] = b' ';
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => last_comma = None,
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

impl Config {
    /// `mlpy config`: every value and where it came from.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let file = self
            .config_file
            .as_ref()
            .map_or("(none)".to_string(), |p| p.display().to_string());
        out.push_str(&format!("config file: {file}\n"));
        out.push_str(&format!("project root: {}\n", self.project_root.display()));
        let line = |out: &mut String, key: &str, value: String, source: Source| {
            out.push_str(&format!("{key} = {value}  [{source}]\n"));
        };
        let name = self
            .project_name
            .value
            .clone()
            .unwrap_or_else(|| "(unset)".into());
        line(&mut out, "project_name", name, self.project_name.source);
        line(
            &mut out,
            "ml_module_paths",
            paths_text(&self.ml_module_paths.value),
            self.ml_module_paths.source,
        );
        line(
            &mut out,
            "python_extension_paths",
            paths_text(&self.python_extension_paths.value),
            self.python_extension_paths.source,
        );
        let caps: Vec<String> = self
            .capabilities
            .value
            .iter()
            .map(|(k, v)| {
                if v.is_empty() {
                    k.clone()
                } else {
                    format!("{k}={}", v.join(","))
                }
            })
            .collect();
        line(
            &mut out,
            "capabilities",
            format!("[{}]", caps.join(", ")),
            self.capabilities.source,
        );
        line(
            &mut out,
            "security.strict_security",
            self.strict_security.value.to_string(),
            self.strict_security.source,
        );
        line(
            &mut out,
            "security.allow_eval",
            self.allow_eval.value.to_string(),
            self.allow_eval.source,
        );
        let py = self
            .python_executable
            .value
            .clone()
            .unwrap_or_else(|| "python3".into());
        line(
            &mut out,
            "python_executable",
            py,
            self.python_executable.source,
        );
        let history = self
            .history_file
            .value
            .as_ref()
            .map_or("(default)".to_string(), |p| p.display().to_string());
        line(&mut out, "history_file", history, self.history_file.source);
        line(
            &mut out,
            "bridge_timeout_ms",
            self.bridge_timeout_ms.value.to_string(),
            self.bridge_timeout_ms.source,
        );
        line(
            &mut out,
            "max_call_depth",
            self.max_call_depth.value.to_string(),
            self.max_call_depth.source,
        );
        let memory = self
            .max_memory_mb
            .value
            .map_or("(no budget)".to_string(), |mb| mb.to_string());
        line(&mut out, "max_memory_mb", memory, self.max_memory_mb.source);
        line(
            &mut out,
            "watch_reload_dependents",
            self.watch_reload_dependents.value.to_string(),
            self.watch_reload_dependents.source,
        );
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        out
    }
}

fn paths_text(paths: &[PathBuf]) -> String {
    let items: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_become_spaces_in_place() {
        let text = "{\n  // c\n  \"a\": [1, 2,], /* b */\n  \"s\": \"//not a comment\",\n}";
        let plain = strip_jsonc(text);
        assert_eq!(plain.len(), text.len());
        let v: Json = serde_json::from_str(&plain).unwrap();
        assert_eq!(v["a"], serde_json::json!([1, 2]));
        assert_eq!(v["s"], "//not a comment");
    }
}
