//! The `path` module (spec 5.12): path arithmetic and directory operations.
//!
//! Three groups, matching the reference's capability names: pure string
//! arithmetic and existence checks (no capability; the string rules live in
//! [`lexical`]), directory reading (`listDir`, `glob`, `walk`; reference
//! capability `path.read`, listed but not enforced per spec 3.14) and
//! directory changes (`createDir`, `removeDir`, `removeDirRecursive`;
//! `path.write`, enforced).

mod globwalk;
pub mod lexical;
mod listing;

use super::host::{cwd_or_root, home_dir, io_error, path_arg, HostPath};
use super::{functions, Row};
use crate::lang::builtins::{expect_args, only_str_arg, str_arg, Qualified};
use crate::lang::error::RtError;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;

const READ: &[&str] = &["path.read"];
const WRITE: &[&str] = &["path.write"];

fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "listDir" | "glob" | "walk" => READ,
        "createDir" | "removeDir" | "removeDirRecursive" => WRITE,
        _ => &[],
    }
}

const ROWS: &[Row] = &[
    (
        "absolute",
        absolute,
        "absolute(p): p made absolute against the working directory, normalized",
    ),
    (
        "basename",
        basename,
        "basename(p): the part after the last '/' ('' for 'a/')",
    ),
    (
        "createDir",
        create_dir,
        "createDir(dir, parents=true): creates a directory; no error if it exists",
    ),
    ("cwd", cwd, "cwd(): the current working directory"),
    (
        "delimiter",
        delimiter,
        "delimiter(): the PATH list separator (':' on Unix)",
    ),
    ("dirname", dirname, "dirname(p): the directory part of p"),
    ("exists", exists, "exists(p): whether p exists"),
    (
        "extname",
        extname,
        "extname(p): the last extension with its dot ('.gz' for 'a.tar.gz'), or ''",
    ),
    (
        "glob",
        listing::glob,
        "glob(pattern): sorted absolute paths matching the pattern ('**' recurses)",
    ),
    ("home", home, "home(): the user's home directory"),
    (
        "isAbsolute",
        is_absolute,
        "isAbsolute(p): whether p starts at the root",
    ),
    (
        "isDirectory",
        is_directory,
        "isDirectory(p): whether p is a directory",
    ),
    ("isFile", is_file, "isFile(p): whether p is a regular file"),
    (
        "join",
        join,
        "join(parts...): joins parts with '/'; an absolute part restarts the path",
    ),
    (
        "listDir",
        listing::list_dir,
        "listDir(dir='.'): sorted names of the entries of a directory",
    ),
    (
        "normalize",
        normalize,
        "normalize(p): resolves '.', '..' and repeated '/' lexically",
    ),
    (
        "relative",
        relative,
        "relative(from, to): the path leading from 'from' to 'to'",
    ),
    (
        "removeDir",
        remove_dir,
        "removeDir(dir): removes an empty directory",
    ),
    (
        "removeDirRecursive",
        remove_dir_recursive,
        "removeDirRecursive(dir): removes a directory and everything in it",
    ),
    (
        "separator",
        separator,
        "separator(): the path separator ('/' on Unix)",
    ),
    ("split", split, "split(p): [dirname, basename]"),
    (
        "tempDir",
        temp_dir,
        "tempDir(): the system's temporary directory",
    ),
    (
        "walk",
        listing::walk,
        "walk(dir, maxDepth=-1): sorted paths of the files below dir, relative to it",
    ),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("path", ROWS, capabilities)
}

/// The single string argument of `path.NAME`.
fn one_str<'a>(name: &str, args: &'a [Value]) -> Result<&'a str, RtError> {
    only_str_arg(Qualified("path", name), args)
}

fn no_args(name: &str, args: &[Value]) -> Result<(), RtError> {
    expect_args(Qualified("path", name), args, 0, 0)
}

fn join(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("path.join", args, 1, usize::MAX)?;
    let parts = args
        .iter()
        .enumerate()
        .map(|(i, v)| str_arg("path.join", &(i + 1).to_string(), v))
        .collect::<Result<Vec<&str>, RtError>>()?;
    Ok(Value::string(lexical::join(parts)))
}

fn dirname(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::string(lexical::dirname(one_str("dirname", args)?)))
}

fn basename(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::string(lexical::basename(one_str("basename", args)?)))
}

fn extname(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::string(lexical::extname(one_str("extname", args)?)))
}

fn split(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (head, tail) = lexical::split(one_str("split", args)?);
    Ok(Value::array(vec![Value::string(head), Value::string(tail)]))
}

fn normalize(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::string(lexical::normalize(one_str(
        "normalize",
        args,
    )?)))
}

fn is_absolute(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(lexical::is_absolute(one_str(
        "isAbsolute",
        args,
    )?)))
}

fn absolute(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let path = HostPath::new(one_str("absolute", args)?);
    Ok(Value::string(path.absolute()))
}

fn relative(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("path.relative", args, 2, 2)?;
    let from = str_arg("path.relative", "1", &args[0])?;
    let to = str_arg("path.relative", "2", &args[1])?;
    if from.is_empty() || to.is_empty() {
        return Err(RtError::value_error("path.relative(): no path specified"));
    }
    Ok(Value::string(lexical::relative(from, to, &cwd_or_root())))
}

fn exists(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(
        HostPath::new(one_str("exists", args)?).os().exists(),
    ))
}

fn is_file(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(
        HostPath::new(one_str("isFile", args)?).os().is_file(),
    ))
}

fn is_directory(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(
        HostPath::new(one_str("isDirectory", args)?).os().is_dir(),
    ))
}

fn cwd(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    no_args("cwd", args)?;
    let dir = std::env::current_dir().map_err(|e| io_error("read", ".", &e))?;
    Ok(Value::string(dir.to_string_lossy().into_owned()))
}

fn home(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    no_args("home", args)?;
    home_dir()
        .map(Value::string)
        .ok_or_else(|| RtError::runtime_error("path.home(): HOME is not set"))
}

fn temp_dir(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    no_args("tempDir", args)?;
    let dir = std::env::temp_dir().to_string_lossy().into_owned();
    Ok(Value::string(lexical::absolute(&dir, &cwd_or_root())))
}

fn separator(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    no_args("separator", args)?;
    Ok(Value::str(std::path::MAIN_SEPARATOR_STR))
}

fn delimiter(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    no_args("delimiter", args)?;
    Ok(Value::str(if cfg!(windows) { ";" } else { ":" }))
}

/// The directory argument of a `path.write` function.
fn dir_arg(name: &str, args: &[Value], max: usize) -> Result<HostPath, RtError> {
    let func = format!("path.{name}");
    expect_args(&func, args, 1, max)?;
    path_arg(&func, args, 0)
}

fn create_dir(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let dir = dir_arg("createDir", args, 2)?;
    let parents = super::host::opt_bool(args, 1, true);
    crate::capabilities::fs::create_dir(vm.grants(), dir.arg(), parents)?;
    Ok(Value::Null)
}

fn remove_dir(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let dir = dir_arg("removeDir", args, 1)?;
    crate::capabilities::fs::remove_dir(vm.grants(), dir.arg(), false)?;
    Ok(Value::Null)
}

fn remove_dir_recursive(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let dir = dir_arg("removeDirRecursive", args, 1)?;
    crate::capabilities::fs::remove_dir(vm.grants(), dir.arg(), true)?;
    Ok(Value::Null)
}
