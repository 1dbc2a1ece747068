//! The `csv` module (spec 5.15): RFC 4180 text to ML values and back.
//!
//! Reading and writing go through the `csv` crate, configured like Python's
//! default `excel` dialect that the reference used: `"` quotes, doubled
//! quotes inside, minimal quoting, `\r\n` after each written row, any line
//! ending accepted on reading. Rows become arrays of strings, or objects
//! keyed by the header row; empty lines are skipped. The file functions
//! check `file.read`/`file.write` grants (spec 3.14); the string functions
//! need none.

use super::file::read_file_bytes;
use super::host::{io_error, opt_bool, opt_str, path_arg, HostPath};
use super::{functions, Row};
use crate::capabilities::fs::{self, WriteMode};
use crate::lang::builtins::{expect_args, int_value, str_arg};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::value::{Key, NativeResult, Object, Value};
use crate::lang::vm::Vm;
use std::io::{Read, Write};

const READ: &[&str] = &["file.read"];
const WRITE: &[&str] = &["file.write"];
const READ_WRITE: &[&str] = &["file.read", "file.write"];

/// Reference capability names; only the file functions enforce theirs.
fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "write" => WRITE,
        "append" => READ_WRITE,
        "write_string" => &[],
        _ => READ,
    }
}

const ROWS: &[Row] = &[
    ("append", append, "append(path, row, delimiter=','): adds one row (an object follows the file's header order)"),
    ("count_rows", count_rows, "count_rows(path, delimiter=','): number of data rows (after the header)"),
    ("get_headers", get_headers, "get_headers(path, delimiter=','): the header row as an array"),
    ("read", read, "read(path, delimiter=',', headers=true): rows as objects keyed by the header (or arrays)"),
    ("read_string", read_string, "read_string(text, delimiter=',', headers=true): like read, from a string"),
    ("write", write, "write(path, data, delimiter=',', headers=true): writes objects or arrays as CSV"),
    ("write_string", write_string, "write_string(data, delimiter=',', headers=true): CSV text, rows ending in \\r\\n"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("csv", ROWS, capabilities)
}

/// The delimiter argument at `i`: one ASCII character (the crate works on
/// bytes, and Python's csv also wants a single character).
fn delimiter_arg(func: &str, args: &[Value], i: usize) -> Result<u8, RtError> {
    let text = opt_str(func, args, i, ",")?;
    match text.as_bytes() {
        [b] if b.is_ascii() && !matches!(b, b'"' | b'\r' | b'\n') => Ok(*b),
        _ => Err(RtError::value_error(format!(
            "{func}(): delimiter must be one ASCII character, not '{text}'"
        ))),
    }
}

/// All non-empty records of `text`.
fn parse_records(text: &str, delimiter: u8) -> Result<Vec<Vec<String>>, RtError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        check_every(n)?;
        let record = record.map_err(|e| RtError::value_error(format!("invalid CSV: {e}")))?;
        if !record.is_empty() {
            rows.push(record.iter().map(str::to_string).collect());
        }
    }
    Ok(rows)
}

/// Ctrl-C and `--timeout` stop reading or writing a huge table: the flag
/// is looked at once every 4,096 records.
fn check_every(record: usize) -> Result<(), RtError> {
    if record % 4096 == 4095 {
        crate::limits::check_running()?;
    }
    Ok(())
}

/// Records as ML values: objects keyed by the first record, or arrays.
fn records_value(mut rows: Vec<Vec<String>>, headers: bool) -> Value {
    if !headers {
        return Value::array(rows.into_iter().map(string_array).collect());
    }
    if rows.is_empty() {
        return Value::array(Vec::new());
    }
    let header = rows.remove(0);
    let objects = rows
        .into_iter()
        .map(|row| {
            // Cells beyond the header are dropped; short rows lack keys.
            Value::object_from(
                header
                    .iter()
                    .map(String::as_str)
                    .zip(row.into_iter().map(Value::string)),
            )
        })
        .collect();
    Value::array(objects)
}

fn string_array(items: Vec<String>) -> Value {
    Value::array(items.into_iter().map(Value::string).collect())
}

/// The text of a file for reading as CSV.
fn file_text(vm: &Vm, path: &HostPath) -> Result<String, RtError> {
    String::from_utf8(read_file_bytes(vm, path)?)
        .map_err(|_| RtError::value_error(format!("'{}' is not valid utf-8 text", path.given)))
}

fn read_string(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("csv.read_string", args, 1, 3)?;
    let text = str_arg("csv.read_string", "1", &args[0])?;
    let rows = parse_records(text, delimiter_arg("csv.read_string", args, 1)?)?;
    Ok(records_value(rows, opt_bool(args, 2, true)))
}

fn read(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("csv.read", args, 1, 3)?;
    let path = path_arg("csv.read", args, 0)?;
    let delimiter = delimiter_arg("csv.read", args, 1)?;
    let rows = parse_records(&file_text(vm, &path)?, delimiter)?;
    Ok(records_value(rows, opt_bool(args, 2, true)))
}

/// (path, delimiter) of the functions that inspect a file.
fn file_records(vm: &Vm, name: &str, args: &[Value]) -> Result<Vec<Vec<String>>, RtError> {
    let func = format!("csv.{name}");
    expect_args(&func, args, 1, 2)?;
    let path = path_arg(&func, args, 0)?;
    let delimiter = delimiter_arg(&func, args, 1)?;
    parse_records(&file_text(vm, &path)?, delimiter)
}

fn count_rows(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let rows = file_records(vm, "count_rows", args)?;
    Ok(int_value(rows.len().saturating_sub(1)))
}

fn get_headers(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let rows = file_records(vm, "get_headers", args)?;
    Ok(string_array(rows.into_iter().next().unwrap_or_default()))
}

/// A value as a CSV cell: null is empty, strings are themselves, anything
/// else is its display form (Python's writer also wrote `str(v)`).
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        other => display(other),
    }
}

fn key_text(k: &Key) -> String {
    display(&k.to_value())
}

/// The rows that `data` (an array of objects or of arrays) writes as.
fn data_records(func: &str, data: &Value, headers: bool) -> Result<Vec<Vec<String>>, RtError> {
    let Value::Array(items) = data else {
        return Err(RtError::type_error(format!(
            "{func}() data must be an array, not '{}'",
            data.type_name()
        )));
    };
    let items = items.borrow();
    let Some(Value::Object(first)) = items.first() else {
        return Ok(items.iter().map(array_record).collect());
    };
    let header: Vec<Key> = first.borrow().keys().cloned().collect();
    let mut rows = Vec::new();
    if headers {
        rows.push(header.iter().map(key_text).collect());
    }
    // Like the reference, rows that are not objects are skipped here.
    for item in items.iter() {
        if let Value::Object(obj) = item {
            let obj = obj.borrow();
            rows.push(if headers {
                object_cells(&obj, &header)
            } else {
                obj.values().map(cell).collect()
            });
        }
    }
    Ok(rows)
}

/// An array row's cells; any other value is a one-cell row.
fn array_record(row: &Value) -> Vec<String> {
    match row {
        Value::Array(cells) => cells.borrow().iter().map(cell).collect(),
        other => vec![cell(other)],
    }
}

/// An object's cells in `header` order; missing keys are empty.
fn object_cells(obj: &Object, header: &[Key]) -> Vec<String> {
    header
        .iter()
        .map(|k| obj.get(k).map(cell).unwrap_or_default())
        .collect()
}

/// CSV text of `rows`, each ending in `\r\n`.
fn render(rows: &[Vec<String>], delimiter: u8) -> Result<String, RtError> {
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail =
        |e: &dyn std::fmt::Display| RtError::runtime_error(format!("CSV writing failed: {e}"));
    for (n, row) in rows.iter().enumerate() {
        check_every(n)?;
        writer.write_record(row).map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// (data, delimiter, headers) starting at argument `first` → CSV text.
fn data_text(func: &str, args: &[Value], first: usize) -> Result<String, RtError> {
    let delimiter = delimiter_arg(func, args, first + 1)?;
    let rows = data_records(func, &args[first], opt_bool(args, first + 2, true))?;
    render(&rows, delimiter)
}

fn write_string(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("csv.write_string", args, 1, 3)?;
    Ok(Value::string(data_text("csv.write_string", args, 0)?))
}

fn write(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("csv.write", args, 2, 4)?;
    let path = path_arg("csv.write", args, 0)?;
    let text = data_text("csv.write", args, 1)?;
    let mut f = fs::open_write_no_parents(
        vm.grants(),
        &["file.write"],
        path.arg(),
        WriteMode::Truncate,
        "write",
    )?;
    f.write_all(text.as_bytes())
        .map_err(|e| io_error("write", &path.given, &e))?;
    Ok(Value::Null)
}

fn append(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("csv.append", args, 2, 3)?;
    let path = path_arg("csv.append", args, 0)?;
    let delimiter = delimiter_arg("csv.append", args, 2)?;
    // One handle for reading what is there and adding the row, opened
    // after both checks.
    let caps = ["file.read", "file.write"];
    let mut f = fs::open_write_no_parents(
        vm.grants(),
        &caps,
        path.arg(),
        WriteMode::ReadAppend,
        "append to",
    )?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)
        .map_err(|e| io_error("read", &path.given, &e))?;
    let existing = String::from_utf8(bytes)
        .map_err(|_| RtError::value_error(format!("'{}' is not valid utf-8 text", path.given)))?;
    let row = match &args[1] {
        Value::Object(obj) => {
            let obj = obj.borrow();
            match parse_records(&existing, delimiter)?.into_iter().next() {
                Some(header) => {
                    let keys: Vec<Key> = header.iter().map(|h| Key::str(h)).collect();
                    object_cells(&obj, &keys)
                }
                None => obj.values().map(cell).collect(),
            }
        }
        other => array_record(other),
    };
    let mut text = render(&[row], delimiter)?;
    // A last line without its line ending would merge with the new row.
    if !existing.is_empty() && !existing.ends_with(['\n', '\r']) {
        text.insert_str(0, "\r\n");
    }
    f.write_all(text.as_bytes())
        .map_err(|e| io_error("append to", &path.given, &e))?;
    Ok(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(items: &[&[&str]]) -> Vec<Vec<String>> {
        items
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn quoting_round_trips() {
        let data = rows(&[
            &["a", "b,c", "say \"hi\""],
            &["line\nbreak", "", " x "],
            &[""],
        ]);
        let text = render(&data, b',').unwrap();
        assert_eq!(
            text,
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",, x \r\n\"\"\r\n"
        );
        assert_eq!(parse_records(&text, b',').unwrap(), data);
    }

    #[test]
    fn reading_skips_empty_lines_and_accepts_any_line_end() {
        let parsed = parse_records("\u{feff}h1;h2\n\n1;2\r\n3\r", b';').unwrap();
        assert_eq!(parsed, rows(&[&["h1", "h2"], &["1", "2"], &["3"]]));
        assert!(parse_records("", b',').unwrap().is_empty());
    }
}
