//! The `Logger` native object: one named logger with a level, a format
//! (text or json), a timestamp switch and extra log files.
//!
//! Its settings change through `&self` methods (native objects are shared
//! behind `Rc`), hence the `RefCell`. Every line goes to the program's
//! stdout — all levels, as in the reference — and then to each added file.
//! Opening a file needs the `file.write` grant; once opened, writing to it
//! needs nothing more, like a file handle. Write errors on a log file are
//! ignored so that logging can never stop a program (the reference's
//! `logging` prints them and goes on).

use super::json::to_json;
use crate::lang::builtins::{expect_args, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::value::{NativeObject, NativeResult, Object, Value};
use crate::lang::vm::Vm;
use std::any::Any;
use std::cell::RefCell;
use std::fs::File;
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
    Critical,
}

impl Level {
    /// A level name, case-insensitive; `WARNING` means `WARN`.
    pub fn parse(name: &str) -> Option<Level> {
        Some(match name.to_ascii_uppercase().as_str() {
            "DEBUG" => Level::Debug,
            "INFO" => Level::Info,
            "WARN" | "WARNING" => Level::Warn,
            "ERROR" => Level::Error,
            "CRITICAL" => Level::Critical,
            _ => return None,
        })
    }

    /// The name in text lines ([REF] Python's `WARNING`).
    fn text_label(self) -> &'static str {
        match self {
            Level::Warn => "WARNING",
            other => other.json_label(),
        }
    }

    /// The name in json lines ([REF] `WARN`, as the method is called).
    fn json_label(self) -> &'static str {
        match self {
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
            Level::Critical => "CRITICAL",
        }
    }
}

struct Settings {
    level: Level,
    json: bool,
    timestamp: bool,
    files: Vec<File>,
}

pub struct Logger {
    name: String,
    settings: RefCell<Settings>,
}

/// Every method, sorted; `module` functions of `log` call the same names.
pub const METHODS: &[&str] = &[
    "add_file",
    "critical",
    "debug",
    "error",
    "info",
    "is_debug",
    "set_format",
    "set_level",
    "set_timestamp",
    "warn",
];

impl Logger {
    /// A logger at level INFO, text format, with timestamps.
    pub fn new(name: &str) -> Logger {
        Logger {
            name: name.to_string(),
            settings: RefCell::new(Settings {
                level: Level::Info,
                json: false,
                timestamp: true,
                files: Vec::new(),
            }),
        }
    }

    /// Runs method `name`; `qualified` names it in error messages.
    pub fn call(&self, vm: &mut Vm, qualified: &str, name: &str, args: &[Value]) -> NativeResult {
        let level = match name {
            "debug" => Level::Debug,
            "info" => Level::Info,
            "warn" => Level::Warn,
            "error" => Level::Error,
            "critical" => Level::Critical,
            _ => return self.configure(vm, qualified, name, args),
        };
        expect_args(qualified, args, 1, 2)?;
        self.log(vm, level, &args[0], data_arg(qualified, args)?.as_ref())?;
        Ok(Value::Null)
    }

    /// The methods that change or read settings.
    fn configure(&self, vm: &mut Vm, q: &str, name: &str, args: &[Value]) -> NativeResult {
        if name == "is_debug" {
            expect_args(q, args, 0, 0)?;
            return Ok(Value::Bool(self.settings.borrow().level == Level::Debug));
        }
        expect_args(q, args, 1, 1)?;
        let mut settings = self.settings.borrow_mut();
        match name {
            "set_level" => settings.level = level_arg(q, &args[0])?,
            "set_format" => settings.json = format_arg(q, &args[0])?,
            "set_timestamp" => settings.timestamp = args[0].truthy(),
            "add_file" => settings.files.push(open_log_file(vm, q, &args[0])?),
            _ => {
                return Err(RtError::attribute_error(format!(
                    "'Logger' object has no method '{name}'"
                )))
            }
        }
        Ok(Value::Null)
    }

    fn log(
        &self,
        vm: &mut Vm,
        level: Level,
        message: &Value,
        data: Option<&Object>,
    ) -> Result<(), RtError> {
        let mut settings = self.settings.borrow_mut();
        if level < settings.level {
            return Ok(());
        }
        let mut line = if settings.json {
            self.json_line(&settings, level, message, data)?
        } else {
            text_line(&settings, level, message, data)
        };
        line.push('\n');
        let _ = vm.out().write_all(line.as_bytes());
        for file in &mut settings.files {
            let _ = file.write_all(line.as_bytes()).and_then(|()| file.flush());
        }
        Ok(())
    }

    /// `{"message": ..., "level": ..., "logger": ..., "timestamp": ..., "data": ...}`
    fn json_line(
        &self,
        settings: &Settings,
        level: Level,
        message: &Value,
        data: Option<&Object>,
    ) -> Result<String, RtError> {
        let mut entry = vec![
            ("message", message.clone()),
            ("level", Value::str(level.json_label())),
            ("logger", Value::str(&self.name)),
        ];
        if settings.timestamp {
            entry.push(("timestamp", Value::string(utc_timestamp())));
        }
        if let Some(data) = data {
            entry.push(("data", Value::object(data.clone())));
        }
        to_json(&Value::object_from(entry))
    }
}

/// `[2024-01-15 10:30:00] INFO: message | k=v, k2=v2`
fn text_line(settings: &Settings, level: Level, message: &Value, data: Option<&Object>) -> String {
    let mut line = String::new();
    if settings.timestamp {
        let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        line.push_str(&format!("[{now}] "));
    }
    line.push_str(level.text_label());
    line.push_str(": ");
    line.push_str(&display(message));
    if let Some(data) = data {
        let pairs: Vec<String> = data
            .iter()
            .map(|(k, v)| format!("{}={}", display(&k.to_value()), display(v)))
            .collect();
        line.push_str(" | ");
        line.push_str(&pairs.join(", "));
    }
    line
}

/// UTC now as ISO text with a `Z`, microseconds only when non-zero [REF].
fn utc_timestamp() -> String {
    let now = chrono::Utc::now().naive_utc();
    let text = now.format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
    let trimmed = text.strip_suffix(".000000").unwrap_or(&text);
    format!("{trimmed}Z")
}

/// The optional `data` object (a copy, so no borrow outlives the call);
/// null or an empty object means none [REF].
fn data_arg(q: &str, args: &[Value]) -> Result<Option<Object>, RtError> {
    match opt_arg(args, 1) {
        None => Ok(None),
        Some(Value::Object(map)) => {
            let map = map.borrow();
            Ok((!map.is_empty()).then(|| map.clone()))
        }
        Some(other) => Err(RtError::type_error(format!(
            "{q}() data must be an object, not '{}'",
            other.type_name()
        ))),
    }
}

fn level_arg(q: &str, v: &Value) -> Result<Level, RtError> {
    let name = str_arg(q, "1", v)?;
    Level::parse(name).ok_or_else(|| {
        RtError::value_error(format!(
            "unknown log level '{name}' (use DEBUG, INFO, WARN, ERROR or CRITICAL)"
        ))
    })
}

/// true for "json", false for "text".
fn format_arg(q: &str, v: &Value) -> Result<bool, RtError> {
    match str_arg(q, "1", v)?.to_ascii_lowercase().as_str() {
        "json" => Ok(true),
        "text" => Ok(false),
        other => Err(RtError::value_error(format!(
            "unknown log format '{other}' (use 'text' or 'json')"
        ))),
    }
}

/// Opens `path` for appending, after checking the `file.write` grant.
fn open_log_file(vm: &mut Vm, q: &str, v: &Value) -> Result<File, RtError> {
    let path = str_arg(q, "1", v)?;
    let host_path = crate::stdlib::host::HostPath::new(path);
    crate::capabilities::fs::open_write_no_parents(
        vm.grants(),
        &["file.write"],
        host_path.arg(),
        crate::capabilities::fs::WriteMode::Append,
        "open log file",
    )
}

impl NativeObject for Logger {
    fn type_name(&self) -> &'static str {
        "Logger"
    }

    fn method_names(&self) -> Vec<&'static str> {
        METHODS.to_vec()
    }

    fn call_method(&self, vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult {
        self.call(vm, &format!("Logger.{name}"), name, args)
    }

    /// `logger.name`, as in the reference.
    fn property(&self, name: &str) -> Option<Value> {
        (name == "name").then(|| Value::str(&self.name))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    /// A writer whose bytes the test can read after the VM wrote them.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn vm_with_output() -> (Vm, Shared) {
        let shared = Shared::default();
        (Vm::with_output(Box::new(shared.clone())), shared)
    }

    fn text(vm: &mut Vm, shared: &Shared) -> String {
        vm.flush();
        String::from_utf8(shared.0.borrow().clone()).unwrap()
    }

    fn call(logger: &Logger, vm: &mut Vm, name: &str, args: &[Value]) {
        logger.call(vm, name, name, args).unwrap();
    }

    #[test]
    fn text_lines_start_with_a_local_timestamp() {
        let (mut vm, shared) = vm_with_output();
        let logger = Logger::new("t");
        call(&logger, &mut vm, "info", &[Value::str("hello")]);
        let line = text(&mut vm, &shared);
        // `[YYYY-MM-DD HH:MM:SS] INFO: hello`
        assert_eq!(line.len(), "[2024-01-15 10:30:00] INFO: hello\n".len());
        assert!(line.starts_with('[') && line.ends_with("] INFO: hello\n"));
        let stamp = &line[1..20];
        assert!(chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S").is_ok());
    }

    #[test]
    fn json_lines_carry_a_utc_timestamp_with_z() {
        let (mut vm, shared) = vm_with_output();
        let logger = Logger::new("j");
        call(&logger, &mut vm, "set_format", &[Value::str("json")]);
        call(&logger, &mut vm, "error", &[Value::str("x")]);
        let line = text(&mut vm, &shared);
        let head = r#"{"message": "x", "level": "ERROR", "logger": "j", "timestamp": ""#;
        assert!(line.starts_with(head), "{line}");
        let stamp = line[head.len()..].trim_end_matches("\"}\n");
        let stamp = stamp.strip_suffix('Z').unwrap();
        assert!(chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H:%M:%S%.f").is_ok());
    }

    #[test]
    fn add_file_needs_the_grant_and_appends_lines() {
        let dir = std::env::temp_dir().join(format!("mlpy-log-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.log");
        let path_value = Value::str(path.to_str().unwrap());
        let (mut vm, shared) = vm_with_output();
        let logger = Logger::new("f");
        let denied = logger.call(
            &mut vm,
            "add_file",
            "add_file",
            std::slice::from_ref(&path_value),
        );
        assert_eq!(denied.unwrap_err().type_name(), "CapabilityError");
        assert!(!path.exists());
        vm.grant("file.write");
        call(&logger, &mut vm, "set_timestamp", &[Value::Bool(false)]);
        call(&logger, &mut vm, "add_file", &[path_value]);
        call(&logger, &mut vm, "warn", &[Value::str("to both")]);
        call(&logger, &mut vm, "debug", &[Value::str("filtered")]);
        assert_eq!(text(&mut vm, &shared), "WARNING: to both\n");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "WARNING: to both\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn level_names() {
        assert_eq!(Level::parse("warning"), Some(Level::Warn));
        assert_eq!(Level::parse("Debug"), Some(Level::Debug));
        assert_eq!(Level::parse("LOUD"), None);
        assert!(Level::Debug < Level::Info && Level::Error < Level::Critical);
        assert_eq!(Level::Warn.text_label(), "WARNING");
        assert_eq!(Level::Warn.json_label(), "WARN");
    }
}
