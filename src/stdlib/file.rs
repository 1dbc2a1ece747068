//! The `file` module (spec 5.11): whole-file reads and writes.
//!
//! Every function that reads, writes, appends or deletes checks its grant
//! first (spec 3.14: `file.read`, `file.write`, `file.append`,
//! `file.delete`, none granted by default); the five information functions
//! (`exists`, `isFile`, `isDirectory`, `size`, `modifiedTime`) need none.
//! Writers create missing parent directories, as the reference does, so a
//! program can write `out/report.txt` without a `path.createDir` first;
//! each folder they make must be covered by the same grant as the file.
//! The effects themselves live in `capabilities::fs`, which acts on exactly
//! the path it checked.
//! OS failures become `RuntimeError`s carrying the OS message.

use super::host::{io_error, opt_str, path_arg, HostPath};
use super::{functions, Row};
use crate::capabilities::fs::{self, PathArg, WriteMode};
use crate::lang::builtins::{expect_args, int_value, str_arg};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::iter::collect;
use crate::lang::value::{NativeResult, Value};
use crate::lang::vm::Vm;
use std::io::Write;

const READ: &[&str] = &["file.read"];
const WRITE: &[&str] = &["file.write"];
const APPEND: &[&str] = &["file.append"];
const DELETE: &[&str] = &["file.delete"];
const COPY: &[&str] = &["file.read", "file.write"];
const MOVE: &[&str] = &["file.read", "file.write", "file.delete"];

fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "read" | "readLines" | "readBytes" => READ,
        "write" | "writeLines" | "writeBytes" => WRITE,
        "append" => APPEND,
        "delete" => DELETE,
        "copy" => COPY,
        "move" => MOVE,
        _ => &[],
    }
}

const ROWS: &[Row] = &[
    (
        "append",
        append,
        "append(path, content, encoding='utf-8'): adds text to the end of a file",
    ),
    (
        "copy",
        copy,
        "copy(src, dst): copies a file (into dst if dst is a directory)",
    ),
    (
        "delete",
        delete,
        "delete(path): removes a file; false if it did not exist",
    ),
    (
        "exists",
        exists,
        "exists(path): whether a file or directory exists",
    ),
    (
        "isDirectory",
        is_directory,
        "isDirectory(path): whether path is a directory",
    ),
    (
        "isFile",
        is_file,
        "isFile(path): whether path is a regular file",
    ),
    (
        "modifiedTime",
        modified_time,
        "modifiedTime(path): last modification as float epoch seconds",
    ),
    ("move", move_file, "move(src, dst): moves or renames a file"),
    (
        "read",
        read,
        "read(path, encoding='utf-8'): the whole file as a string",
    ),
    (
        "readBytes",
        read_bytes,
        "readBytes(path): the file's bytes as an array of ints 0-255",
    ),
    (
        "readLines",
        read_lines,
        "readLines(path, encoding='utf-8'): the file's lines without line endings",
    ),
    ("size", size, "size(path): file size in bytes"),
    (
        "write",
        write,
        "write(path, content, encoding='utf-8'): replaces the file's contents",
    ),
    (
        "writeBytes",
        write_bytes,
        "writeBytes(path, data): writes an array of ints 0-255 as bytes",
    ),
    (
        "writeLines",
        write_lines,
        "writeLines(path, lines): writes str(line) + newline for each line",
    ),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("file", ROWS, capabilities)
}

/// The text encodings `read`/`write` understand; checked once per call.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
}

impl Encoding {
    fn parse(name: &str) -> Result<Encoding, RtError> {
        let key = name.to_ascii_lowercase().replace(['-', '_'], "");
        match key.as_str() {
            "utf8" => Ok(Encoding::Utf8),
            "latin1" | "iso88591" | "l1" => Ok(Encoding::Latin1),
            "ascii" | "usascii" => Ok(Encoding::Ascii),
            _ => Err(RtError::value_error(format!("unknown encoding: {name}"))),
        }
    }

    fn decode(self, bytes: Vec<u8>, path: &str) -> Result<String, RtError> {
        let bad = || RtError::value_error(format!("'{path}' is not valid {} text", self.name()));
        match self {
            Encoding::Utf8 => String::from_utf8(bytes).map_err(|_| bad()),
            Encoding::Latin1 => Ok(bytes.into_iter().map(char::from).collect()),
            Encoding::Ascii if bytes.is_ascii() => Ok(bytes.into_iter().map(char::from).collect()),
            Encoding::Ascii => Err(bad()),
        }
    }

    fn encode(self, text: &str) -> Result<Vec<u8>, RtError> {
        let limit = match self {
            Encoding::Utf8 => return Ok(text.as_bytes().to_vec()),
            Encoding::Latin1 => 0xff,
            Encoding::Ascii => 0x7f,
        };
        text.chars()
            .map(|c| {
                u8::try_from(u32::from(c))
                    .ok()
                    .filter(|b| u32::from(*b) <= limit)
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| {
                RtError::value_error(format!("text cannot be encoded as {}", self.name()))
            })
    }

    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Latin1 => "latin-1",
            Encoding::Ascii => "ascii",
        }
    }
}

fn encoding_arg(func: &str, args: &[Value], i: usize) -> Result<Encoding, RtError> {
    Encoding::parse(opt_str(func, args, i, "utf-8")?)
}

/// The raw bytes of a file, after the `file.read` check.
pub(super) fn read_file_bytes(vm: &Vm, path: &HostPath) -> Result<Vec<u8>, RtError> {
    let file = fs::open_checked(vm.grants(), path.arg())?;
    read_checked(vm, file).map_err(|e| e.unwrap_or_else(|e| io_error("read", &path.given, &e)))
}

/// Reads the whole file in chunks, looking at Ctrl-C/`--timeout` between
/// them and reserving memory fallibly (`MemoryError`), so that a huge file
/// cannot hang or abort mlpy.
fn read_checked(
    vm: &Vm,
    mut file: std::fs::File,
) -> Result<Vec<u8>, Result<RtError, std::io::Error>> {
    use std::io::Read;
    const CHUNK: usize = 1 << 20;
    let what = "the file's contents";
    let hint = file.metadata().map_or(0, |m| m.len());
    let mut out: Vec<u8> = crate::memory::reserve_vec(what, u128::from(hint) + 1).map_err(Ok)?;
    let mut chunk = vec![0u8; CHUNK];
    loop {
        vm.check_interrupt().map_err(Ok)?;
        let n = match file.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Err(e)),
        };
        if out.len() + n > out.capacity() {
            let wanted = (out.len() + n) as u128;
            crate::memory::check(what, wanted).map_err(Ok)?;
            out.try_reserve(n.max(out.len()))
                .map_err(|_| Ok(crate::memory::memory_error(what, wanted * 2)))?;
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

impl HostPath {
    /// The path as the guarded file-system effects take it.
    pub(super) fn arg(&self) -> PathArg<'_> {
        PathArg {
            given: &self.given,
            expanded: &self.expanded,
        }
    }
}

/// Writes (or appends) `bytes` after the `capability` check; missing
/// folders are made only where the grant covers them.
fn store(
    vm: &Vm,
    path: &HostPath,
    capability: &str,
    bytes: &[u8],
    append: bool,
) -> Result<(), RtError> {
    let (verb, mode) = if append {
        ("append to", WriteMode::Append)
    } else {
        ("write", WriteMode::Truncate)
    };
    let mut f = fs::open_write(vm.grants(), &[capability], path.arg(), mode, verb)?;
    f.write_all(bytes)
        .map_err(|e| io_error(verb, &path.given, &e))
}

fn read(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("file.read", args, 1, 2)?;
    let path = path_arg("file.read", args, 0)?;
    let encoding = encoding_arg("file.read", args, 1)?;
    let text = encoding.decode(read_file_bytes(vm, &path)?, &path.given)?;
    Ok(Value::string(text))
}

fn read_lines(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("file.readLines", args, 1, 2)?;
    let path = path_arg("file.readLines", args, 0)?;
    let encoding = encoding_arg("file.readLines", args, 1)?;
    let text = encoding.decode(read_file_bytes(vm, &path)?, &path.given)?;
    // `lines()` splits on `\n` and drops a `\r` before it: "without \n/\r".
    Ok(Value::array(text.lines().map(Value::str).collect()))
}

fn read_bytes(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("file.readBytes", args, 1, 1)?;
    let path = path_arg("file.readBytes", args, 0)?;
    let bytes = read_file_bytes(vm, &path)?;
    Ok(Value::array(
        bytes
            .into_iter()
            .map(|b| Value::Int(i64::from(b)))
            .collect(),
    ))
}

/// `write`/`append`: (path, content string, encoding?).
fn write_text(vm: &mut Vm, args: &[Value], name: &str, cap: &str, append: bool) -> NativeResult {
    let func = format!("file.{name}");
    expect_args(&func, args, 2, 3)?;
    let path = path_arg(&func, args, 0)?;
    let content = str_arg(&func, "2", &args[1])?;
    let bytes = encoding_arg(&func, args, 2)?.encode(content)?;
    store(vm, &path, cap, &bytes, append)?;
    Ok(Value::Null)
}

fn write(vm: &mut Vm, args: &[Value]) -> NativeResult {
    write_text(vm, args, "write", "file.write", false)
}

fn append(vm: &mut Vm, args: &[Value]) -> NativeResult {
    write_text(vm, args, "append", "file.append", true)
}

fn write_lines(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("file.writeLines", args, 2, 3)?;
    let path = path_arg("file.writeLines", args, 0)?;
    let mut text = String::new();
    for line in collect(&args[1])? {
        text.push_str(&display(&line));
        text.push('\n');
    }
    let bytes = encoding_arg("file.writeLines", args, 2)?.encode(&text)?;
    store(vm, &path, "file.write", &bytes, false)?;
    Ok(Value::Null)
}

/// An array of ints 0-255 as bytes.
pub(super) fn bytes_of(func: &str, data: &Value) -> Result<Vec<u8>, RtError> {
    collect(data)?
        .iter()
        .map(|v| match v {
            Value::Int(i) => u8::try_from(*i)
                .map_err(|_| RtError::value_error(format!("{func}(): byte {i} is not in 0-255"))),
            other => Err(RtError::type_error(format!(
                "{func}() data must hold ints, not '{}'",
                other.type_name()
            ))),
        })
        .collect()
}

fn write_bytes(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("file.writeBytes", args, 2, 2)?;
    let path = path_arg("file.writeBytes", args, 0)?;
    let bytes = bytes_of("file.writeBytes", &args[1])?;
    store(vm, &path, "file.write", &bytes, false)?;
    Ok(Value::Null)
}

fn one_path(name: &str, args: &[Value]) -> Result<HostPath, RtError> {
    let func = format!("file.{name}");
    expect_args(&func, args, 1, 1)?;
    path_arg(&func, args, 0)
}

fn exists(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(one_path("exists", args)?.os().exists()))
}

fn is_file(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(one_path("isFile", args)?.os().is_file()))
}

fn is_directory(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::Bool(one_path("isDirectory", args)?.os().is_dir()))
}

fn metadata(path: &HostPath) -> Result<std::fs::Metadata, RtError> {
    std::fs::metadata(path.os()).map_err(|e| io_error("access", &path.given, &e))
}

fn size(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let path = one_path("size", args)?;
    let len = metadata(&path)?.len();
    Ok(int_value(usize::try_from(len).unwrap_or(usize::MAX)))
}

fn modified_time(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let path = one_path("modifiedTime", args)?;
    let modified = metadata(&path)?
        .modified()
        .map_err(|e| io_error("access", &path.given, &e))?;
    let secs = match modified.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    };
    Ok(Value::Float(secs))
}

fn delete(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let path = one_path("delete", args)?;
    Ok(Value::Bool(fs::delete(vm.grants(), path.arg())?))
}

fn two_paths(name: &str, args: &[Value]) -> Result<(HostPath, HostPath), RtError> {
    let func = format!("file.{name}");
    expect_args(&func, args, 2, 2)?;
    let src = path_arg(&func, args, 0)?;
    let dst = path_arg(&func, args, 1)?;
    if !dst.os().is_dir() {
        return Ok((src, dst));
    }
    let base = super::path::lexical::basename(&src.expanded);
    let inside = super::path::lexical::join([dst.expanded.as_str(), &base]);
    Ok((src, HostPath::new(&inside)))
}

/// A destination that is a directory receives the file under its own name
/// (like `shutil`).
fn copy(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (src, dst) = two_paths("copy", args)?;
    fs::copy(vm.grants(), src.arg(), dst.arg())?;
    Ok(Value::Null)
}

fn move_file(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let (src, dst) = two_paths("move", args)?;
    fs::rename(vm.grants(), src.arg(), dst.arg())?;
    Ok(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip_or_fail_cleanly() {
        assert_eq!(Encoding::parse("UTF-8").unwrap(), Encoding::Utf8);
        assert_eq!(Encoding::parse("iso-8859-1").unwrap(), Encoding::Latin1);
        assert!(Encoding::parse("klingon").is_err());
        let latin = Encoding::Latin1.encode("é").unwrap();
        assert_eq!(latin, vec![0xe9]);
        assert_eq!(Encoding::Latin1.decode(latin, "p").unwrap(), "é");
        assert!(Encoding::Ascii.encode("é").is_err());
        assert!(Encoding::Utf8.decode(vec![0xff], "p").is_err());
        assert!(Encoding::Ascii.decode(vec![0x80], "p").is_err());
    }

    #[test]
    fn byte_arrays_are_checked() {
        let ok = Value::array(vec![Value::Int(0), Value::Int(255)]);
        assert_eq!(bytes_of("f", &ok).unwrap(), vec![0, 255]);
        assert!(bytes_of("f", &Value::array(vec![Value::Int(256)])).is_err());
        assert!(bytes_of("f", &Value::array(vec![Value::str("a")])).is_err());
    }
}
