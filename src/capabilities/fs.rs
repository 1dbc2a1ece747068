//! File-system effects that act on exactly the path their grant check saw.
//!
//! Each effect resolves its path once ([`resolve`]), checks the grant on
//! the result (and, for a path that ends in a symbolic link, on the link
//! itself too where the link is what changes), then reaches the file
//! through folder handles opened one component at a time without
//! following links ([`sys`]), so a folder swapped for a link after the
//! check makes the effect fail instead of landing elsewhere. Missing
//! folders are checked one by one before any is made. Existing files with
//! more than one hard link are not written: their other names may lie
//! outside the grant.

use super::resolve::{resolve, Resolved};
use super::sys;
use super::Grants;
use crate::lang::error::{ErrorKind, RtError};
use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// How [`open_write`] opens the file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Replace the contents.
    Truncate,
    /// Add at the end.
    Append,
    /// Read the contents, add at the end (`csv.append`).
    ReadAppend,
    /// Open for writing without changing anything yet (the caller
    /// truncates once it has compared the file with its source).
    Keep,
}

/// A path argument: as the program gave it (for messages) and as the OS
/// sees it (`~` expanded).
#[derive(Clone, Copy)]
pub struct PathArg<'a> {
    pub given: &'a str,
    pub expanded: &'a str,
}

/// `RuntimeError: cannot VERB 'PATH': OS message`, as the stdlib reports.
fn io_error(verb: &str, given: &str, e: &io::Error) -> RtError {
    let text = e.to_string();
    let text = text
        .find(" (os error ")
        .map_or(text.as_str(), |i| &text[..i]);
    RtError::runtime_error(format!("cannot {verb} '{given}': {text}"))
}

fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}

fn resolved(path: PathArg<'_>, verb: &str, follow_final: bool) -> Result<Resolved, RtError> {
    resolve(Path::new(path.expanded), &cwd(), follow_final)
        .map_err(|e| io_error(verb, path.given, &e))
}

/// An OS error of an effect; a link met where the check saw none means the
/// file system changed between the two.
fn effect_error(verb: &str, given: &str, e: &io::Error) -> RtError {
    if e.raw_os_error() == Some(libc::ELOOP) {
        return RtError::runtime_error(format!(
            "cannot {verb} '{given}': a part of its path became a symbolic link after the \
             grant check; nothing was done"
        ));
    }
    io_error(verb, given, e)
}

/// Checks `caps` on the file `path` reaches (all links followed) and, with
/// `link_too`, on a final link itself; returns the file's resolution.
fn checked_target(
    grants: &Grants,
    caps: &[&str],
    path: PathArg<'_>,
    verb: &str,
    link_too: bool,
) -> Result<Resolved, RtError> {
    let kept = resolved(path, verb, false)?;
    if !kept.final_link {
        for cap in caps {
            grants.check_path(cap, &kept.path)?;
        }
        return Ok(kept);
    }
    let target = resolved(path, verb, true)?;
    for cap in caps {
        grants.check_path(cap, &target.path)?;
        if link_too {
            grants.check_path(cap, &kept.path)?;
        }
    }
    Ok(target)
}

/// The error of a failed walk through `parts`: a component that is now a
/// link (opening it without following fails with `ELOOP` or `ENOTDIR`)
/// means the file system changed after the check.
fn walk_error(parts: &[std::ffi::OsString], verb: &str, given: &str, e: io::Error) -> RtError {
    let changed = matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR))
        && (1..=parts.len()).any(|n| {
            super::resolve::join_parts(&parts[..n])
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
        });
    if changed {
        return effect_error(verb, given, &io::Error::from_raw_os_error(libc::ELOOP));
    }
    effect_error(verb, given, &e)
}

fn final_name<'a>(r: &'a Resolved, verb: &str, given: &str) -> Result<&'a OsStr, RtError> {
    r.name()
        .map(|n| n.as_os_str())
        .ok_or_else(|| io_error(verb, given, &io::Error::from_raw_os_error(libc::EISDIR)))
}

/// The folder holding `r`'s final component, open. Missing folders are
/// each checked for `cap` first, and only then made one at a time.
fn parent_for_create(
    grants: &Grants,
    cap: &str,
    r: &Resolved,
    verb: &str,
    given: &str,
) -> Result<OwnedFd, RtError> {
    let missing = r.missing_folders();
    for folder in &missing {
        grants.check_path(cap, folder)?;
    }
    let last = r.parts.len().saturating_sub(1);
    let base = r.existing.min(last);
    let fail = |e: io::Error| walk_error(&r.parts[..last], verb, given, e);
    let mut dir = sys::open_dir(&r.parts[..base]).map_err(fail)?;
    for part in &r.parts[base..last] {
        sys::make_dir(&dir, part).map_err(fail)?;
        dir = sys::open_subdir(&dir, part).map_err(fail)?;
    }
    Ok(dir)
}

/// The folder holding `r`'s final component, which must exist.
fn parent_dir(r: &Resolved, verb: &str, given: &str) -> Result<OwnedFd, RtError> {
    let last = r.parts.len().saturating_sub(1);
    sys::open_dir(&r.parts[..last]).map_err(|e| walk_error(&r.parts[..last], verb, given, e))
}

/// Refuse what cannot be written or read as a plain file: FIFOs and
/// sockets (they could block forever) and folders.
fn plain_file(file: File, verb: &str, given: &str) -> Result<File, RtError> {
    let meta = file.metadata().map_err(|e| io_error(verb, given, &e))?;
    let kind = meta.file_type();
    if kind.is_fifo() || kind.is_socket() || kind.is_dir() {
        return Err(RtError::runtime_error(format!(
            "cannot {verb} '{given}': not a regular file"
        )));
    }
    sys::set_blocking(&file).map_err(|e| io_error(verb, given, &e))?;
    Ok(file)
}

/// Opens `path` for writing after checking `caps` on the file it reaches
/// and on a final link itself; missing folders are checked for the last of
/// `caps` and made. Nothing is created or changed when a check fails.
pub fn open_write(
    grants: &Grants,
    caps: &[&str],
    path: PathArg<'_>,
    mode: WriteMode,
    verb: &str,
) -> Result<File, RtError> {
    open_write_with(grants, caps, path, mode, verb, true)
}

/// [`open_write`] for writers that do not make missing folders (`csv`,
/// `log.add_file`): a missing folder is an error.
pub fn open_write_no_parents(
    grants: &Grants,
    caps: &[&str],
    path: PathArg<'_>,
    mode: WriteMode,
    verb: &str,
) -> Result<File, RtError> {
    open_write_with(grants, caps, path, mode, verb, false)
}

fn open_write_with(
    grants: &Grants,
    caps: &[&str],
    path: PathArg<'_>,
    mode: WriteMode,
    verb: &str,
    make_parents: bool,
) -> Result<File, RtError> {
    let target = checked_target(grants, caps, path, verb, true)?;
    let create_cap = caps.last().copied().unwrap_or("file.write");
    if !make_parents && !target.missing_folders().is_empty() {
        let missing = io::Error::from_raw_os_error(libc::ENOENT);
        return Err(io_error(verb, path.given, &missing));
    }
    let dir = parent_for_create(grants, create_cap, &target, verb, path.given)?;
    let name = final_name(&target, verb, path.given)?;
    let access = match mode {
        WriteMode::ReadAppend => libc::O_RDWR | libc::O_APPEND,
        WriteMode::Append => libc::O_WRONLY | libc::O_APPEND,
        WriteMode::Truncate | WriteMode::Keep => libc::O_WRONLY,
    };
    let flags = access | libc::O_CREAT | libc::O_NOFOLLOW | libc::O_NONBLOCK;
    let fd = sys::open_at(dir.as_raw_fd(), name, flags, 0o666)
        .map_err(|e| effect_error(verb, path.given, &e))?;
    let file = plain_file(File::from(fd), verb, path.given)?;
    let meta = file
        .metadata()
        .map_err(|e| io_error(verb, path.given, &e))?;
    if meta.is_file() && meta.nlink() > 1 && grants.strict {
        return Err(RtError::new(
            ErrorKind::CapabilityError,
            format!(
                "capability '{create_cap}' cannot be checked for '{}': the file has {} hard \
                 links and the others may lie outside the grant; nothing was written",
                target.path.display(),
                meta.nlink()
            ),
        ));
    }
    if mode == WriteMode::Truncate {
        file.set_len(0)
            .map_err(|e| io_error(verb, path.given, &e))?;
    }
    Ok(file)
}

/// Opens the existing file `r` for reading, not through a link.
fn open_read(r: &Resolved, verb: &str, given: &str) -> Result<File, RtError> {
    let dir = parent_dir(r, verb, given)?;
    let name = final_name(r, verb, given)?;
    let flags = libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK;
    let fd =
        sys::open_at(dir.as_raw_fd(), name, flags, 0).map_err(|e| effect_error(verb, given, &e))?;
    plain_file(File::from(fd), verb, given)
}

/// `path` opened for reading after the `file.read` check.
pub fn open_checked(grants: &Grants, path: PathArg<'_>) -> Result<File, RtError> {
    let target = checked_target(grants, &["file.read"], path, "read", false)?;
    open_read(&target, "read", path.given)
}

/// The bytes of `path` after the `file.read` check.
pub fn read(grants: &Grants, path: PathArg<'_>) -> Result<Vec<u8>, RtError> {
    let mut file = open_checked(grants, path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| io_error("read", path.given, &e))?;
    Ok(bytes)
}

/// Removes the file (or link) `path` names; `false` when there was none.
/// A link is checked as itself and as its target.
pub fn delete(grants: &Grants, path: PathArg<'_>) -> Result<bool, RtError> {
    let kept = resolved(path, "delete", false)?;
    grants.check_path("file.delete", &kept.path)?;
    if kept.final_link {
        grants.check_path("file.delete", &resolved(path, "delete", true)?.path)?;
    }
    if !kept.exists() {
        return Ok(false);
    }
    let dir = parent_dir(&kept, "delete", path.given)?;
    let name = final_name(&kept, "delete", path.given)?;
    match sys::kind_at(&dir, name).map_err(|e| io_error("delete", path.given, &e))? {
        None => return Ok(false),
        Some(libc::S_IFDIR) => {
            return Err(RtError::value_error(format!(
                "Not a file: {} (use path.removeDir for directories)",
                path.given
            )))
        }
        Some(_) => {}
    }
    sys::unlink_at(&dir, name, false).map_err(|e| io_error("delete", path.given, &e))?;
    Ok(true)
}

/// Copies `src` to `dst`: `file.read` on the source (a link as itself and
/// as its target), `file.write` on the destination as for a write.
pub fn copy(grants: &Grants, src: PathArg<'_>, dst: PathArg<'_>) -> Result<(), RtError> {
    let source = checked_target(grants, &["file.read"], src, "copy", true)?;
    let mut input = open_read(&source, "copy", src.given)?;
    let mut output = open_write(grants, &["file.write"], dst, WriteMode::Keep, "copy to")?;
    let same = |a: &File, b: &File| match (a.metadata(), b.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if same(&input, &output) {
        return Err(RtError::runtime_error(format!(
            "cannot copy '{}' onto itself",
            src.given
        )));
    }
    let fail = |e: io::Error| io_error("copy", src.given, &e);
    output.set_len(0).map_err(fail)?;
    io::copy(&mut input, &mut output).map_err(fail)?;
    Ok(())
}

/// Moves `src` to `dst`. The name moves, so a link is checked as itself and
/// as its target, for `file.read` and `file.delete` at the source and
/// `file.write` at the destination.
pub fn rename(grants: &Grants, src: PathArg<'_>, dst: PathArg<'_>) -> Result<(), RtError> {
    let from = resolved(src, "move", false)?;
    let from_target = resolved(src, "move", true)?;
    for cap in ["file.read", "file.delete"] {
        grants.check_path(cap, &from_target.path)?;
        grants.check_path(cap, &from.path)?;
    }
    let to = resolved(dst, "move to", false)?;
    grants.check_path("file.write", &to.path)?;
    if to.final_link {
        grants.check_path("file.write", &resolved(dst, "move to", true)?.path)?;
    }
    if !from.exists() {
        return Err(io_error(
            "move",
            src.given,
            &io::Error::from_raw_os_error(libc::ENOENT),
        ));
    }
    let from_dir = parent_dir(&from, "move", src.given)?;
    let from_name = final_name(&from, "move", src.given)?;
    let to_dir = parent_for_create(grants, "file.write", &to, "move to", dst.given)?;
    let to_name = final_name(&to, "move to", dst.given)?;
    match sys::rename_at(&from_dir, from_name, &to_dir, to_name) {
        Err(e) if e.raw_os_error() == Some(libc::EXDEV) && !from.final_link => {
            move_across(&from_dir, from_name, &to_dir, to_name)
                .map_err(|e| effect_error("move", src.given, &e))
        }
        other => other.map_err(|e| effect_error("move", src.given, &e)),
    }
}

/// A move between file systems: copy through handles, then remove.
fn move_across(from_dir: &OwnedFd, from: &OsStr, to_dir: &OwnedFd, to: &OsStr) -> io::Result<()> {
    let src = sys::open_at(
        from_dir.as_raw_fd(),
        from,
        libc::O_RDONLY | libc::O_NOFOLLOW,
        0,
    )?;
    let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_NOFOLLOW;
    let dst = sys::open_at(to_dir.as_raw_fd(), to, flags, 0o666)?;
    io::copy(&mut File::from(src), &mut File::from(dst))?;
    sys::unlink_at(from_dir, from, false)
}

/// `path.createDir`: `path.write` on the folder and on each missing folder
/// above it, all checked before any is made.
pub fn create_dir(grants: &Grants, path: PathArg<'_>, parents: bool) -> Result<(), RtError> {
    let verb = "create directory";
    let r = resolved(path, verb, true)?;
    grants.check_path("path.write", &r.path)?;
    if r.exists() {
        return if r.path.is_dir() {
            Ok(())
        } else {
            Err(io_error(
                verb,
                path.given,
                &io::Error::from_raw_os_error(libc::EEXIST),
            ))
        };
    }
    if !parents && !r.missing_folders().is_empty() {
        return Err(io_error(
            verb,
            path.given,
            &io::Error::from_raw_os_error(libc::ENOENT),
        ));
    }
    let dir = parent_for_create(grants, "path.write", &r, verb, path.given)?;
    let name = final_name(&r, verb, path.given)?;
    sys::make_dir(&dir, name).map_err(|e| effect_error(verb, path.given, &e))?;
    Ok(())
}

/// `path.removeDir` / `path.removeDirRecursive`: `path.write` on the folder
/// itself; a link is not a folder and is refused.
pub fn remove_dir(grants: &Grants, path: PathArg<'_>, recursive: bool) -> Result<(), RtError> {
    let verb = "remove directory";
    let r = resolved(path, verb, false)?;
    grants.check_path("path.write", &r.path)?;
    let not_dir = || {
        io_error(
            verb,
            path.given,
            &io::Error::from_raw_os_error(libc::ENOTDIR),
        )
    };
    if r.final_link {
        return Err(not_dir());
    }
    let dir = parent_dir(&r, verb, path.given)?;
    let name = final_name(&r, verb, path.given)?;
    let fail = |e: io::Error| effect_error(verb, path.given, &e);
    match sys::kind_at(&dir, name).map_err(fail)? {
        Some(libc::S_IFDIR) => {}
        Some(_) => return Err(not_dir()),
        None => return Err(fail(io::Error::from_raw_os_error(libc::ENOENT))),
    }
    if recursive {
        std::fs::remove_dir_all(through_handle(&dir, name, &r.path)).map_err(fail)
    } else {
        sys::unlink_at(&dir, name, true).map_err(fail)
    }
}

/// A path to `name` in the open folder `dir` that does not depend on the
/// folders above it staying put (Linux's `/proc/self/fd`); elsewhere the
/// resolved path itself.
fn through_handle(dir: &OwnedFd, name: &OsStr, resolved: &Path) -> PathBuf {
    let via_proc = PathBuf::from(format!("/proc/self/fd/{}", dir.as_raw_fd())).join(name);
    if cfg!(target_os = "linux") && via_proc.symlink_metadata().is_ok() {
        via_proc
    } else {
        resolved.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A folder checked and resolved, then swapped for a link to another
    /// folder before the effect: the handle walk refuses to follow it.
    #[test]
    fn a_folder_swapped_for_a_link_after_the_check_stops_the_effect() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("data/sub")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        let r = resolve(&root.join("data/sub/x.txt"), &root, true).unwrap();
        let grants = Grants {
            strict: false,
            ..Grants::default()
        };
        std::fs::rename(root.join("data/sub"), root.join("data/old")).unwrap();
        symlink(root.join("outside"), root.join("data/sub")).unwrap();
        let e = parent_for_create(&grants, "file.write", &r, "write", "data/sub/x.txt")
            .expect_err("the swapped folder is not followed");
        assert!(
            e.message().contains("became a symbolic link"),
            "{}",
            e.message()
        );
        // A missing folder that appears as a link meanwhile is refused too.
        let r = resolve(&root.join("data/new/x.txt"), &root, true).unwrap();
        symlink(root.join("outside"), root.join("data/new")).unwrap();
        assert!(parent_for_create(&grants, "file.write", &r, "write", "x").is_err());
        assert_eq!(std::fs::read_dir(root.join("outside")).unwrap().count(), 0);
    }
}
