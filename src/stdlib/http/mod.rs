//! The `http` module (spec 5.17).
//!
//! The four pure helpers (`encodeURI`, `decodeURI`, `encodeQuery`,
//! `parseQuery`) are complete; their rules live in [`encoding`].
//!
//! Decision: this build has no HTTP client. The request functions check
//! their arguments and the grant first — `network.https` for `https://`
//! URLs, `network.http` for `http://` (spec 3.14) — so a program without a
//! grant gets the same `CapabilityError` it would get with a client; with a
//! grant they raise `RuntimeError: network access is not available in this
//! build of mlpy`. Bringing in a client (and TLS) is left for when a program
//! needs it; the corpus uses only the pure helpers.

mod encoding;

use super::{functions, Row};
use crate::lang::builtins::{expect_args, only_str_arg, opt_arg, str_arg, Qualified};
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
    ("delete", delete, "delete(url, headers?, timeout=30): DELETE request (no client in this build)"),
    ("encodeQuery", encode_query, "encodeQuery(obj): 'k=v&k2=v2' with form encoding; array values repeat the key"),
    ("encodeURI", encode_uri, "encodeURI(s): percent-encodes all but letters, digits, '_.-~' and '/'"),
    ("get", get, "get(url, headers?, timeout=30): GET request (no client in this build)"),
    ("head", head, "head(url, headers?, timeout=30): HEAD request (no client in this build)"),
    ("parseQuery", parse_query, "parseQuery(s): object of query parameters; repeated keys give arrays"),
    ("patch", patch, "patch(url, options?): PATCH request with {body, headers, timeout} (no client in this build)"),
    ("post", post, "post(url, options?): POST request with {body, headers, timeout} (no client in this build)"),
    ("put", put, "put(url, options?): PUT request with {body, headers, timeout} (no client in this build)"),
    ("request", request, "request({method, url, headers, body, timeout}): any request (no client in this build)"),
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

/// The capability a URL needs: by scheme, with a host present.
fn capability_for(url: &str) -> Result<&'static str, RtError> {
    let invalid = || RtError::value_error(format!("Invalid URL: {url}"));
    let (scheme, rest) = url.split_once("://").ok_or_else(invalid)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(invalid());
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" => Ok("network.http"),
        "https" => Ok("network.https"),
        _ => Err(invalid()),
    }
}

/// Where every request ends in this build: the grant check, then the
/// missing client.
fn send(vm: &Vm, url: &str) -> NativeResult {
    vm.require_capability(capability_for(url)?, Some(url))?;
    Err(RtError::runtime_error(
        "network access is not available in this build of mlpy",
    ))
}

/// Optional argument `i` of `func`, which must be an object when given.
fn opt_object(func: &str, args: &[Value], i: usize, what: &str) -> Result<(), RtError> {
    match opt_arg(args, i) {
        None | Some(Value::Object(_)) => Ok(()),
        Some(other) => Err(RtError::type_error(format!(
            "{func}() {what} must be an object, not '{}'",
            other.type_name()
        ))),
    }
}

/// `get`/`delete`/`head`: (url, headers?, timeout?).
fn simple_request(vm: &Vm, name: &str, args: &[Value]) -> NativeResult {
    let func = format!("http.{name}");
    expect_args(&func, args, 1, 3)?;
    let url = str_arg(&func, "1", &args[0])?;
    opt_object(&func, args, 1, "headers")?;
    if let Some(t) = opt_arg(args, 2) {
        if t.as_f64().is_none() {
            return Err(RtError::type_error(format!(
                "{func}() timeout must be a number"
            )));
        }
    }
    send(vm, url)
}

/// `post`/`put`/`patch`: (url, options?).
fn body_request(vm: &Vm, name: &str, args: &[Value]) -> NativeResult {
    let func = format!("http.{name}");
    expect_args(&func, args, 1, 2)?;
    let url = str_arg(&func, "1", &args[0])?;
    opt_object(&func, args, 1, "options")?;
    send(vm, url)
}

fn get(vm: &mut Vm, args: &[Value]) -> NativeResult {
    simple_request(vm, "get", args)
}

fn delete(vm: &mut Vm, args: &[Value]) -> NativeResult {
    simple_request(vm, "delete", args)
}

fn head(vm: &mut Vm, args: &[Value]) -> NativeResult {
    simple_request(vm, "head", args)
}

fn post(vm: &mut Vm, args: &[Value]) -> NativeResult {
    body_request(vm, "post", args)
}

fn put(vm: &mut Vm, args: &[Value]) -> NativeResult {
    body_request(vm, "put", args)
}

fn patch(vm: &mut Vm, args: &[Value]) -> NativeResult {
    body_request(vm, "patch", args)
}

fn request(vm: &mut Vm, args: &[Value]) -> NativeResult {
    expect_args("http.request", args, 1, 1)?;
    opt_object("http.request", args, 0, "options")?;
    let url = match &args[0] {
        Value::Object(obj) => obj.borrow().get(&Key::str("url")).cloned(),
        _ => None,
    };
    match url {
        Some(Value::Str(url)) => send(vm, url.as_str()),
        Some(other) => Err(RtError::type_error(format!(
            "http.request() url must be a string, not '{}'",
            other.type_name()
        ))),
        None => Err(RtError::value_error("http.request() options need a 'url'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_documented() {
        assert!(ROWS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ROWS.iter().all(|r| r.2.starts_with(r.0)));
    }

    #[test]
    fn urls_pick_their_capability() {
        assert_eq!(capability_for("https://x.org/a").unwrap(), "network.https");
        assert_eq!(capability_for("HTTP://x.org").unwrap(), "network.http");
        assert!(capability_for("ftp://x.org").is_err());
        assert!(capability_for("https:///path").is_err());
        assert!(capability_for("example.com").is_err());
    }
}
