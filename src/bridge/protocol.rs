//! The bridge's wire format: one JSON object per line, `{id, op, ...}` out
//! and `{id, ok}` or `{id, error: {type, message, traceback}}` back (see
//! `assets/bridge/mlpy_bridge_worker.py`).
//!
//! Call arguments are written and results read with the `json` module's
//! own writer and parser, so ML values cross exactly as `json.stringify` /
//! `json.parse` treat them (insertion-ordered objects, Python's int/float
//! rule) without an intermediate tree.

use crate::lang::error::RtError;
use crate::lang::value::{Key, KeyRef, Value};
use crate::stdlib::json::parse::parse_json;
use crate::stdlib::json::write::{to_json, write_string, Layout};
use serde_json::Value as Json;

/// What the worker tells about a module it imported.
#[derive(Clone, Debug, Default)]
pub struct ModuleDescription {
    pub class_name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    /// `capabilities_required` of the decorator: needed by every function.
    pub capabilities: Vec<String>,
    pub functions: Vec<FunctionDescription>,
    /// Import + instantiation time measured inside Python.
    pub load_ms: f64,
    /// Bytes allocated by the import and still held (tracemalloc).
    pub memory: u64,
    /// mlpy's source check before the import (not charged to the module).
    pub check_ms: f64,
}

#[derive(Clone, Debug, Default)]
pub struct FunctionDescription {
    pub name: String,
    /// Parameter names, with `=default` where Python has one.
    pub params: Vec<String>,
    pub doc: Option<String>,
    /// From `@require_capability`.
    pub capabilities: Vec<String>,
}

/// An exception raised in Python (or an error the worker reports).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PythonError {
    pub type_name: String,
    pub message: String,
    pub traceback: String,
}

/// A well-formed answer: the result, or the Python error.
pub type Answer<T> = Result<T, PythonError>;

/// `{"id":N,"op":OP,"module":NAME,"path":PATH,"allow_eval":B}` for `load`
/// and `reload`; `allow_eval` is the session's `security.allow_eval`.
/// `source`, when given, is the module's text to import instead of the file's.
pub fn module_request(
    id: u64,
    op: &str,
    module: &str,
    path: &str,
    allow_eval: bool,
    source: Option<&str>,
) -> Vec<u8> {
    let mut request = serde_json::json!({
        "id": id, "op": op, "module": module, "path": path, "allow_eval": allow_eval
    });
    if let Some(text) = source {
        request["source"] = Json::String(text.to_string());
    }
    request.to_string().into_bytes()
}

/// `{"id":N,"op":"call","module":M,"function":F,"args":[...]}`; a
/// TypeError when an argument cannot cross (a function, a module, ...).
pub fn call_request(
    id: u64,
    module: &str,
    function: &str,
    args: &[Value],
) -> Result<Vec<u8>, RtError> {
    for (i, arg) in args.iter().enumerate() {
        check_crossable(arg, 0).map_err(|what| {
            RtError::type_error(format!(
                "argument {} of {module}.{function}() {what} (values cross to Python as null, \
                 booleans, numbers, strings, arrays and objects)",
                i + 1
            ))
        })?;
    }
    let mut out = format!("{{\"id\":{id},\"op\":\"call\",\"module\":");
    write_string(&mut out, module);
    out.push_str(",\"function\":");
    write_string(&mut out, function);
    out.push_str(",\"args\":");
    let layout = Layout { indent: None };
    out.push_str(&to_json(&Value::array(args.to_vec()), &layout)?);
    out.push('}');
    Ok(out.into_bytes())
}

/// Deeper structures are refused before they reach the writer.
const MAX_DEPTH: usize = 100;

/// `Err("is a function")`-style text when `v` holds something JSON cannot.
fn check_crossable(v: &Value, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("is nested deeper than {MAX_DEPTH} levels"));
    }
    match v {
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Str(_) => Ok(()),
        Value::Float(f) if f.is_finite() => Ok(()),
        Value::Float(f) => Err(format!("is {f}, which JSON cannot carry")),
        Value::Array(items) => items
            .borrow()
            .iter()
            .try_for_each(|x| check_crossable(x, depth + 1)),
        Value::Object(map) => map
            .borrow()
            .values()
            .try_for_each(|x| check_crossable(x, depth + 1)),
        other => Err(format!(
            "is a {}, which cannot be sent to Python",
            other.type_name()
        )),
    }
}

/// The answer to a `call`: the result as an ML value.
pub fn call_answer(line: &[u8], id: u64) -> Result<Answer<Value>, String> {
    let text = std::str::from_utf8(line).map_err(|_| "the answer is not UTF-8".to_string())?;
    let answer = parse_json(text).map_err(|e| format!("unreadable answer: {}", e.message()))?;
    let Value::Object(map) = &answer else {
        return Err("the answer is not an object".into());
    };
    let map = map.borrow();
    let field = |name: &str| map.get(&KeyRef::Str(name)).cloned();
    if !matches!(field("id"), Some(Value::Int(n)) if n as u64 == id) {
        return Err(format!("the answer does not belong to request {id}"));
    }
    if let Some(error) = field("error") {
        return Ok(Err(python_error_from_value(&error)));
    }
    field("ok")
        .map(Ok)
        .ok_or_else(|| "the answer has neither 'ok' nor 'error'".to_string())
}

fn python_error_from_value(error: &Value) -> PythonError {
    let text = |name: &str| -> String {
        match error {
            Value::Object(map) => match map.borrow().get(&Key::str(name)) {
                Some(Value::Str(s)) => s.as_str().to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        }
    };
    PythonError {
        type_name: Some(text("type"))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Error".into()),
        message: text("message"),
        traceback: text("traceback"),
    }
}

/// The answer to a `load` or `reload`: the module's description.
pub fn load_answer(line: &[u8], id: u64) -> Result<Answer<ModuleDescription>, String> {
    let answer: Json =
        serde_json::from_slice(line).map_err(|e| format!("unreadable answer: {e}"))?;
    if answer["id"].as_u64() != Some(id) {
        return Err(format!("the answer does not belong to request {id}"));
    }
    if let Some(error) = answer.get("error") {
        let text = |name: &str| error[name].as_str().unwrap_or("").to_string();
        return Ok(Err(PythonError {
            type_name: Some(text("type"))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "Error".into()),
            message: text("message"),
            traceback: text("traceback"),
        }));
    }
    let ok = &answer["ok"];
    Ok(Ok(ModuleDescription {
        class_name: ok["class"].as_str().unwrap_or("").to_string(),
        version: ok["version"].as_str().map(str::to_string),
        description: ok["description"].as_str().map(str::to_string),
        capabilities: strings(&ok["capabilities"]),
        functions: ok["functions"]
            .as_array()
            .map(|fs| fs.iter().map(function_description).collect())
            .unwrap_or_default(),
        load_ms: ok["load_ms"].as_f64().unwrap_or(0.0),
        memory: ok["memory"].as_u64().unwrap_or(0),
        check_ms: ok["check_ms"].as_f64().unwrap_or(0.0),
    }))
}

fn function_description(f: &Json) -> FunctionDescription {
    FunctionDescription {
        name: f["name"].as_str().unwrap_or("").to_string(),
        params: strings(&f["params"]),
        doc: f["doc"].as_str().map(str::to_string),
        capabilities: strings(&f["capabilities"]),
    }
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .map(|xs| {
            xs.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_requests_carry_values_as_json() {
        let args = [
            Value::Int(1),
            Value::str("é\"x"),
            Value::array(vec![Value::Null, Value::Float(2.5)]),
        ];
        let line = call_request(7, "m", "f", &args).unwrap();
        let json: Json = serde_json::from_slice(&line).unwrap();
        assert_eq!(json["id"], 7);
        assert_eq!(json["args"], serde_json::json!([1, "é\"x", [null, 2.5]]));
    }

    #[test]
    fn functions_and_infinities_cannot_cross() {
        let f = Value::native("len", |_, _| Ok(Value::Null));
        let e = call_request(1, "m", "f", &[Value::Int(1), f]).unwrap_err();
        assert!(
            e.message().contains("argument 2 of m.f() is a function"),
            "{}",
            e.message()
        );
        let e = call_request(1, "m", "f", &[Value::Float(f64::INFINITY)]).unwrap_err();
        assert!(e.message().contains("JSON cannot carry"), "{}", e.message());
    }

    #[test]
    fn answers_are_checked_against_their_request() {
        let ok = call_answer(br#"{"id":3,"ok":[1,{"b":2,"a":1}]}"#, 3)
            .unwrap()
            .unwrap();
        assert_eq!(crate::lang::format::repr(&ok), "[1, {'b': 2, 'a': 1}]");
        assert!(call_answer(br#"{"id":4,"ok":1}"#, 3).is_err());
        let err = call_answer(
            br#"{"id":3,"error":{"type":"ValueError","message":"bad","traceback":"tb"}}"#,
            3,
        )
        .unwrap()
        .unwrap_err();
        assert_eq!(
            (err.type_name.as_str(), err.message.as_str()),
            ("ValueError", "bad")
        );
    }
}
