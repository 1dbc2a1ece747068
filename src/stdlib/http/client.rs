//! Sending one request: the grant is checked before every connection (the
//! first and each redirect, which mlpy follows itself for that reason), the
//! exchange runs on a worker thread so that `--timeout` and Ctrl-C are
//! noticed while it waits on the network, and the body is read in chunks
//! against a size cap.

use super::redirect;
use super::response::Reply;
use crate::lang::error::{ErrorKind, RtError};
use crate::lang::vm::Vm;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use ureq::http::{self, HeaderName, HeaderValue, Method, Uri};

/// The response body cap when a request does not set `maxBytes`.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 10;
/// How often the waiting thread looks at the interrupt flag.
const POLL: Duration = Duration::from_millis(20);
const CHUNK: usize = 64 * 1024;

/// A request as the module functions checked it.
pub struct Spec {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Option<Vec<u8>>,
    pub timeout: Duration,
    pub max_bytes: u64,
}

/// One exchange as the worker hands it back.
pub struct Hop {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Why an exchange failed, before the URL is attached.
enum Failure {
    TimedOut,
    Cancelled,
    TooLarge(u64),
    Network(String),
}

/// Sends `spec`, following redirects while the grants allow each new URL.
pub fn send(vm: &Vm, mut spec: Spec) -> Result<Reply, RtError> {
    let deadline = Instant::now() + spec.timeout;
    let mut url = spec.url.clone();
    for _ in 0..=MAX_REDIRECTS {
        let uri = checked_uri(&url)?;
        vm.require_capability(capability_for(&uri), Some(&url))?;
        let hop = exchange(vm, &spec, &uri, &url, deadline)?;
        let Some(next) = redirect::target(hop.status, &hop.headers, &uri) else {
            return Ok(Reply::new(hop, url));
        };
        redirect::adjust(&mut spec, hop.status, &uri, &next);
        url = next;
    }
    Err(RtError::runtime_error(format!(
        "{} {} failed: more than {MAX_REDIRECTS} redirects",
        spec.method, spec.url
    )))
}

/// `url` parsed, with an `http`/`https` scheme, a host and no user name.
pub fn checked_uri(url: &str) -> Result<Uri, RtError> {
    let invalid = |why: &str| RtError::value_error(format!("Invalid URL: {url} ({why})"));
    let uri: Uri = url.parse().map_err(|_| invalid("cannot be parsed"))?;
    match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
        Some("http" | "https") => {}
        _ => return Err(invalid("the scheme must be http or https")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid("no host"));
    }
    let port_text = uri
        .authority()
        .and_then(|a| a.as_str().strip_prefix(uri.host().unwrap_or("")))
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or("");
    if !port_text.is_empty() && port_text.parse::<u16>().is_err() {
        return Err(invalid("the port must be a number up to 65535"));
    }
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(invalid(
            "user names in URLs are not supported; send an Authorization header",
        ));
    }
    Ok(uri)
}

/// The capability a URL needs: by scheme.
pub fn capability_for(uri: &Uri) -> &'static str {
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => "network.https",
        _ => "network.http",
    }
}

/// One request and response on a worker thread, while this thread watches
/// the interrupt flag. An interrupted exchange is abandoned: its worker
/// stops at its next chunk or when the request's own time runs out.
fn exchange(vm: &Vm, spec: &Spec, uri: &Uri, url: &str, deadline: Instant) -> Result<Hop, RtError> {
    let failed =
        |why: String| RtError::runtime_error(format!("{} {url} failed: {why}", spec.method));
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return Err(timed_out(spec, url));
    }
    let request = build_request(spec, uri).map_err(|e| failed(e.to_string()))?;
    let body = spec.body.clone();
    let max_bytes = spec.max_bytes;
    let cancel = Arc::new(AtomicBool::new(false));
    let worker_cancel = cancel.clone();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("mlpy-http".into())
        .spawn(move || {
            let result = run_exchange(request, body, remaining, max_bytes, &worker_cancel);
            let _ = tx.send(result);
        })
        .map_err(|e| failed(format!("cannot start the request ({e})")))?;
    let interrupt = vm.interrupt_flag();
    let outcome = loop {
        match rx.recv_timeout(POLL) {
            Ok(outcome) => break outcome,
            Err(RecvTimeoutError::Timeout) if interrupt.load(Ordering::SeqCst) => {
                cancel.store(true, Ordering::SeqCst);
                return Err(vm.interruption());
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break Err(Failure::Cancelled),
        }
    };
    outcome.map_err(|failure| match failure {
        Failure::TimedOut => timed_out(spec, url),
        Failure::Cancelled => failed("the request ended unexpectedly".into()),
        Failure::TooLarge(limit) => failed(format!(
            "the response body is larger than the limit of {limit} bytes (maxBytes)"
        )),
        Failure::Network(why) => failed(why),
    })
}

fn timed_out(spec: &Spec, url: &str) -> RtError {
    RtError::new(
        ErrorKind::TimeoutError,
        format!(
            "{} {url} timed out after {}s",
            spec.method,
            seconds_text(spec.timeout)
        ),
    )
}

fn seconds_text(d: Duration) -> String {
    let text = format!("{:.3}", d.as_secs_f64());
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn build_request(spec: &Spec, uri: &Uri) -> Result<http::Request<()>, http::Error> {
    let mut builder = http::Request::builder()
        .method(spec.method.clone())
        .uri(uri.clone());
    for (name, value) in &spec.headers {
        builder = builder.header(name, value);
    }
    builder.body(())
}

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are followed in `send`, which checks each new URL.
            .max_redirects(0)
            // Grants name the host connected to; a proxy would hide it.
            .proxy(None)
            .allow_non_standard_methods(true)
            .user_agent(concat!("mlpy/", env!("CARGO_PKG_VERSION")))
            .build()
            .into()
    })
}

/// On the worker thread: the exchange and, unless it is a redirect, the
/// body up to `max_bytes`.
fn run_exchange(
    request: http::Request<()>,
    body: Option<Vec<u8>>,
    timeout: Duration,
    max_bytes: u64,
    cancel: &AtomicBool,
) -> Result<Hop, Failure> {
    let agent = agent();
    let response = match body {
        Some(bytes) => {
            let request = request.map(|()| bytes);
            let request = agent
                .configure_request(request)
                .timeout_global(Some(timeout))
                .build();
            agent.run(request)
        }
        None => {
            let request = agent
                .configure_request(request)
                .timeout_global(Some(timeout))
                .build();
            agent.run(request)
        }
    }
    .map_err(failure_of)?;
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_string(), text)
        })
        .collect();
    // A redirect that will be followed needs no body.
    let followed = redirect::is_redirect(status) && headers.iter().any(|(n, _)| n == "location");
    let body = if followed {
        Vec::new()
    } else {
        read_capped(response.into_body(), max_bytes, cancel)?
    };
    Ok(Hop {
        status,
        headers,
        body,
    })
}

fn read_capped(body: ureq::Body, max_bytes: u64, cancel: &AtomicBool) -> Result<Vec<u8>, Failure> {
    if body.content_length().is_some_and(|n| n > max_bytes) {
        return Err(Failure::TooLarge(max_bytes));
    }
    let mut reader = body.into_reader();
    let mut out = Vec::new();
    let mut chunk = vec![0; CHUNK];
    loop {
        if cancel.load(Ordering::SeqCst) {
            return Err(Failure::Cancelled);
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_failure(e)),
        };
        if (out.len() + n) as u64 > max_bytes {
            return Err(Failure::TooLarge(max_bytes));
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

fn failure_of(e: ureq::Error) -> Failure {
    match e {
        ureq::Error::Timeout(_) => Failure::TimedOut,
        ureq::Error::Io(io) => io_failure(io),
        ureq::Error::HostNotFound => Failure::Network("the host name cannot be resolved".into()),
        ureq::Error::ConnectionFailed => Failure::Network("cannot connect".into()),
        ureq::Error::Rustls(tls) => Failure::Network(format!("TLS error: {tls}")),
        ureq::Error::Tls(tls) => Failure::Network(format!("TLS error: {tls}")),
        ureq::Error::Protocol(p) => Failure::Network(format!("bad HTTP response: {p}")),
        other => Failure::Network(other.to_string()),
    }
}

fn io_failure(e: std::io::Error) -> Failure {
    use std::io::ErrorKind as Io;
    match e.kind() {
        Io::TimedOut | Io::WouldBlock => return Failure::TimedOut,
        Io::ConnectionRefused => return Failure::Network("connection refused".into()),
        Io::ConnectionReset => return Failure::Network("connection reset".into()),
        Io::UnexpectedEof => {
            return Failure::Network("the connection closed before the response ended".into())
        }
        _ => {}
    }
    // The body reader wraps ureq's own errors (a timeout mid-body) in io::Error.
    if e.get_ref().is_some_and(|inner| inner.is::<ureq::Error>()) {
        if let Some(Ok(inner)) = e.into_inner().map(|inner| inner.downcast::<ureq::Error>()) {
            return failure_of(*inner);
        }
        return Failure::Network("network error".into());
    }
    Failure::Network(e.to_string())
}
