//! Runtime errors. An `RtError` is a handle to the very `ErrorValue` that
//! `except (e)` binds, so rethrowing a caught error rethrows the same value.

use super::value::{ErrorValue, Key, Value};
use std::fmt;
use std::rc::Rc;

/// The runtime error types of spec 3.12.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    TypeError,
    ValueError,
    IndexError,
    KeyError,
    ZeroDivisionError,
    NameError,
    AttributeError,
    RecursionError,
    RuntimeError,
    ImportError,
    CapabilityError,
    KeyboardInterrupt,
    /// An evaluation ran past its `--timeout`.
    TimeoutError,
    /// A value too large for the memory there is (or the budget allows).
    MemoryError,
    /// A number too large for ML's 64-bit integers.
    OverflowError,
    Error,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::TypeError => "TypeError",
            ErrorKind::ValueError => "ValueError",
            ErrorKind::IndexError => "IndexError",
            ErrorKind::KeyError => "KeyError",
            ErrorKind::ZeroDivisionError => "ZeroDivisionError",
            ErrorKind::NameError => "NameError",
            ErrorKind::AttributeError => "AttributeError",
            ErrorKind::RecursionError => "RecursionError",
            ErrorKind::RuntimeError => "RuntimeError",
            ErrorKind::ImportError => "ImportError",
            ErrorKind::CapabilityError => "CapabilityError",
            ErrorKind::KeyboardInterrupt => "KeyboardInterrupt",
            ErrorKind::TimeoutError => "TimeoutError",
            ErrorKind::MemoryError => "MemoryError",
            ErrorKind::OverflowError => "OverflowError",
            ErrorKind::Error => "Error",
        }
    }
}

#[derive(Clone)]
pub struct RtError(pub Rc<ErrorValue>);

impl RtError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> RtError {
        RtError(Rc::new(ErrorValue::new(
            kind.name().into(),
            message.into(),
            None,
        )))
    }

    pub fn type_error(message: impl Into<String>) -> RtError {
        RtError::new(ErrorKind::TypeError, message)
    }

    pub fn value_error(message: impl Into<String>) -> RtError {
        RtError::new(ErrorKind::ValueError, message)
    }

    pub fn index_error(message: impl Into<String>) -> RtError {
        RtError::new(ErrorKind::IndexError, message)
    }

    pub fn runtime_error(message: impl Into<String>) -> RtError {
        RtError::new(ErrorKind::RuntimeError, message)
    }

    pub fn attribute_error(message: impl Into<String>) -> RtError {
        RtError::new(ErrorKind::AttributeError, message)
    }

    /// `TypeError: NAME() takes N arguments (M given)`
    pub fn arity(name: &str, expected: &str, given: usize) -> RtError {
        RtError::type_error(format!(
            "{name}() takes {expected} argument{} ({given} given)",
            if expected == "1" { "" } else { "s" }
        ))
    }

    /// The error for `throw value;` (spec 3.12).
    pub fn thrown(value: Value) -> RtError {
        let value = match value.into_error() {
            Ok(e) => return RtError(e),
            Err(other) => other,
        };
        match value.into_object() {
            Ok(obj) => {
                let (type_name, message) = {
                    let map = obj.borrow();
                    let type_name = match map.get(&Key::str("type")) {
                        Some(Value::Str(s)) => s.as_str().into(),
                        _ => "Error".into(),
                    };
                    let message = match map.get(&Key::str("message")) {
                        Some(v) => super::format::display(v),
                        None => "User-defined exception".to_string(),
                    };
                    (type_name, message)
                };
                RtError(Rc::new(ErrorValue::new(
                    type_name,
                    message,
                    Some(Value::Object(obj)),
                )))
            }
            Err(other) => {
                let message = super::format::display(&other);
                let payload = Value::object_from([("message", Value::str(&message))]);
                RtError(Rc::new(ErrorValue::new(
                    "Error".into(),
                    message,
                    Some(payload),
                )))
            }
        }
    }

    pub fn type_name(&self) -> &str {
        &self.0.type_name
    }

    pub fn message(&self) -> &str {
        self.0.message()
    }

    pub fn is(&self, kind: ErrorKind) -> bool {
        &*self.0.type_name == kind.name()
    }

    pub fn to_value(&self) -> Value {
        Value::Error(self.0.clone())
    }

    /// `Error: TYPE: message` plus the `  at file:line:col` lines.
    pub fn render(&self) -> String {
        let mut out = format!("Error: {}: {}", self.0.type_name, self.0.message());
        self.0.traceback.borrow().render_into(&mut out);
        out
    }
}

impl fmt::Debug for RtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.type_name, self.0.message())
    }
}

impl fmt::Display for RtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.type_name, self.0.message())
    }
}
