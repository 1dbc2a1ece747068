//! The `HttpResponse` object a request returns: status, headers (names
//! lower-cased, repeated headers joined with `, `), and the body as text or
//! JSON.

use super::client::Hop;
use crate::lang::builtins::{expect_args, Qualified};
use crate::lang::error::RtError;
use crate::lang::value::{new_object, Key, NativeObject, NativeResult, Value};
use crate::lang::vm::Vm;
use crate::stdlib::json::parse::parse_json;
use crate::stdlib::object_methods::{self, method, Method};
use std::cell::OnceCell;
use std::rc::Rc;
use ureq::http::StatusCode;

/// A finished response: the last hop of a request and the URL it came from.
pub struct Reply {
    status: u16,
    /// Lower-cased names, each once, in the order first seen.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    url: String,
    text: OnceCell<Value>,
}

impl Reply {
    pub fn new(hop: Hop, url: String) -> Reply {
        let mut headers: Vec<(String, String)> = Vec::new();
        for (name, value) in hop.headers {
            let name = name.to_ascii_lowercase();
            match headers.iter_mut().find(|(seen, _)| *seen == name) {
                Some((_, joined)) => {
                    joined.push_str(", ");
                    joined.push_str(&value);
                }
                None => headers.push((name, value)),
            }
        }
        Reply {
            status: hop.status,
            headers,
            body: hop.body,
            url,
            text: OnceCell::new(),
        }
    }

    pub fn into_value(self) -> Value {
        Value::NativeObj(Rc::new(Box::new(self)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    fn status_text(&self) -> &'static str {
        StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
    }

    /// The body decoded by its declared charset: Latin-1 when it says so,
    /// else UTF-8 (invalid bytes become U+FFFD).
    fn text(&self) -> Value {
        self.text
            .get_or_init(|| {
                let latin1 = self.header("content-type").is_some_and(|ct| {
                    let ct = ct.to_ascii_lowercase();
                    ["iso-8859-1", "latin-1", "latin1"]
                        .iter()
                        .any(|cs| ct.contains(&format!("charset={cs}")))
                });
                let text = if latin1 {
                    self.body.iter().map(|&b| char::from(b)).collect()
                } else {
                    String::from_utf8_lossy(&self.body).into_owned()
                };
                Value::string(text)
            })
            .clone()
    }

    fn headers_object(&self) -> Value {
        let mut obj = new_object();
        for (name, value) in &self.headers {
            obj.insert(Key::str(name), Value::str(value));
        }
        Value::object(obj)
    }
}

/// A method of HttpResponse without arguments.
fn query(name: &str, args: &[Value], value: impl FnOnce() -> NativeResult) -> NativeResult {
    expect_args(Qualified("HttpResponse", name), args, 0, 0)?;
    value()
}

fn header(r: &Reply, _: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("HttpResponse.header", args, 1, 1)?;
    let Some(wanted) = args[0].as_str() else {
        return Err(RtError::type_error(format!(
            "HttpResponse.header() argument 1 must be a string, not '{}'",
            args[0].type_name()
        )));
    };
    Ok(r.header(wanted).map_or(Value::Null, Value::str))
}

/// `HttpResponse` methods, in name order.
const METHODS: &[Method<Reply>] = &[
    method(
        "body",
        |r, _, a| query("body", a, || Ok(r.text())),
        "body(): the body as text (same as text())",
    ),
    method(
        "header",
        header,
        "header(name): the value of a response header (any case), or null",
    ),
    method(
        "headers",
        |r, _, a| query("headers", a, || Ok(r.headers_object())),
        "headers(): every response header, names in lower case",
    ),
    method(
        "json",
        |r, _, a| query("json", a, || parse_json(r.text().as_str().unwrap_or(""))),
        "json(): the body parsed as JSON",
    ),
    method(
        "ok",
        |r, _, a| query("ok", a, || Ok(Value::Bool((200..300).contains(&r.status)))),
        "ok(): whether the status is 2xx",
    ),
    method(
        "status",
        |r, _, a| query("status", a, || Ok(Value::Int(i64::from(r.status)))),
        "status(): the status code",
    ),
    method(
        "statusText",
        |r, _, a| query("statusText", a, || Ok(Value::str(r.status_text()))),
        "statusText(): the status code's reason phrase, e.g. 'Not Found'",
    ),
    method(
        "text",
        |r, _, a| query("text", a, || Ok(r.text())),
        "text(): the body decoded by its charset (UTF-8 unless Latin-1)",
    ),
    method(
        "url",
        |r, _, a| query("url", a, || Ok(Value::str(&r.url))),
        "url(): the URL that answered, after redirects",
    ),
];

impl NativeObject for Reply {
    fn type_name(&self) -> &'static str {
        "HttpResponse"
    }

    fn display(&self) -> Option<String> {
        Some(format!(
            "HttpResponse({} {})",
            self.status,
            self.status_text()
        ))
    }

    object_methods::methods_from_table!(METHODS);

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_table_is_well_formed() {
        object_methods::assert_well_formed("HttpResponse", METHODS);
    }
}
