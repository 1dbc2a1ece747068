//! A small HTTP/1.1 server on 127.0.0.1 for the `http` module's tests: one
//! thread accepts, one thread per connection answers one request and
//! closes. It records every request it reads and counts every connection
//! it accepts, so a test can tell that a refused request never connected.
//!
//! Routes (by path, query ignored unless said):
//! * `/status/N` — status N, body `status N`
//! * `/echo` — 200, JSON of the request: method, path, headers (names
//!   lower-cased), body
//! * `/headers` — 200 with `X-Custom`, two `Set-Cookie` and a content type
//! * `/json` — a JSON document; `/latin1` — `café` in Latin-1
//! * `/big/N` — N bytes with a Content-Length; `/stream/N` — N bytes
//!   chunked, without a length
//! * `/slow` — never answers (until the client goes away)
//! * `/redirect/CODE?to=URL` — status CODE with `Location: URL` (`%PORT%`
//!   in URL becomes this server's port); `/loop` redirects to itself

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

pub struct Server {
    pub port: u16,
    connections: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// One message per request read, for tests that wait on the server.
    arrivals: Mutex<Receiver<String>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        let connections = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = channel();
        let (count, log) = (connections.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let (log, tx) = (log.clone(), tx.clone());
                std::thread::spawn(move || serve(stream, port, &log, &tx));
            }
        });
        Server {
            port,
            connections,
            seen,
            arrivals: Mutex::new(rx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits (at most a minute, so a broken test fails instead of hanging)
    /// until a request for `path` arrives.
    pub fn wait_for_request(&self, path: &str) -> bool {
        let rx = self.arrivals.lock().unwrap();
        while let Ok(target) = rx.recv_timeout(Duration::from_secs(60)) {
            if target.starts_with(path) {
                return true;
            }
        }
        false
    }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().unwrap().port()
}

fn serve(stream: TcpStream, port: u16, log: &Mutex<Vec<Seen>>, arrivals: &Sender<String>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let Some(request) = read_request(&mut reader) else {
        return;
    };
    log.lock().unwrap().push(request.clone());
    let _ = arrivals.send(request.target.clone());
    let mut out = stream;
    respond(&mut out, &mut reader, &request, port);
    let _ = out.flush();
}

fn read_request(reader: &mut impl BufRead) -> Option<Seen> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_string();
    let target = words.next()?.to_string();
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        target,
        headers,
        body,
    })
}

fn respond(out: &mut TcpStream, reader: &mut impl Read, request: &Seen, port: u16) {
    let path = request.target.split('?').next().unwrap_or("");
    let query = request.target.split_once('?').map_or("", |(_, q)| q);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["status", code] => {
            let code: u16 = code.parse().unwrap_or(500);
            send(out, code, &[], format!("status {code}").as_bytes());
        }
        ["echo"] => {
            let body = serde_json::json!({
                "method": request.method,
                "path": request.target,
                "headers": request.headers,
                "body": String::from_utf8_lossy(&request.body),
            });
            let ct = [("Content-Type", "application/json")];
            send(out, 200, &ct, body.to_string().as_bytes());
        }
        ["headers"] => {
            let headers = [
                ("X-Custom", "custom value"),
                ("Set-Cookie", "a=1"),
                ("Set-Cookie", "b=2"),
                ("Content-Type", "text/plain; charset=utf-8"),
            ];
            send(out, 200, &headers, b"with headers");
        }
        ["json"] => {
            let ct = [("Content-Type", "application/json")];
            send(
                out,
                200,
                &ct,
                br#"{"name": "mlpy", "list": [1, 2.5, null, true], "nested": {"k": "v"}}"#,
            );
        }
        ["latin1"] => {
            let ct = [("Content-Type", "text/plain; charset=ISO-8859-1")];
            send(out, 200, &ct, b"caf\xe9");
        }
        ["big", n] => {
            let body = vec![b'x'; n.parse().unwrap_or(0)];
            send(out, 200, &[], &body);
        }
        ["stream", n] => stream_chunked(out, n.parse().unwrap_or(0)),
        ["slow"] => {
            // Wait for the client to give up: its read ends our wait.
            let mut sink = [0u8; 1];
            let _ = reader.read(&mut sink);
        }
        ["redirect", code] => {
            let code: u16 = code.parse().unwrap_or(302);
            let to = query.strip_prefix("to=").unwrap_or("/");
            let to = to.replace("%PORT%", &port.to_string());
            send(out, code, &[("Location", &to)], b"moved");
        }
        ["loop"] => send(out, 302, &[("Location", "/loop")], b""),
        _ => send(out, 404, &[], b"not found"),
    }
}

fn send(out: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status} Whatever\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(body);
}

fn stream_chunked(out: &mut TcpStream, mut left: usize) {
    let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    let chunk = vec![b'y'; 64 * 1024];
    while left > 0 {
        let n = left.min(chunk.len());
        let framed = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
        if out.write_all(&framed).is_err() {
            return;
        }
        left -= n;
    }
    let _ = out.write_all(b"0\r\n\r\n");
}
