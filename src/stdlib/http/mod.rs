//! The `http` module (spec 5.17): real HTTP/1.1 requests, and four pure
//! helpers for URLs and query strings whose rules live in [`encoding`].
//!
//! Requests are checked here (argument shapes, header names and values,
//! the method, the timeout and the body cap), then sent by [`client`],
//! which checks the `network.http`/`network.https` grant for every URL it
//! connects to, the first and each redirect. The response is an
//! `HttpResponse` object ([`response`]). See `docs/stdlib/http.md`.

mod client;
mod encoding;
mod redirect;
mod requests;
mod response;

use super::{functions, Row};
use crate::lang::builtins::{expect_args, only_str_arg, Qualified};
use crate::lang::error::RtError;
use crate::lang::format::display;
use crate::lang::value::{Key, NativeResult, Object, Value};
use crate::lang::vm::Vm;
use indexmap::IndexMap;

const NETWORK: &[&str] = &["network.http", "network.https"];

fn capabilities(name: &str) -> &'static [&'static str] {
    match name {
        "decodeURI" | "encodeQuery" | "encodeURI" | "parseQuery" => &[],
        _ => NETWORK,
    }
}

const ROWS: &[Row] = &[
    ("decodeURI", decode_uri, "decodeURI(s): decodes %XX escapes (UTF-8)"),
    ("delete", requests::delete, "delete(url, headers?, timeout=30): DELETE request; returns an HttpResponse"),
    ("encodeQuery", encode_query, "encodeQuery(obj): 'k=v&k2=v2' with form encoding; array values repeat the key"),
    ("encodeURI", encode_uri, "encodeURI(s): percent-encodes all but letters, digits, '_.-~' and '/'"),
    ("get", requests::get, "get(url, headers?, timeout=30): GET request; returns an HttpResponse"),
    ("head", requests::head, "head(url, headers?, timeout=30): HEAD request; returns an HttpResponse"),
    ("parseQuery", parse_query, "parseQuery(s): object of query parameters; repeated keys give arrays"),
    ("patch", requests::patch, "patch(url, options?): PATCH request with {body, headers, timeout, maxBytes}"),
    ("post", requests::post, "post(url, options?): POST request with {body, headers, timeout, maxBytes}"),
    ("put", requests::put, "put(url, options?): PUT request with {body, headers, timeout, maxBytes}"),
    ("request", requests::request, "request({method, url, headers, body, timeout, maxBytes}): any method; returns an HttpResponse"),
];

pub(super) fn members() -> Vec<(String, Value)> {
    functions("http", ROWS, capabilities)
}

fn one_str<'a>(name: &str, args: &'a [Value]) -> Result<&'a str, RtError> {
    only_str_arg(Qualified("http", name), args)
}

fn encode_uri(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::string(encoding::encode_uri(one_str(
        "encodeURI",
        args,
    )?)))
}

fn decode_uri(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    Ok(Value::string(encoding::decode_uri(one_str(
        "decodeURI",
        args,
    )?)))
}

fn encode_query(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("http.encodeQuery", args, 1, 1)?;
    let Value::Object(obj) = &args[0] else {
        return Err(RtError::type_error(format!(
            "http.encodeQuery() argument must be an object, not '{}'",
            args[0].type_name()
        )));
    };
    let pairs = query_pairs(&obj.borrow());
    Ok(Value::string(encoding::encode_query(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )))
}

/// Key/value texts of a query object; an array value gives one pair per
/// element, so `parseQuery(encodeQuery(o))` restores repeated keys.
fn query_pairs(obj: &Object) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (key, value) in obj {
        let key = display(&key.to_value());
        match value {
            Value::Array(items) => {
                for item in items.borrow().iter() {
                    pairs.push((key.clone(), display(item)));
                }
            }
            other => pairs.push((key, display(other))),
        }
    }
    pairs
}

fn parse_query(_vm: &mut Vm, args: &[Value]) -> NativeResult {
    let query = one_str("parseQuery", args)?;
    let mut grouped: IndexMap<String, Vec<String>> = IndexMap::new();
    for (key, value) in encoding::parse_query(query) {
        grouped.entry(key).or_default().push(value);
    }
    let mut out = crate::lang::value::new_object();
    for (key, mut values) in grouped {
        let value = if values.len() == 1 {
            Value::string(values.remove(0))
        } else {
            Value::array(values.into_iter().map(Value::string).collect())
        };
        out.insert(Key::str(&key), value);
    }
    Ok(Value::object(out))
}
