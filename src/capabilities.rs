//! Capability grants: what a session lets ML code reach outside itself.
//!
//! A grant is a capability name (`file.read`; `:` and `.` are the same
//! separator, `*` stands for every capability) with optional resource globs.
//! A grant without globs covers every resource. Built-in modules check the
//! resource they are about to touch (a path, a variable name, a URL) with
//! [`Grants::check`]; Python bridge calls check with no resource.
//!
//! Paths are compared in one canonical form on both sides: absolute,
//! with `.` and `..` resolved and symlinks followed as the OS would follow
//! them. A resource path is resolved component by component against the
//! real file system (so `data/link/../x` goes where the OS goes, not where
//! the text suggests; a dangling link goes to its missing target), and the
//! parts that do not exist yet are resolved lexically, which is what the OS
//! will do once they are created (see [`resolve`]). The file-system
//! effects act on exactly the path they checked (see [`fs`]). A
//! pattern's literal leading folders are resolved the same way, so a grant
//! for `/tmp/data/*` still matches when `/tmp` is itself a link.
//!
//! Matching uses `glob::Pattern`, the crate `path.glob` already relies on.
//! For paths `*` stays within one folder and `**` crosses folders; for other
//! resources `*` matches any text. URLs of `network.*` capabilities are
//! matched by host and port instead (see `network`).

use crate::lang::error::{ErrorKind, RtError};
use glob::{MatchOptions, Pattern};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Where a grant came from (shown by `.capabilities`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantSource {
    /// `capabilities` in `mlpy.json`.
    ConfigFile,
    /// `--grant` on the command line.
    Flag,
    /// `.grant` typed in the REPL.
    Repl,
    /// Granted by the embedding program through `Vm::grant`.
    Host,
}

impl fmt::Display for GrantSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GrantSource::ConfigFile => "mlpy.json",
            GrantSource::Flag => "--grant",
            GrantSource::Repl => ".grant",
            GrantSource::Host => "host",
        })
    }
}

/// A resource glob as the user wrote it and as it is matched.
#[derive(Clone, Debug)]
pub struct ResourcePattern {
    pub written: String,
    /// The pattern after resolution (absolute for path capabilities).
    pub resolved: String,
    glob: Pattern,
}

/// One grant: a capability name and the resources it covers.
#[derive(Clone, Debug)]
pub struct Grant {
    pub name: String,
    /// Empty: every resource.
    pub patterns: Vec<ResourcePattern>,
    pub source: GrantSource,
}

/// `file:read` → `file.read`.
pub fn normalize_name(name: &str) -> String {
    name.trim().replace(':', ".")
}

/// Whether the resources of capability `name` are file-system paths.
pub fn is_path_capability(name: &str) -> bool {
    matches!(name.split('.').next(), Some("file" | "path"))
}

/// Why a pattern cannot be used, or `None` when it is a valid glob.
pub fn pattern_problem(pattern: &str) -> Option<String> {
    if pattern.trim().is_empty() {
        return Some("a resource pattern cannot be empty".into());
    }
    Pattern::new(pattern)
        .err()
        .map(|e| format!("invalid resource pattern '{pattern}': {}", e.msg))
}

/// Why a capability name cannot be used, or `None` when it is valid.
pub fn name_problem(name: &str) -> Option<String> {
    let name = normalize_name(name);
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '*'));
    (!valid).then(|| {
        format!("invalid capability name '{name}' (letters, digits, '_', '-', ':' or '.', '*')")
    })
}

impl Grant {
    /// A grant of `name` for `patterns`; relative path patterns resolve
    /// against `base` (the folder of `mlpy.json`, or the working folder).
    pub fn new(
        name: &str,
        patterns: &[String],
        base: &Path,
        source: GrantSource,
    ) -> Result<Grant, String> {
        if let Some(problem) = name_problem(name) {
            return Err(problem);
        }
        let name = normalize_name(name);
        let path_kind = is_path_capability(&name);
        let patterns = patterns
            .iter()
            .map(|p| compile_pattern(p, path_kind, base))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Grant {
            name,
            patterns,
            source,
        })
    }

    /// `CAP` or `CAP=GLOB`, as `--grant` takes it.
    pub fn from_flag(text: &str, base: &Path, source: GrantSource) -> Result<Grant, String> {
        match text.split_once('=') {
            Some((name, pattern)) => Grant::new(name, &[pattern.to_string()], base, source),
            None => Grant::new(text, &[], base, source),
        }
    }

    fn covers_name(&self, name: &str) -> bool {
        if self.name == name || self.name == "*" {
            return true;
        }
        self.name.contains('*')
            && Pattern::new(&self.name).is_ok_and(|p| p.matches_with(name, NAME_OPTIONS))
    }

    fn covers_resource(&self, resource: Option<&Resource>) -> bool {
        let Some(resource) = resource else {
            // Nothing to restrict: being granted at all is enough.
            return true;
        };
        if self.patterns.is_empty() {
            return true;
        }
        let (text, options) = match resource {
            Resource::Path(p) => (p.as_str(), PATH_OPTIONS),
            Resource::Other(t) => (t.as_str(), TEXT_OPTIONS),
            Resource::Url(target) => {
                return self
                    .patterns
                    .iter()
                    .any(|p| network::covers(&p.resolved, &p.glob, target));
            }
        };
        self.patterns
            .iter()
            .any(|p| p.glob.matches_with(text, options))
    }
}

const NAME_OPTIONS: MatchOptions = MatchOptions {
    case_sensitive: true,
    require_literal_separator: false,
    require_literal_leading_dot: false,
};

/// As in a shell, `*`, `?` and `**` do not match a name starting with `.`:
/// hidden files are granted by writing the dot (`data/.*`, `data/.env`).
const PATH_OPTIONS: MatchOptions = MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

const TEXT_OPTIONS: MatchOptions = MatchOptions {
    case_sensitive: true,
    require_literal_separator: false,
    require_literal_leading_dot: false,
};

fn compile_pattern(written: &str, path_kind: bool, base: &Path) -> Result<ResourcePattern, String> {
    if let Some(problem) = pattern_problem(written) {
        return Err(problem);
    }
    let resolved = if path_kind {
        resolve_path_pattern(written, base)
    } else {
        written.to_string()
    };
    let glob = Pattern::new(&resolved).map_err(|e| {
        format!(
            "invalid resource pattern '{written}' (as {resolved}): {}",
            e.msg
        )
    })?;
    Ok(ResourcePattern {
        written: written.to_string(),
        resolved,
        glob,
    })
}

/// A path pattern made absolute and normalized, with its literal leading
/// folders resolved like resources are.
fn resolve_path_pattern(pattern: &str, base: &Path) -> String {
    let expanded = expand_home(pattern);
    let absolute = crate::util::absolute(base, Path::new(&expanded));
    let components: Vec<String> = absolute
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let literal = components
        .iter()
        .take_while(|c| !c.contains(['*', '?', '[']))
        .count();
    let prefix: PathBuf = std::iter::once("/".to_string())
        .chain(components[..literal].iter().cloned())
        .collect();
    let prefix = resolve_path(&prefix, Path::new("/"));
    let mut out = Pattern::escape(&prefix.to_string_lossy());
    for rest in &components[literal..] {
        if !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(rest);
    }
    out
}

/// `~` and `~/x` name the user's home folder, as in the `file` functions.
fn expand_home(p: &str) -> String {
    let home = std::env::var("HOME").ok().filter(|h| !h.is_empty());
    match (p.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", home.trim_end_matches('/'))
        }
        _ => p.to_string(),
    }
}

/// `path` as the OS would reach it: absolute against `cwd`, each existing
/// component followed through symlinks (a dangling final link to its
/// target) and `..` taken from the real parent, the rest kept as written.
pub fn resolve_path(path: &Path, cwd: &Path) -> PathBuf {
    resolve::resolve_followed(path, cwd)
}

/// A resource in the form it is matched in.
enum Resource {
    Path(String),
    Other(String),
    /// A URL for a `network.*` capability (see [`network`]).
    Url(network::Target),
}

impl Resource {
    fn new(capability: &str, text: &str) -> Resource {
        if is_path_capability(capability) {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
            let expanded = expand_home(text);
            let real = resolve_path(Path::new(&expanded), &cwd);
            Resource::Path(real.to_string_lossy().into_owned())
        } else if let Some(target) = network::is_network_capability(capability)
            .then(|| network::Target::parse(text))
            .flatten()
        {
            Resource::Url(target)
        } else {
            Resource::Other(text.to_string())
        }
    }

    fn text(&self) -> &str {
        match self {
            Resource::Path(t) | Resource::Other(t) => t,
            Resource::Url(target) => &target.url,
        }
    }
}

/// A session's grants and security settings.
#[derive(Debug)]
pub struct Grants {
    grants: Vec<Grant>,
    /// Names taken out of the wildcard grants by `.revoke` (`*` except
    /// `file.read`); a grant of the exact name is not affected.
    excluded: Vec<String>,
    /// `strict_security`: deny what is not granted (else allow and warn).
    pub strict: bool,
    /// `allow_eval`: whether dynamic evaluation of code may run.
    pub allow_eval: bool,
    /// Capabilities already warned about in non-strict mode.
    warned: RefCell<BTreeSet<String>>,
}

impl Default for Grants {
    fn default() -> Self {
        Grants {
            grants: Vec::new(),
            excluded: Vec::new(),
            strict: true,
            allow_eval: false,
            warned: RefCell::new(BTreeSet::new()),
        }
    }
}

impl Grants {
    /// Add a grant; it undoes the revocations it covers.
    pub fn add(&mut self, grant: Grant) {
        let wildcard = grant.name.contains('*');
        self.excluded
            .retain(|x| *x != grant.name && !(wildcard && grant.covers_name(x)));
        self.grants.push(grant);
    }

    /// Remove every grant named `name` (`file:read` = `file.read`), and
    /// when a wildcard grant (`*`, `file.*`) still covers the name, take
    /// the name out of it. Returns how many grants were removed and
    /// whether a wildcard grant was narrowed.
    pub fn revoke(&mut self, name: &str) -> (usize, bool) {
        let name = normalize_name(name);
        let before = self.grants.len();
        self.grants.retain(|g| g.name != name);
        let removed = before - self.grants.len();
        let narrowed = self
            .grants
            .iter()
            .any(|g| g.name.contains('*') && g.covers_name(&name));
        if narrowed && !self.excluded.contains(&name) {
            self.excluded.push(name);
        }
        (removed, narrowed)
    }

    /// The names `.revoke` took out of wildcard grants.
    pub fn excluded(&self) -> &[String] {
        &self.excluded
    }

    /// Whether grant `g` covers capability `name`, revocations considered.
    fn grant_covers(&self, g: &Grant, name: &str) -> bool {
        if !g.covers_name(name) {
            return false;
        }
        if g.name == name {
            return true;
        }
        !self
            .excluded
            .iter()
            .any(|x| x == name || Pattern::new(x).is_ok_and(|p| p.matches_with(name, NAME_OPTIONS)))
    }

    /// Every grant, in the order they were made.
    pub fn list(&self) -> &[Grant] {
        &self.grants
    }

    /// Whether some grant covers capability `name` (for any resource).
    pub fn is_granted(&self, name: &str) -> bool {
        let name = normalize_name(name);
        self.grants.iter().any(|g| self.grant_covers(g, &name))
    }

    /// Sorted, distinct names of the grants.
    pub fn names(&self) -> Vec<String> {
        let names: BTreeSet<String> = self.grants.iter().map(|g| g.name.clone()).collect();
        names.into_iter().collect()
    }

    /// The patterns (as written) restricting capability `name`: `None` when
    /// it is not granted, an empty list when some grant covers everything.
    pub fn patterns_of(&self, name: &str) -> Option<Vec<String>> {
        let name = normalize_name(name);
        let covering: Vec<&Grant> = self
            .grants
            .iter()
            .filter(|g| self.grant_covers(g, &name))
            .collect();
        if covering.is_empty() {
            return None;
        }
        if covering.iter().any(|g| g.patterns.is_empty()) {
            return Some(Vec::new());
        }
        Some(
            covering
                .iter()
                .flat_map(|g| g.patterns.iter().map(|p| p.written.clone()))
                .collect(),
        )
    }

    /// `Ok` when capability `name` is granted for `resource` (or when it is
    /// not but security is not strict: then one warning per capability
    /// goes to standard error); else `CapabilityError` naming both.
    pub fn check(&self, name: &str, resource: Option<&str>) -> Result<(), RtError> {
        let name = normalize_name(name);
        let resource = resource.map(|r| Resource::new(&name, r));
        self.check_resource(name, resource)
    }

    /// [`Grants::check`] for a path already resolved (by
    /// [`resolve::resolve`]), matched as it is: the file-system effects
    /// resolve once and act on exactly what was checked.
    pub fn check_path(&self, name: &str, resolved: &Path) -> Result<(), RtError> {
        let resource = Resource::Path(resolved.to_string_lossy().into_owned());
        self.check_resource(normalize_name(name), Some(resource))
    }

    fn check_resource(&self, name: String, resource: Option<Resource>) -> Result<(), RtError> {
        let covering: Vec<&Grant> = self
            .grants
            .iter()
            .filter(|g| self.grant_covers(g, &name))
            .collect();
        if covering
            .iter()
            .any(|g| g.covers_resource(resource.as_ref()))
        {
            return Ok(());
        }
        let message = denial_message(&name, resource.as_ref(), &covering);
        if self.strict {
            return Err(RtError::new(ErrorKind::CapabilityError, message));
        }
        if self.warned.borrow_mut().insert(name.clone()) {
            eprintln!(
                "mlpy: warning: {message}; allowed because strict_security is false \
                 (further uses of '{name}' are allowed silently)"
            );
        }
        Ok(())
    }
}

fn denial_message(name: &str, resource: Option<&Resource>, covering: &[&Grant]) -> String {
    let Some(resource) = resource else {
        return format!("capability '{name}' is not granted");
    };
    if covering.is_empty() {
        return format!(
            "capability '{name}' is not granted (needed for '{}')",
            resource.text()
        );
    }
    let patterns: Vec<&str> = covering
        .iter()
        .flat_map(|g| g.patterns.iter().map(|p| p.resolved.as_str()))
        .collect();
    format!(
        "capability '{name}' does not cover '{}' (granted for {})",
        resource.text(),
        patterns.join(", ")
    )
}

pub mod fs;
mod host;
mod network;
pub mod resolve;
mod sys;

#[cfg(test)]
mod tests;
