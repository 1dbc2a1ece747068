//! The request functions: their ML arguments checked and turned into a
//! [`Spec`] for the client. Everything the program got wrong is reported
//! here, before any grant check or connection.

use super::client::{self, Spec, DEFAULT_MAX_BYTES};
use crate::lang::builtins::{expect_args, opt_arg, str_arg};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::value::{Key, NativeResult, Object, Value};
use crate::lang::vm::Vm;
use crate::stdlib::json::write::{to_json, Layout};
use std::time::Duration;
use ureq::http::{header, HeaderName, HeaderValue, Method};

const DEFAULT_TIMEOUT: f64 = 30.0;
/// Timeouts beyond this (about 31 years) are surely mistakes.
const MAX_TIMEOUT: f64 = 1e9;
const OPTION_KEYS: &str = "body, headers, timeout, maxBytes";

pub fn get(vm: &mut Vm, args: &[Value]) -> NativeResult {
    simple(vm, Method::GET, "get", args)
}

pub fn delete(vm: &mut Vm, args: &[Value]) -> NativeResult {
    simple(vm, Method::DELETE, "delete", args)
}

pub fn head(vm: &mut Vm, args: &[Value]) -> NativeResult {
    simple(vm, Method::HEAD, "head", args)
}

pub fn post(vm: &mut Vm, args: &[Value]) -> NativeResult {
    with_body(vm, Method::POST, "post", args)
}

pub fn put(vm: &mut Vm, args: &[Value]) -> NativeResult {
    with_body(vm, Method::PUT, "put", args)
}

pub fn patch(vm: &mut Vm, args: &[Value]) -> NativeResult {
    with_body(vm, Method::PATCH, "patch", args)
}

/// `request({method, url, headers, body, timeout, maxBytes})`.
pub fn request(vm: &mut Vm, args: &[Value]) -> NativeResult {
    let func = "http.request";
    expect_args(func, args, 1, 1)?;
    let Value::Object(options) = &args[0] else {
        return Err(RtError::type_error(format!(
            "{func}() argument must be an object, not '{}'",
            args[0].type_name()
        )));
    };
    let options = options.borrow();
    check_option_keys(func, &options, &["method", "url"])?;
    let url = match options.get(&Key::str("url")) {
        Some(Value::Str(url)) => url.as_str().to_string(),
        Some(other) => {
            return Err(RtError::type_error(format!(
                "{func}() url must be a string, not '{}'",
                other.type_name()
            )))
        }
        None => {
            return Err(RtError::value_error(format!(
                "{func}() options need a 'url'"
            )))
        }
    };
    let method = match options.get(&Key::str("method")) {
        None | Some(Value::Null) => Method::GET,
        Some(Value::Str(m)) => parse_method(func, m.as_str())?,
        Some(other) => {
            return Err(RtError::type_error(format!(
                "{func}() method must be a string, not '{}'",
                other.type_name()
            )))
        }
    };
    let spec = spec_from_options(func, method, url, &options)?;
    drop(options);
    send(vm, spec)
}

/// `get`/`delete`/`head`: (url, headers?, timeout?).
fn simple(vm: &Vm, method: Method, name: &str, args: &[Value]) -> NativeResult {
    let func = format!("http.{name}");
    expect_args(&func, args, 1, 3)?;
    let url = str_arg(&func, "1", &args[0])?.to_string();
    let headers = match opt_arg(args, 1) {
        None => Vec::new(),
        Some(Value::Object(obj)) => headers_of(&func, &obj.borrow())?,
        Some(other) => {
            return Err(RtError::type_error(format!(
                "{func}() headers must be an object, not '{}'",
                other.type_name()
            )))
        }
    };
    let timeout = timeout_of(&func, opt_arg(args, 2))?;
    send(
        vm,
        Spec {
            method,
            url,
            headers,
            body: None,
            timeout,
            max_bytes: DEFAULT_MAX_BYTES,
        },
    )
}

/// `post`/`put`/`patch`: (url, options?).
fn with_body(vm: &Vm, method: Method, name: &str, args: &[Value]) -> NativeResult {
    let func = format!("http.{name}");
    expect_args(&func, args, 1, 2)?;
    let url = str_arg(&func, "1", &args[0])?.to_string();
    let spec = match opt_arg(args, 1) {
        None => spec_from_options(&func, method, url, &crate::lang::value::new_object())?,
        Some(Value::Object(obj)) => {
            let options = obj.borrow();
            check_option_keys(&func, &options, &[])?;
            spec_from_options(&func, method, url, &options)?
        }
        Some(other) => {
            return Err(RtError::type_error(format!(
                "{func}() options must be an object, not '{}'",
                other.type_name()
            )))
        }
    };
    send(vm, spec)
}

fn send(vm: &Vm, spec: Spec) -> NativeResult {
    client::send(vm, spec).map(|reply| reply.into_value())
}

/// A misspelt option would otherwise be ignored without a word.
fn check_option_keys(func: &str, options: &Object, extra: &[&str]) -> Result<(), RtError> {
    for key in options.keys() {
        let name = display(&key.to_value());
        let known = OPTION_KEYS.split(", ").chain(extra.iter().copied());
        if !known.clone().any(|k| k == name) {
            let all: Vec<&str> = extra
                .iter()
                .copied()
                .chain(OPTION_KEYS.split(", "))
                .collect();
            return Err(RtError::value_error(format!(
                "{func}() got an unknown option '{name}' (known: {})",
                all.join(", ")
            )));
        }
    }
    Ok(())
}

fn spec_from_options(
    func: &str,
    method: Method,
    url: String,
    options: &Object,
) -> Result<Spec, RtError> {
    let get = |key: &str| {
        options
            .get(&Key::str(key))
            .filter(|v| !matches!(v, Value::Null))
    };
    let mut headers = match get("headers") {
        None => Vec::new(),
        Some(Value::Object(obj)) => headers_of(func, &obj.borrow())?,
        Some(other) => {
            return Err(RtError::type_error(format!(
                "{func}() headers must be an object, not '{}'",
                other.type_name()
            )))
        }
    };
    let body = match get("body") {
        None => None,
        Some(Value::Str(text)) => Some(text.as_str().as_bytes().to_vec()),
        Some(value) => {
            let json = to_json(value, &Layout { indent: None })?;
            if !headers
                .iter()
                .any(|(name, _)| *name == header::CONTENT_TYPE)
            {
                headers.push((
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ));
            }
            Some(json.into_bytes())
        }
    };
    Ok(Spec {
        method,
        url,
        headers,
        body,
        timeout: timeout_of(func, get("timeout"))?,
        max_bytes: max_bytes_of(func, get("maxBytes"))?,
    })
}

fn parse_method(func: &str, text: &str) -> Result<Method, RtError> {
    let upper = text.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return Err(RtError::value_error(format!(
            "{func}() method cannot be empty"
        )));
    }
    Method::from_bytes(upper.as_bytes())
        .map_err(|_| RtError::value_error(format!("{func}() invalid method '{text}'")))
}

/// Header names and values as `str()` writes them; names are matched
/// without regard to case, and a name given twice keeps its last value.
fn headers_of(func: &str, obj: &Object) -> Result<Vec<(HeaderName, HeaderValue)>, RtError> {
    let mut out: Vec<(HeaderName, HeaderValue)> = Vec::new();
    for (key, value) in obj {
        let name_text = display(&key.to_value());
        let name = HeaderName::from_bytes(name_text.as_bytes()).map_err(|_| {
            RtError::value_error(format!("{func}() invalid header name '{name_text}'"))
        })?;
        let value_text = display(value);
        let value = HeaderValue::from_str(&value_text).map_err(|_| {
            RtError::value_error(format!(
                "{func}() invalid value for header '{name_text}' (visible ASCII only, no line breaks)"
            ))
        })?;
        out.retain(|(n, _)| *n != name);
        out.push((name, value));
    }
    Ok(out)
}

fn timeout_of(func: &str, value: Option<&Value>) -> Result<Duration, RtError> {
    let Some(value) = value else {
        return Ok(Duration::from_secs_f64(DEFAULT_TIMEOUT));
    };
    let seconds = match value {
        Value::Int(_) | Value::Float(_) => value.as_f64().unwrap_or(f64::NAN),
        other => {
            return Err(RtError::type_error(format!(
                "{func}() timeout must be a number, not '{}'",
                other.type_name()
            )))
        }
    };
    if !(seconds > 0.0 && seconds <= MAX_TIMEOUT) {
        return Err(RtError::value_error(format!(
            "{func}() timeout must be a positive number of seconds"
        )));
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn max_bytes_of(func: &str, value: Option<&Value>) -> Result<u64, RtError> {
    match value {
        None => Ok(DEFAULT_MAX_BYTES),
        Some(Value::Int(n)) if *n >= 0 => Ok(n.unsigned_abs()),
        Some(Value::Float(f)) if f.fract() == 0.0 && *f >= 0.0 && *f < 9.2e18 => Ok(*f as u64),
        Some(_) => Err(RtError::value_error(format!(
            "{func}() maxBytes must be a whole number of bytes, 0 or more"
        ))),
    }
}
