//! Which `network.*` grant patterns cover a URL.
//!
//! The URL is parsed with the parser the HTTP client uses (`http::Uri`), so
//! the host that is checked is the host that will be connected to. A
//! pattern is one of:
//!
//! * `HOST` — that host on the scheme's default port (80 or 443);
//! * `HOST:PORT` or `HOST:*` — that port, or any port;
//! * anything containing `://` — a text glob over the whole URL, as for
//!   other resources (`https://api.example.com/v1/*`).
//!
//! In `HOST` and `PORT`, `*` matches any run of characters (so
//! `*.example.com` covers every subdomain, not `example.com.evil.org`);
//! hosts compare without regard to case. IPv6 hosts are written in
//! brackets: `[::1]:*`.

use glob::Pattern;
use ureq::http::Uri;

/// Whether the resources of capability `name` are URLs.
pub fn is_network_capability(name: &str) -> bool {
    name.split('.').next() == Some("network")
}

/// A URL as grants see it: its text, lower-cased host and port.
#[derive(Debug)]
pub struct Target {
    pub url: String,
    host: String,
    port: u16,
    default_port: u16,
}

impl Target {
    /// `None` when `url` is not an absolute `http`/`https` URL with a host.
    pub fn parse(url: &str) -> Option<Target> {
        let uri: Uri = url.parse().ok()?;
        let default_port = match uri.scheme_str()?.to_ascii_lowercase().as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let host = uri.host().filter(|h| !h.is_empty())?.to_ascii_lowercase();
        // `host:` means the default port; a port that is not a u16 means
        // no target at all rather than a guess.
        let port_text = uri.authority()?.as_str().strip_prefix(uri.host()?)?;
        let port = match port_text.strip_prefix(':') {
            None | Some("") => default_port,
            Some(text) => text.parse().ok()?,
        };
        Some(Target {
            url: url.to_string(),
            host,
            port,
            default_port,
        })
    }
}

/// Whether `pattern` (compiled as `glob` for the URL form) covers `target`.
pub fn covers(pattern: &str, glob: &Pattern, target: &Target) -> bool {
    if pattern.contains("://") {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: false,
            require_literal_leading_dot: false,
        };
        return glob.matches_with(&target.url, options);
    }
    let Some((host, port)) = split_host_port(pattern) else {
        return false;
    };
    let port_ok = match port {
        None => target.port == target.default_port,
        Some(port) => wildcard(port, &target.port.to_string()),
    };
    port_ok && wildcard(&host.to_ascii_lowercase(), &target.host)
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`; `None` when malformed.
fn split_host_port(pattern: &str) -> Option<(&str, Option<&str>)> {
    if pattern.starts_with('[') {
        let end = pattern.find(']')?;
        let (host, rest) = pattern.split_at(end + 1);
        return match rest {
            "" => Some((host, None)),
            _ => rest.strip_prefix(':').map(|port| (host, Some(port))),
        };
    }
    match pattern.split_once(':') {
        Some((_, port)) if port.contains(':') => None,
        Some((host, port)) => Some((host, Some(port))),
        None => Some((pattern, None)),
    }
}

/// `*` matches any run of characters (none included); all else literally.
fn wildcard(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(pattern: &str, url: &str) -> bool {
        let glob = Pattern::new(pattern).unwrap_or_else(|_| Pattern::new("").unwrap());
        covers(pattern, &glob, &Target::parse(url).expect("a valid URL"))
    }

    #[test]
    fn a_bare_host_covers_its_default_port_only() {
        assert!(allows("api.example.com", "https://api.example.com/v1?q=1"));
        assert!(allows("api.example.com", "https://API.Example.com:443/"));
        assert!(allows("API.example.com", "http://api.example.com/"));
        assert!(!allows("api.example.com", "https://api.example.com:8443/"));
        assert!(!allows(
            "api.example.com",
            "https://api.example.com.evil.org/"
        ));
        assert!(!allows("example.com", "https://api.example.com/"));
    }

    #[test]
    fn ports_and_wildcards() {
        assert!(allows("127.0.0.1:*", "http://127.0.0.1:8080/x"));
        assert!(allows("127.0.0.1:*", "http://127.0.0.1/x"));
        assert!(allows("127.0.0.1:8080", "http://127.0.0.1:8080/"));
        assert!(!allows("127.0.0.1:8080", "http://127.0.0.1:8081/"));
        assert!(!allows("127.0.0.1:*", "http://localhost:8080/"));
        assert!(allows("*.example.com", "https://a.b.example.com/"));
        assert!(!allows("*.example.com", "https://example.com.evil.org/"));
        assert!(allows("*:*", "http://anything:1/"));
        assert!(allows("[::1]:*", "http://[::1]:9000/"));
        assert!(!allows("[::1]", "http://[::1]:9000/"));
        assert!(!allows("a:b:c", "http://a/"));
    }

    #[test]
    fn the_host_is_the_one_connected_to() {
        // A path is not the host; a URL with a user name (which the client
        // refuses) is no target at all.
        assert!(!allows(
            "api.example.com",
            "http://evil.org/api.example.com"
        ));
        assert!(Target::parse("http://api.example.com@evil.org/").is_none());
    }

    #[test]
    fn url_patterns_glob_the_whole_url() {
        assert!(allows(
            "https://api.example.com/*",
            "https://api.example.com/v1"
        ));
        assert!(!allows(
            "https://api.example.com/*",
            "http://api.example.com/v1"
        ));
        assert!(!allows(
            "https://api.example.com/*",
            "https://api.example.com.evil.org/"
        ));
    }

    #[test]
    fn only_web_urls_parse() {
        assert!(Target::parse("ftp://x.org/").is_none());
        assert!(Target::parse("example.com").is_none());
        assert!(Target::parse("/relative").is_none());
        assert!(Target::parse("http://127.0.0.1:99999/").is_none());
        assert_eq!(
            Target::parse("http://127.0.0.1:/").map(|t| t.port),
            Some(80)
        );
        assert_eq!(
            Target::parse("https://[::1]:8443/").map(|t| t.port),
            Some(8443)
        );
        assert!(is_network_capability("network.https"));
        assert!(!is_network_capability("file.read"));
    }

    #[test]
    fn wildcards_match_runs() {
        assert!(wildcard("a*c", "abbbc"));
        assert!(wildcard("*", ""));
        assert!(wildcard("a*b*c", "axxbyyc"));
        assert!(!wildcard("a*b*c", "axxbyy"));
        assert!(!wildcard("ab*ba", "aba"));
        assert!(!wildcard("abc", "abcd"));
    }
}
