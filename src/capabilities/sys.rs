//! The few `*at` system calls the guarded file-system effects need: a
//! folder handle opened one component at a time without following links,
//! and opening, making and removing names relative to it.
//!
//! Working relative to a handle means that once a folder is open, moving
//! or replacing folders above it cannot redirect what happens inside it.

use std::ffi::{CString, OsStr, OsString};
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;

/// Flags for a folder handle: never through a link. On Linux `O_PATH`
/// also opens folders the user may search but not list.
#[cfg(target_os = "linux")]
const DIR_FLAGS: libc::c_int =
    libc::O_PATH | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC;
#[cfg(not(target_os = "linux"))]
const DIR_FLAGS: libc::c_int =
    libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC;

fn c_name(name: &OsStr) -> io::Result<CString> {
    CString::new(name.as_bytes()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

/// Retries a call that a signal interrupted; `Err` with the OS error when
/// it returns a negative number.
fn retry(mut call: impl FnMut() -> libc::c_int) -> io::Result<libc::c_int> {
    loop {
        let r = call();
        if r >= 0 {
            return Ok(r);
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// `openat(dir, name, flags | O_CLOEXEC, mode)`.
pub fn open_at(dir: RawFd, name: &OsStr, flags: libc::c_int, mode: u32) -> io::Result<OwnedFd> {
    let c = c_name(name)?;
    let mode = mode as libc::c_uint;
    // SAFETY: `c` is a valid C string for the call; the result is checked.
    let fd = retry(|| unsafe { libc::openat(dir, c.as_ptr(), flags | libc::O_CLOEXEC, mode) })?;
    // SAFETY: `fd` was just opened and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// The real folder `parts` (below the root), opened one component at a
/// time, each without following a link: a component that became a link
/// since it was resolved fails with `ELOOP` or `ENOTDIR`.
pub fn open_dir(parts: &[OsString]) -> io::Result<OwnedFd> {
    let mut fd = open_at(libc::AT_FDCWD, OsStr::new("/"), DIR_FLAGS, 0)?;
    for part in parts {
        fd = open_at(fd.as_raw_fd(), part, DIR_FLAGS, 0)?;
    }
    Ok(fd)
}

/// Folder `name` inside `dir`, not through a link.
pub fn open_subdir(dir: &OwnedFd, name: &OsStr) -> io::Result<OwnedFd> {
    open_at(dir.as_raw_fd(), name, DIR_FLAGS, 0)
}

/// Make folder `name` in `dir`; `Ok(false)` when something by that name is
/// already there.
pub fn make_dir(dir: &OwnedFd, name: &OsStr) -> io::Result<bool> {
    let c = c_name(name)?;
    // SAFETY: valid C string and folder handle.
    match retry(|| unsafe { libc::mkdirat(dir.as_raw_fd(), c.as_ptr(), 0o777) }) {
        Ok(_) => Ok(true),
        Err(e) if e.raw_os_error() == Some(libc::EEXIST) => Ok(false),
        Err(e) => Err(e),
    }
}

/// What `name` in `dir` is, without following a link (`None`: nothing).
pub fn kind_at(dir: &OwnedFd, name: &OsStr) -> io::Result<Option<libc::mode_t>> {
    let c = c_name(name)?;
    // SAFETY: zeroed `stat` is a valid out-buffer for fstatat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let r = retry(|| unsafe {
        libc::fstatat(
            dir.as_raw_fd(),
            c.as_ptr(),
            &mut st,
            libc::AT_SYMLINK_NOFOLLOW,
        )
    });
    match r {
        Ok(_) => Ok(Some(st.st_mode & libc::S_IFMT)),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Remove `name` from `dir` (a folder with `folder`), not following links.
pub fn unlink_at(dir: &OwnedFd, name: &OsStr, folder: bool) -> io::Result<()> {
    let c = c_name(name)?;
    let flags = if folder { libc::AT_REMOVEDIR } else { 0 };
    // SAFETY: valid C string and folder handle.
    retry(|| unsafe { libc::unlinkat(dir.as_raw_fd(), c.as_ptr(), flags) }).map(|_| ())
}

/// Rename `from` in `from_dir` to `to` in `to_dir` (links move as links).
pub fn rename_at(from_dir: &OwnedFd, from: &OsStr, to_dir: &OwnedFd, to: &OsStr) -> io::Result<()> {
    let (a, b) = (c_name(from)?, c_name(to)?);
    // SAFETY: valid C strings and folder handles.
    retry(|| unsafe {
        libc::renameat(
            from_dir.as_raw_fd(),
            a.as_ptr(),
            to_dir.as_raw_fd(),
            b.as_ptr(),
        )
    })
    .map(|_| ())
}

/// Turn off `O_NONBLOCK` (used only so that opening a FIFO cannot hang).
pub fn set_blocking(file: &File) -> io::Result<()> {
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on an open descriptor with integer arguments.
    let flags = retry(|| unsafe { libc::fcntl(fd, libc::F_GETFL) })?;
    retry(|| unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) }).map(|_| ())
}
