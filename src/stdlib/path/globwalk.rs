//! The directory walk behind `path.glob`, bounded against hostile trees.
//!
//! A pattern is matched one path component at a time. `**` descends into
//! every folder below, each real folder once (by device and inode), so links
//! such as `a -> .` or `/proc/self/root` cannot make the walk loop or
//! explode. The walk checks for Ctrl-C and `--timeout` at every folder and
//! gives up past [`MAX_ENTRIES`] entries.

use crate::lang::error::RtError;
use crate::lang::vm::Vm;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Entries a single glob may look at (matches and the folders it reads).
pub const MAX_ENTRIES: usize = 1_000_000;

struct Walk<'a> {
    vm: &'a Vm,
    options: glob::MatchOptions,
    seen: usize,
    pattern: &'a str,
}

/// The paths matching the absolute `full` pattern (`pattern` is what the
/// program gave, for messages), unsorted.
pub fn glob_paths(vm: &Vm, full: &str, pattern: &str) -> Result<Vec<PathBuf>, RtError> {
    let options = glob::MatchOptions {
        // Like Python's glob, wildcards do not match hidden names.
        require_literal_leading_dot: true,
        ..glob::MatchOptions::new()
    };
    let parts: Vec<&str> = full.split('/').filter(|p| !p.is_empty()).collect();
    let mut compiled = Vec::with_capacity(parts.len());
    for part in &parts {
        compiled.push(
            Part::new(part).map_err(|e| {
                RtError::value_error(format!("invalid glob pattern '{pattern}': {e}"))
            })?,
        );
    }
    let mut walk = Walk {
        vm,
        options,
        seen: 0,
        pattern,
    };
    let mut candidates = vec![PathBuf::from("/")];
    for (i, part) in compiled.iter().enumerate() {
        let last = i + 1 == compiled.len();
        let mut next = Vec::new();
        for base in &candidates {
            walk.expand(base, part, last, &mut next)?;
        }
        candidates = next;
    }
    Ok(candidates)
}

enum Part {
    Literal(String),
    AnyDepth,
    Wild(glob::Pattern),
}

impl Part {
    fn new(text: &str) -> Result<Part, glob::PatternError> {
        if text == "**" {
            Ok(Part::AnyDepth)
        } else if text.contains(['*', '?', '[']) {
            Ok(Part::Wild(glob::Pattern::new(text)?))
        } else {
            Ok(Part::Literal(text.to_string()))
        }
    }
}

impl Walk<'_> {
    /// Adds to `out` what `part` matches under `base`; before the last
    /// part only folders are kept.
    fn expand(
        &mut self,
        base: &Path,
        part: &Part,
        last: bool,
        out: &mut Vec<PathBuf>,
    ) -> Result<(), RtError> {
        match part {
            Part::Literal(name) => {
                let path = base.join(name);
                let keep = if last {
                    std::fs::symlink_metadata(&path).is_ok()
                } else {
                    path.is_dir()
                };
                if keep {
                    self.count(1)?;
                    out.push(path);
                }
            }
            Part::Wild(pattern) => {
                for (path, is_dir) in self.read_folder(base)? {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    if (last || is_dir)
                        && name.is_some_and(|n| pattern.matches_with(&n, self.options))
                    {
                        out.push(path);
                    }
                }
            }
            Part::AnyDepth => self.folders_below(base, out)?,
        }
        Ok(())
    }

    /// `base` and every folder below it that is not hidden, each real
    /// folder once.
    fn folders_below(&mut self, base: &Path, out: &mut Vec<PathBuf>) -> Result<(), RtError> {
        let mut visited: HashSet<(u64, u64)> = HashSet::new();
        let mut pending = vec![base.to_path_buf()];
        while let Some(dir) = pending.pop() {
            if let Some(id) = folder_id(&dir) {
                if !visited.insert(id) {
                    continue;
                }
            }
            out.push(dir.clone());
            let mut children: Vec<PathBuf> = self
                .read_folder(&dir)?
                .into_iter()
                .filter(|(path, is_dir)| {
                    *is_dir
                        && !path
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .map(|(path, _)| path)
                .collect();
            // Popped from the end: reversed keeps a depth-first, sorted walk.
            children.sort_unstable_by(|a, b| b.cmp(a));
            pending.extend(children);
        }
        Ok(())
    }

    /// The entries of `dir` with whether each is a folder (links followed);
    /// an unreadable folder has none.
    fn read_folder(&mut self, dir: &Path) -> Result<Vec<(PathBuf, bool)>, RtError> {
        self.vm.check_interrupt()?;
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            self.count(1)?;
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => entry.path().is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            out.push((entry.path(), is_dir));
        }
        Ok(out)
    }

    fn count(&mut self, n: usize) -> Result<(), RtError> {
        self.seen += n;
        if self.seen > MAX_ENTRIES {
            return Err(RtError::runtime_error(format!(
                "path.glob('{}') looked at more than {MAX_ENTRIES} entries; narrow the pattern",
                self.pattern
            )));
        }
        Ok(())
    }
}

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn folder_id(_path: &Path) -> Option<(u64, u64)> {
    None
}
