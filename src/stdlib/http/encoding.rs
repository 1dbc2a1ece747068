//! Percent-encoding and query strings, as Python's `urllib.parse` does them
//! (the reference's `encodeURI` is `quote`, `decodeURI` is `unquote`,
//! `encodeQuery` is `urlencode`, `parseQuery` is `parse_qs`). Small enough
//! to write out, and exactness matters more here than generality.

/// Bytes never encoded by `quote`: letters, digits and `_.-~`.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~')
}

/// Percent-encodes the UTF-8 bytes of `text`, keeping unreserved bytes and
/// those in `safe`; `plus` writes spaces as `+` (`quote_plus`).
fn quote_with(text: &str, safe: &[u8], plus: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if unreserved(b) || safe.contains(&b) {
            out.push(char::from(b));
        } else if plus && b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `urllib.parse.quote(text)`: `/` stays as is.
pub fn encode_uri(text: &str) -> String {
    quote_with(text, b"/", false)
}

/// `urllib.parse.quote_plus(text)`: for query keys and values.
pub fn encode_component(text: &str) -> String {
    quote_with(text, b"", true)
}

/// `urllib.parse.unquote(text)`: `%XX` escapes become bytes, malformed
/// escapes stay as written, and bytes that are not UTF-8 become U+FFFD.
pub fn decode_uri(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `key=value` pairs joined by `&`, each side `quote_plus`-encoded.
pub fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `parse_qsl` with its defaults: a leading `?` is dropped, pairs split on
/// `&`, `+` means space; pieces without `=` and empty values are skipped.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter_map(|piece| piece.split_once('='))
        .filter(|(_, value)| !value.is_empty())
        .map(|(k, v)| (decode_plus(k), decode_plus(v)))
        .collect()
}

fn decode_plus(text: &str) -> String {
    decode_uri(&text.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_urllib() {
        assert_eq!(encode_uri("hello world"), "hello%20world");
        assert_eq!(encode_uri("a/b?c=d&e"), "a/b%3Fc%3Dd%26e");
        assert_eq!(encode_uri("é~_.-"), "%C3%A9~_.-");
        assert_eq!(encode_component("a b/c+"), "a+b%2Fc%2B");
    }

    #[test]
    fn unquotes_leniently() {
        assert_eq!(decode_uri("hello%20world"), "hello world");
        assert_eq!(decode_uri("%C3%A9t%c3%a9"), "été");
        assert_eq!(decode_uri("100%"), "100%");
        assert_eq!(decode_uri("%zz%4"), "%zz%4");
        assert_eq!(decode_uri("a+b"), "a+b");
        assert_eq!(decode_uri("%FF"), "\u{fffd}");
        assert_eq!(decode_uri("%E2%82"), "\u{fffd}");
    }

    #[test]
    fn queries_round_trip() {
        let text = encode_query([("q", "a b"), ("x", "1&2")]);
        assert_eq!(text, "q=a+b&x=1%262");
        let parsed = parse_query(&format!("?{text}&flag&empty=&q=again"));
        let expect = [("q", "a b"), ("x", "1&2"), ("q", "again")];
        assert_eq!(parsed, expect.map(|(k, v)| (k.to_string(), v.to_string())));
        assert!(parse_query("").is_empty());
    }
}
