//! The `HttpResponse` object a request returns: status, headers (names
//! lower-cased, repeated headers joined with `, `), and the body as text or
//! JSON.

use super::client::Hop;
use crate::lang::builtins::expect_args;
use crate::lang::error::RtError;
use crate::lang::value::{new_object, Key, NativeObject, NativeResult, Value};
use crate::lang::vm::Vm;
use crate::stdlib::json::parse::parse_json;
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

const METHODS: &[&str] = &[
    "body",
    "header",
    "headers",
    "json",
    "ok",
    "status",
    "statusText",
    "text",
    "url",
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

    fn method_names(&self) -> Vec<&'static str> {
        METHODS.to_vec()
    }

    fn call_method(&self, _vm: &mut Vm, name: &str, args: &[Value]) -> NativeResult {
        let qualified = format!("HttpResponse.{name}");
        if name == "header" {
            expect_args(&qualified, args, 1, 1)?;
            let Some(wanted) = args[0].as_str() else {
                return Err(RtError::type_error(format!(
                    "{qualified}() argument 1 must be a string, not '{}'",
                    args[0].type_name()
                )));
            };
            return Ok(self.header(wanted).map_or(Value::Null, Value::str));
        }
        if !METHODS.contains(&name) {
            return Err(RtError::attribute_error(format!(
                "'HttpResponse' object has no method '{name}'"
            )));
        }
        expect_args(&qualified, args, 0, 0)?;
        Ok(match name {
            "status" => Value::Int(i64::from(self.status)),
            "statusText" => Value::str(self.status_text()),
            "ok" => Value::Bool((200..300).contains(&self.status)),
            "headers" => self.headers_object(),
            "url" => Value::str(&self.url),
            "json" => {
                let text = self.text();
                parse_json(text.as_str().unwrap_or(""))?
            }
            _ => self.text(),
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
