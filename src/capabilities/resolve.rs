//! Resolving a path the way the OS will resolve it, one component at a
//! time, so that a grant check and the effect after it agree on which file
//! is meant.
//!
//! Each existing component is looked at with `lstat`: a symbolic link is
//! replaced by its target (a dangling one too: the OS would create the
//! target), `..` is taken from the real parent, and components that do not
//! exist yet are kept as written, since the OS will create exactly those.
//! The result holds no symbolic link, except a final one the caller asked
//! to keep (deleting or moving a link acts on the link itself).

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

/// How many links one resolution follows before giving up, as the OS does.
const MAX_LINKS: usize = 40;

/// A path resolved for a check and the effect that follows it.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The real, absolute path (final link kept when asked).
    pub path: PathBuf,
    /// Components of `path` after the root, in order.
    pub parts: Vec<OsString>,
    /// How many of `parts`, from the start, exist.
    pub existing: usize,
    /// Whether the final component is a symbolic link that was kept.
    pub final_link: bool,
}

impl Resolved {
    /// The folder holding the final component, as a path.
    pub fn parent(&self) -> PathBuf {
        join_parts(&self.parts[..self.parts.len().saturating_sub(1)])
    }

    /// The final component (`None` for the root itself).
    pub fn name(&self) -> Option<&OsString> {
        self.parts.last()
    }

    /// Whether the final component exists.
    pub fn exists(&self) -> bool {
        !self.parts.is_empty() && self.existing == self.parts.len()
    }

    /// The folders above the final component that do not exist yet,
    /// outermost first (what creating the final component must make).
    pub fn missing_folders(&self) -> Vec<PathBuf> {
        let last = self.parts.len().saturating_sub(1);
        (self.existing.min(last)..last)
            .map(|end| join_parts(&self.parts[..=end]))
            .collect()
    }
}

pub fn join_parts(parts: &[OsString]) -> PathBuf {
    let mut p = PathBuf::from("/");
    p.extend(parts);
    p
}

/// `path` (absolute, or relative to `cwd`) as the OS will reach it. With
/// `follow_final` false a final symbolic link is kept as the result.
pub fn resolve(path: &Path, cwd: &Path, follow_final: bool) -> io::Result<Resolved> {
    let mut queue: VecDeque<OsString> = VecDeque::new();
    push_components(&mut queue, &cwd.join(path), false);
    let mut parts: Vec<OsString> = Vec::new();
    let mut existing = 0;
    let mut links = 0;
    let mut final_link = false;
    while let Some(part) = queue.pop_front() {
        if part == ".." {
            parts.pop();
            existing = existing.min(parts.len());
            continue;
        }
        let all_exist = existing == parts.len();
        parts.push(part);
        if !all_exist {
            continue;
        }
        let here = join_parts(&parts);
        let Ok(meta) = std::fs::symlink_metadata(&here) else {
            // Missing (or unreachable): the OS creates or fails on it.
            continue;
        };
        if !meta.file_type().is_symlink() {
            existing += 1;
            continue;
        }
        if queue.is_empty() && !follow_final {
            existing += 1;
            final_link = true;
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return Err(io::Error::from_raw_os_error(libc::ELOOP));
        }
        let target = std::fs::read_link(&here)?;
        parts.pop();
        if target.is_absolute() {
            parts.clear();
            existing = 0;
        }
        push_components(&mut queue, &target, true);
    }
    Ok(Resolved {
        path: join_parts(&parts),
        parts,
        existing,
        final_link,
    })
}

/// Queue the components of `path` (`.` dropped, `..` kept); at the front
/// when they replace a link, at the back otherwise.
fn push_components(queue: &mut VecDeque<OsString>, path: &Path, front: bool) {
    let items: Vec<OsString> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            Component::ParentDir => Some(OsString::from("..")),
            _ => None,
        })
        .collect();
    if front {
        for item in items.into_iter().rev() {
            queue.push_front(item);
        }
    } else {
        queue.extend(items);
    }
}

/// [`resolve`] following every link, falling back to the text made
/// absolute when the path cannot be resolved (a link loop): the effect
/// fails on it anyway.
pub fn resolve_followed(path: &Path, cwd: &Path) -> PathBuf {
    resolve(path, cwd, true).map_or_else(|_| cwd.join(path), |r| r.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn real_tempdir() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = std::fs::canonicalize(dir.path()).expect("canonical");
        (dir, real)
    }

    #[test]
    fn dangling_links_resolve_to_their_target() {
        let (_d, root) = real_tempdir();
        std::fs::create_dir(root.join("data")).unwrap();
        symlink("../outside/new.txt", root.join("data/evil.json")).unwrap();
        let r = resolve(Path::new("data/evil.json"), &root, true).unwrap();
        assert_eq!(r.path, root.join("outside/new.txt"));
        assert!(!r.exists());
        assert_eq!(r.missing_folders(), vec![root.join("outside")]);
        let kept = resolve(Path::new("data/evil.json"), &root, false).unwrap();
        assert_eq!(kept.path, root.join("data/evil.json"));
        assert!(kept.final_link && kept.exists());
    }

    #[test]
    fn parent_steps_after_a_link_use_the_real_parent() {
        let (_d, root) = real_tempdir();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        symlink(root.join("a/b"), root.join("l")).unwrap();
        let r = resolve(Path::new("l/../x"), &root, true).unwrap();
        assert_eq!(r.path, root.join("a/x"));
        let lexical = resolve(Path::new("made/by/../../x"), &root, true).unwrap();
        assert_eq!(lexical.path, root.join("x"));
        assert!(lexical.missing_folders().is_empty());
    }

    #[test]
    fn link_loops_are_an_error() {
        let (_d, root) = real_tempdir();
        symlink("b", root.join("a")).unwrap();
        symlink("a", root.join("b")).unwrap();
        let e = resolve(Path::new("a"), &root, true).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ELOOP));
    }
}
