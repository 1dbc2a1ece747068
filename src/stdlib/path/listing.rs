//! Directory reading for `path`: `listDir`, `glob` and `walk`.
//!
//! All three return sorted arrays so that programs (and their tests) see
//! the same order on every file system. They carry the reference capability
//! name `path.read`, which spec 3.14 leaves unenforced.

use super::lexical;
use crate::lang::builtins::{expect_args, int_arg, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use crate::stdlib::host::{cwd_or_root, io_error, opt_str, HostPath};
use std::path::Path;

fn strings(mut items: Vec<String>) -> Value {
    items.sort();
    Value::array(items.into_iter().map(Value::string).collect())
}

pub(super) fn list_dir(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("path.listDir", args, 0, 1)?;
    let dir = HostPath::new(opt_str("path.listDir", args, 0, ".")?);
    if !dir.os().is_dir() {
        return Err(RtError::runtime_error(format!(
            "Not a directory: {}",
            dir.given
        )));
    }
    let entries = std::fs::read_dir(dir.os()).map_err(|e| io_error("list", &dir.given, &e))?;
    let names = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    Ok(strings(names))
}

pub(super) fn glob(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("path.glob", args, 1, 1)?;
    let pattern = str_arg("path.glob", "1", &args[0])?;
    // A relative pattern is taken from the working directory, whose own
    // name must match literally even if it contains `[` or `*`.
    let full = if lexical::is_absolute(pattern) {
        pattern.to_string()
    } else {
        lexical::join([glob::Pattern::escape(&cwd_or_root()).as_str(), pattern])
    };
    let paths = super::globwalk::glob_paths(vm, &full, pattern)?;
    let mut found: Vec<String> = paths
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    found.sort();
    found.dedup();
    Ok(strings(found))
}

pub(super) fn walk(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("path.walk", args, 1, 2)?;
    let dir = HostPath::new(str_arg("path.walk", "1", &args[0])?);
    let max_depth = match opt_arg(args, 1) {
        Some(v) => int_arg("path.walk", v)?,
        None => -1,
    };
    let mut files = Vec::new();
    walk_into(&dir.os(), "", 0, max_depth, &mut files);
    Ok(strings(files))
}

/// Collects the files under `dir` (named relative to the walk's root, with
/// `prefix`), descending while `depth < max_depth` (or always when
/// `max_depth` is negative). Like `os.walk`, unreadable directories are
/// skipped and symbolic links to directories are not followed.
fn walk_into(dir: &Path, prefix: &str, depth: i64, max_depth: i64, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if !path.is_dir() {
            out.push(rel);
        } else if !is_link && (max_depth < 0 || depth < max_depth) {
            walk_into(&path, &rel, depth + 1, max_depth, out);
        }
    }
}
