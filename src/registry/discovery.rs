//! Discovery: walk the module folders and record names, kinds and paths.
//! Nothing is parsed, compiled or imported here (ARCHITECTURE.md decision
//! 4): ML files are named by their path, Python files are recognized by
//! scanning their text for `@ml_module(...)` without running Python.

use super::name::{is_identifier, ModuleName};
use crate::lang::value::ModuleKind;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Folders nested deeper than this are not walked (absurd trees).
const MAX_FOLDER_DEPTH: usize = 32;

/// A folder's identity (device and inode): a folder reached a second time,
/// through a link such as `a -> .`, is not walked again.
type FolderId = (u64, u64);

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn folder_id(_path: &Path) -> Option<FolderId> {
    None
}

/// The text of `path` if it is a regular file. A FIFO or device is refused
/// without blocking: it is opened non-blocking and checked before reading.
pub fn read_regular_text(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

#[derive(Clone, Debug)]
pub struct DiscoveredModule {
    pub name: ModuleName,
    pub kind: ModuleKind,
    pub path: PathBuf,
    /// Files with the same name on lower-priority paths.
    pub shadows: Vec<PathBuf>,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub modules: BTreeMap<ModuleName, DiscoveredModule>,
    /// Warnings: files that cannot be modules, unconventional names,
    /// folders that do not exist.
    pub problems: Vec<String>,
    pub elapsed: Duration,
}

/// Discover ML modules under `ml_paths` and Python bridge modules under
/// `py_paths`; earlier paths take priority over later ones.
pub fn discover(ml_paths: &[PathBuf], py_paths: &[PathBuf]) -> Discovery {
    let started = Instant::now();
    let mut found = Discovery::default();
    // Bridge modules first: they shadow ML modules of the same name
    // (spec 3.13).
    for root in py_paths {
        let mut walk = Walk::new(root, "py", &mut found);
        walk.folder(root, 0, &mut |found, _rel, path| {
            add_python_file(found, path)
        });
    }
    for root in ml_paths {
        let mut walk = Walk::new(root, "ml", &mut found);
        walk.folder(root, 0, &mut |found, rel, path| {
            add_ml_file(found, rel, path)
        });
    }
    shorten_problems(&mut found.problems);
    found.elapsed = started.elapsed();
    found
}

/// Problems shown at most, so that a module folder full of odd names (or a
/// link to a large tree) gives a screenful, not thousands of lines.
const MAX_PROBLEMS: usize = 20;

fn shorten_problems(problems: &mut Vec<String>) {
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(format!(
            "... and {more} more problems in the module folders"
        ));
    }
}

type OnFile<'a> = dyn FnMut(&mut Discovery, &Path, &Path) + 'a;

/// One module folder's walk: each real folder once, regular files only.
struct Walk<'a> {
    root: &'a Path,
    ext: &'a str,
    found: &'a mut Discovery,
    visited: std::collections::HashSet<FolderId>,
    /// Entries seen so far under this root; see [`MAX_ENTRIES`].
    entries: usize,
}

/// Entries (files and folders) one module folder's walk looks at before it
/// stops with a warning. Module folders hold dozens of files; a link to `/`
/// or to a home folder would otherwise make every start of mlpy walk the
/// whole disk.
const MAX_ENTRIES: usize = 100_000;

impl<'a> Walk<'a> {
    fn new(root: &'a Path, ext: &'a str, found: &'a mut Discovery) -> Walk<'a> {
        Walk {
            root,
            ext,
            found,
            visited: std::collections::HashSet::new(),
            entries: 0,
        }
    }

    fn folder(&mut self, dir: &Path, depth: usize, on_file: &mut OnFile) {
        if let Some(id) = folder_id(dir) {
            if !self.visited.insert(id) {
                return;
            }
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                // A root that does not exist is reported by the configuration.
                if depth == 0 && dir.exists() {
                    self.found
                        .problems
                        .push(format!("module path {} cannot be read: {e}", dir.display()));
                }
                return;
            }
        };
        // The entry's own file type needs no extra system call (unlike
        // `Path::is_dir`); links are followed with one `metadata` call.
        let mut paths: Vec<(PathBuf, Kind)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| {
                let kind = match e.file_type() {
                    Ok(t) if t.is_symlink() => match std::fs::metadata(e.path()) {
                        Ok(m) => Kind::of(m.file_type()),
                        Err(_) => Kind::Other,
                    },
                    Ok(t) => Kind::of(t),
                    Err(_) => Kind::Other,
                };
                (e.path(), kind)
            })
            .collect();
        paths.sort();
        if self.too_many(paths.len()) {
            return;
        }
        for (path, kind) in paths {
            match kind {
                Kind::Folder => {
                    if depth < MAX_FOLDER_DEPTH && self.may_hold_modules(&path) {
                        self.folder(&path, depth + 1, on_file);
                    }
                }
                Kind::File if path.extension().is_some_and(|x| x == self.ext) => {
                    let rel = path.strip_prefix(self.root).unwrap_or(&path).to_path_buf();
                    on_file(self.found, &rel, &path);
                }
                Kind::File => {}
                // A FIFO, socket or device named like a module is never
                // opened: reading a FIFO would block discovery forever.
                Kind::Other => {
                    if path.extension().is_some_and(|x| x == self.ext) {
                        self.found.problems.push(format!(
                            "{}: not registered: not a regular file",
                            path.display()
                        ));
                    }
                }
            }
        }
    }
}

impl Walk<'_> {
    /// Whether a subfolder can hold modules: its name becomes part of
    /// their dotted names, so it must be an identifier (`my-lib/x.ml` could
    /// never be imported; one warning says so instead of one per file).
    /// Bridge modules name themselves, so any folder may hold them.
    fn may_hold_modules(&mut self, path: &Path) -> bool {
        let name = path.file_name().map(|n| n.to_string_lossy());
        match name.as_deref() {
            None | Some("__pycache__") => false,
            Some(_) if self.ext != "ml" => true,
            Some(name) if is_identifier(name) => true,
            Some(name) => {
                self.found.problems.push(format!(
                    "{}: not searched for modules: '{name}' is not an identifier, so it \
                     cannot be part of a module name",
                    path.display()
                ));
                false
            }
        }
    }

    /// Counts `more` entries; past [`MAX_ENTRIES`] reports the root once
    /// and tells the walk to stop.
    fn too_many(&mut self, more: usize) -> bool {
        let before = self.entries;
        self.entries = before.saturating_add(more);
        if self.entries <= MAX_ENTRIES {
            return false;
        }
        if before <= MAX_ENTRIES {
            // First, so that shortening the list never hides it.
            self.found.problems.insert(
                0,
                format!(
                    "module path {}: stopped looking after {MAX_ENTRIES} files and folders \
                 (does a link inside it lead to a large tree such as '/'?)",
                    self.root.display()
                ),
            );
        }
        true
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Folder,
    File,
    Other,
}

impl Kind {
    fn of(t: std::fs::FileType) -> Kind {
        if t.is_dir() {
            Kind::Folder
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

fn add_ml_file(found: &mut Discovery, rel: &Path, path: &Path) {
    match ModuleName::from_relative_path(rel) {
        Ok(name) => {
            if !name.is_conventional() {
                found.problems.push(format!(
                    "{}: module name '{name}' is unconventional (module names are usually snake_case)",
                    path.display()
                ));
            }
            register(found, name, ModuleKind::MlSource, path);
        }
        Err(reason) => found
            .problems
            .push(format!("{}: not registered: {reason}", path.display())),
    }
}

fn add_python_file(found: &mut Discovery, path: &Path) {
    let Ok(text) = read_regular_text(path) else {
        found
            .problems
            .push(format!("{}: cannot be read as text", path.display()));
        return;
    };
    for raw in scan_ml_module_names(&text) {
        match ModuleName::parse(&raw) {
            Ok(name) => register(found, name, ModuleKind::PythonBridge, path),
            Err(reason) => found
                .problems
                .push(format!("{}: not registered: {reason}", path.display())),
        }
    }
}

fn register(found: &mut Discovery, name: ModuleName, kind: ModuleKind, path: &Path) {
    match found.modules.get_mut(&name) {
        Some(existing) => existing.shadows.push(path.to_path_buf()),
        None => {
            found.modules.insert(
                name.clone(),
                DiscoveredModule {
                    name,
                    kind,
                    path: path.to_path_buf(),
                    shadows: Vec::new(),
                },
            );
        }
    }
}

/// The module names given to `@ml_module(...)` decorators in Python source:
/// the first positional string argument, or `name="..."`. The call may
/// span lines and hold other arguments (`version=`, lists, comments).
pub fn scan_ml_module_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("@ml_module") {
        rest = &rest[at + "@ml_module".len()..];
        let Some(args) = rest.trim_start().strip_prefix('(') else {
            continue;
        };
        if let Some(name) = decorator_arguments(args)
            .into_iter()
            .find_map(|arg| argument_name(&arg))
        {
            names.push(name);
        }
    }
    names
}

/// The top-level arguments of a call whose `(` was just consumed, each as
/// its text with comments removed; stops at the matching `)`.
fn decorator_arguments(text: &str) -> Vec<String> {
    let mut args = vec![String::new()];
    let mut depth = 0usize;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let current = args.last_mut().expect("one argument at least");
                current.push(c);
                for d in chars.by_ref() {
                    current.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '#' => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                args.last_mut().expect("one argument at least").push(c);
            }
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => {
                depth -= 1;
                args.last_mut().expect("one argument at least").push(c);
            }
            ',' if depth == 0 => args.push(String::new()),
            _ => args.last_mut().expect("one argument at least").push(c),
        }
    }
    args
}

/// `"name"` as the first argument, or `name = "name"` anywhere.
fn argument_name(arg: &str) -> Option<String> {
    let arg = arg.trim();
    if let Some(s) = string_literal(arg) {
        return Some(s);
    }
    let value = arg.strip_prefix("name")?.trim_start().strip_prefix('=')?;
    string_literal(value.trim_start())
}

fn string_literal(s: &str) -> Option<String> {
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &s[1..];
    let end = body.find(quote)?;
    Some(body[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decorator_names_are_found_in_both_forms() {
        let src = r#"
from mlpy import ml_module
@ml_module("crypto_tools")
class A: pass

@ml_module(name='db', version="1.0", capabilities_required=["database:connect"])
class B: pass

# @ml_module without arguments is ignored
"#;
        assert_eq!(scan_ml_module_names(src), vec!["crypto_tools", "db"]);
    }

    #[test]
    fn multi_line_calls_with_other_arguments_first() {
        let src = r#"
@ml_module(
    description="a name = 'not this' (really)",  # name="nor this"
    capabilities_required=["math:advanced", "x"],
    name="advanced_math",
    allow_eval=False  # Security: block eval in this module
)
class AdvancedMath: pass
"#;
        assert_eq!(scan_ml_module_names(src), vec!["advanced_math"]);
    }
}
