//! Following redirects the way browsers and Python's `requests` do: where a
//! `Location` leads (resolved against the current URL), and what of the
//! request goes along (the method and body, and credentials only to the
//! same origin).

use super::client::Spec;
use ureq::http::{header, Method, Uri};

pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The absolute URL a redirect response points to, or `None` when the
/// response is not a redirect (or names nowhere usable).
pub fn target(status: u16, headers: &[(String, String)], current: &Uri) -> Option<String> {
    if !is_redirect(status) {
        return None;
    }
    let location = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("location"))?;
    resolve(location.1.trim(), current)
}

/// Change `spec` for the hop from `from` to `to` after `status`: 303 (and
/// 301/302 after a POST) become a GET without body, and credentials are
/// dropped when the origin changes.
pub fn adjust(spec: &mut Spec, status: u16, from: &Uri, to: &str) {
    let becomes_get = match status {
        303 => spec.method != Method::HEAD,
        301 | 302 => spec.method == Method::POST,
        _ => false,
    };
    if becomes_get {
        spec.method = Method::GET;
        spec.body = None;
        spec.headers
            .retain(|(name, _)| *name != header::CONTENT_TYPE && *name != header::CONTENT_LENGTH);
    }
    let same_origin = to
        .parse::<Uri>()
        .is_ok_and(|to| origin(&to) == origin(from));
    if !same_origin {
        spec.headers.retain(|(name, _)| {
            *name != header::AUTHORIZATION
                && *name != header::COOKIE
                && *name != header::PROXY_AUTHORIZATION
        });
    }
}

fn origin(uri: &Uri) -> (String, String, Option<u16>) {
    let scheme = uri.scheme_str().unwrap_or("").to_ascii_lowercase();
    let host = uri.host().unwrap_or("").to_ascii_lowercase();
    let default = if scheme == "https" { 443 } else { 80 };
    (scheme, host, Some(uri.port_u16().unwrap_or(default)))
}

/// `location` resolved against `base` (RFC 3986, section 5.2), without its
/// fragment.
pub fn resolve(location: &str, base: &Uri) -> Option<String> {
    let location = location.split('#').next().unwrap_or("");
    if has_scheme(location) {
        return Some(location.to_string());
    }
    let scheme = base.scheme_str()?;
    let authority = base.authority()?.as_str();
    if let Some(rest) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{rest}"));
    }
    let base_path = base.path();
    let (path, query) = match location.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (location, None),
    };
    let query = match query {
        Some(q) => format!("?{q}"),
        None if path.is_empty() => base.query().map(|q| format!("?{q}")).unwrap_or_default(),
        None => String::new(),
    };
    let path = if path.is_empty() {
        base_path.to_string()
    } else if path.starts_with('/') {
        remove_dots(path)
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        remove_dots(&format!("{dir}{path}"))
    };
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    Some(format!("{scheme}://{authority}{path}{query}"))
}

/// Whether `text` starts with `scheme:` (a letter, then letters, digits,
/// `+`, `-` or `.`).
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A path with its `.` and `..` segments applied.
fn remove_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(location: &str) -> String {
        let base: Uri = "http://h.org:8080/a/b/c?q=1".parse().unwrap();
        resolve(location, &base).unwrap()
    }

    #[test]
    fn locations_resolve_like_rfc_3986() {
        assert_eq!(at("https://x.org/y"), "https://x.org/y");
        assert_eq!(at("//x.org/y"), "http://x.org/y");
        assert_eq!(at("/y?z=2"), "http://h.org:8080/y?z=2");
        assert_eq!(at("d"), "http://h.org:8080/a/b/d");
        assert_eq!(at("../d"), "http://h.org:8080/a/d");
        assert_eq!(at("../../../../d"), "http://h.org:8080/d");
        assert_eq!(at("./"), "http://h.org:8080/a/b/");
        assert_eq!(at(".."), "http://h.org:8080/a/");
        assert_eq!(at("?z"), "http://h.org:8080/a/b/c?z");
        assert_eq!(at(""), "http://h.org:8080/a/b/c?q=1");
        assert_eq!(at("#frag"), "http://h.org:8080/a/b/c?q=1");
        assert_eq!(at("/p#frag"), "http://h.org:8080/p");
    }

    #[test]
    fn posts_become_gets_and_credentials_stay_home() {
        let mut spec = Spec {
            method: Method::POST,
            url: "http://a.org/".into(),
            headers: vec![
                (header::AUTHORIZATION, "secret".parse().unwrap()),
                (header::CONTENT_TYPE, "text/plain".parse().unwrap()),
            ],
            body: Some(b"x".to_vec()),
            timeout: std::time::Duration::from_secs(1),
            max_bytes: 1,
        };
        let from: Uri = "http://a.org/".parse().unwrap();
        adjust(&mut spec, 307, &from, "http://a.org:80/next");
        assert_eq!(spec.method, Method::POST);
        assert_eq!(spec.headers.len(), 2);
        adjust(&mut spec, 302, &from, "http://b.org/");
        assert_eq!(spec.method, Method::GET);
        assert!(spec.body.is_none());
        assert!(spec.headers.is_empty());
    }
}
