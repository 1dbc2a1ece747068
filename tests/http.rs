//! The `http` module's requests through the real binary, against a server
//! on 127.0.0.1 that each test starts itself ([`server`]): statuses,
//! headers both ways, JSON bodies, the body cap, timeouts (the request's
//! own, `--timeout` and Ctrl-C), refused connections, redirects, and the
//! grant checks that come before any connection. Nothing here leaves the
//! loopback interface.

use std::path::Path;

mod common;
#[path = "http/server.rs"]
mod server;

use common::{run_mlpy, Outcome};
use server::{closed_port, Server};

/// Runs `code` (after `import http; import json;`) as a program with the
/// `--grant` flags `grants` and `extra` arguments before the program name.
fn run_with(dir: &Path, grants: &[&str], extra: &[&str], code: &str) -> Outcome {
    let text = format!("import http;\nimport json;\n{code}\n");
    std::fs::write(dir.join("prog.ml"), text).expect("write program");
    let mut args = vec!["run".to_string()];
    for g in grants {
        args.push("--grant".into());
        args.push((*g).to_string());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("prog.ml".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_mlpy(dir, &args, "", &[])
}

/// Runs `code` with `network.http` granted for every port of 127.0.0.1;
/// the program must end normally. Returns its output.
fn run_ok(code: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = run_with(dir.path(), &["network.http=127.0.0.1:*"], &[], code);
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    out.stdout
}

/// ML that runs `call` and prints the type and message of what it raises.
fn caught(call: &str) -> String {
    format!("try {{ {call}; print(\"no error\"); }} except (e) {{ print(e.type + \": \" + e.message); }}")
}

#[test]
fn statuses_come_back_as_responses() {
    let s = Server::start();
    let out = run_ok(&format!(
        "for (code in [200, 201, 204, 301, 404, 418, 500, 503]) {{\n\
           r = http.get(\"{}\" + code);\n\
           print(r.status(), r.statusText(), r.ok(), \"[\" + r.text() + \"]\");\n\
         }}",
        s.url("/status/")
    ));
    assert_eq!(
        out,
        "200 OK true [status 200]\n\
         201 Created true [status 201]\n\
         204 No Content true []\n\
         301 Moved Permanently false [status 301]\n\
         404 Not Found false [status 404]\n\
         418 I'm a teapot false [status 418]\n\
         500 Internal Server Error false [status 500]\n\
         503 Service Unavailable false [status 503]\n"
    );
}

#[test]
fn headers_go_out_and_come_back_with_lower_cased_names() {
    let s = Server::start();
    let out = run_ok(&format!(
        "r = http.get(\"{echo}\", {{\"X-Token\": \"abc 123\", \"Accept\": \"text/plain\", n: 5}});\n\
         h = r.json().headers;\n\
         print(h[\"x-token\"], h[\"accept\"], h[\"n\"], h[\"user-agent\"].startswith(\"mlpy/\"));\n\
         r = http.get(\"{headers}\");\n\
         hs = r.headers();\n\
         print(hs[\"x-custom\"]);\n\
         print(hs[\"set-cookie\"]);\n\
         print(hs[\"content-type\"], hs[\"content-length\"]);\n\
         print(r.header(\"X-CUSTOM\"), r.header(\"missing\"));\n\
         print(typeof(hs[\"content-length\"]), str(r));",
        echo = s.url("/echo"),
        headers = s.url("/headers"),
    ));
    assert_eq!(
        out,
        "abc 123 text/plain 5 true\n\
         custom value\n\
         a=1, b=2\n\
         text/plain; charset=utf-8 12\n\
         custom value null\n\
         string HttpResponse(200 OK)\n"
    );
}

#[test]
fn bodies_are_sent_as_text_or_json_and_read_back() {
    let s = Server::start();
    let echo = s.url("/echo");
    let out = run_ok(&format!(
        "r = http.post(\"{echo}\", {{body: {{name: \"Ada\", tags: [\"a\", \"b\"], n: 1.5, ok: true, none: null}}}});\n\
         e = r.json();\n\
         print(e.method, e.headers[\"content-type\"]);\n\
         print(e.body);\n\
         back = json.parse(e.body);\n\
         print(back.name, back.tags, back.n, back.ok, back.none);\n\
         e = http.put(\"{echo}\", {{body: \"plain text é\"}}).json();\n\
         print(e.method, e.body, json.hasKey(e.headers, \"content-type\"));\n\
         e = http.patch(\"{echo}\", {{body: [1, 2], headers: {{\"Content-Type\": \"application/x-mine\"}}}}).json();\n\
         print(e.method, e.body, e.headers[\"content-type\"]);\n\
         print(http.delete(\"{echo}\").json().method);\n\
         r = http.head(\"{echo}\");\n\
         print(r.status(), \"[\" + r.text() + \"]\");\n\
         e = http.request({{method: \"options\", url: \"{echo}\", body: \"x\"}}).json();\n\
         print(e.method, e.body);\n\
         e = http.request({{url: \"{echo}?q=1\"}}).json();\n\
         print(e.method, e.path);\n\
         print(http.get(\"{json}\").json());\n\
         print(http.get(\"{latin1}\").text());",
        json = s.url("/json"),
        latin1 = s.url("/latin1"),
    ));
    assert_eq!(
        out,
        "POST application/json\n\
         {\"name\": \"Ada\", \"tags\": [\"a\", \"b\"], \"n\": 1.5, \"ok\": true, \"none\": null}\n\
         Ada ['a', 'b'] 1.5 true null\n\
         PUT plain text é false\n\
         PATCH [1, 2] application/x-mine\n\
         DELETE\n\
         200 []\n\
         OPTIONS x\n\
         GET /echo?q=1\n\
         {'name': 'mlpy', 'list': [1, 2.5, null, true], 'nested': {'k': 'v'}}\n\
         café\n"
    );
}

#[test]
fn bodies_over_the_cap_raise_instead_of_filling_memory() {
    let s = Server::start();
    let out = run_ok(&format!(
        "{}\n{}\n{}\n{}\n",
        caught(&format!(
            "http.request({{url: \"{}\", maxBytes: 1000}})",
            s.url("/big/5000")
        )),
        caught(&format!(
            "http.request({{url: \"{}\", maxBytes: 100000}})",
            s.url("/stream/300000")
        )),
        format_args!(
            "print(len(http.request({{url: \"{}\", maxBytes: 1000}}).text()));",
            s.url("/big/1000")
        ),
        // The default cap is 64 MB: one byte more is refused.
        caught(&format!("http.get(\"{}\")", s.url("/big/67108865"))),
    ));
    let big = s.url("/big/5000");
    let stream = s.url("/stream/300000");
    let default = s.url("/big/67108865");
    assert_eq!(
        out,
        format!(
            "RuntimeError: GET {big} failed: the response body is larger than the limit of 1000 bytes (maxBytes)\n\
             RuntimeError: GET {stream} failed: the response body is larger than the limit of 100000 bytes (maxBytes)\n\
             1000\n\
             RuntimeError: GET {default} failed: the response body is larger than the limit of 67108864 bytes (maxBytes)\n"
        )
    );
}

#[test]
fn a_slow_server_meets_the_request_timeout() {
    let s = Server::start();
    let slow = s.url("/slow");
    let out = run_ok(&format!(
        "{}\n{}",
        caught(&format!("http.get(\"{slow}\", null, 0.3)")),
        caught(&format!(
            "http.post(\"{slow}\", {{timeout: 0.25, body: \"x\"}})"
        )),
    ));
    assert_eq!(
        out,
        format!("TimeoutError: GET {slow} timed out after 0.3s\nTimeoutError: POST {slow} timed out after 0.25s\n")
    );
}

#[test]
fn a_refused_connection_is_a_runtime_error_naming_the_url() {
    let url = format!("http://127.0.0.1:{}/x", closed_port());
    let out = run_ok(&caught(&format!("http.get(\"{url}\")")));
    assert_eq!(
        out,
        format!("RuntimeError: GET {url} failed: connection refused\n")
    );
}

#[test]
fn tls_failures_are_runtime_errors_naming_the_url() {
    // The test server speaks plain HTTP, so the TLS handshake fails.
    let s = Server::start();
    let url = format!("https://127.0.0.1:{}/echo", s.port);
    let dir = tempfile::tempdir().unwrap();
    let out = run_with(
        dir.path(),
        &["network.https=127.0.0.1:*"],
        &[],
        &caught(&format!("http.get(\"{url}\", null, 5)")),
    );
    assert!(
        out.stdout
            .starts_with(&format!("RuntimeError: GET {url} failed: ")),
        "{}",
        out.stdout
    );
}

#[test]
fn redirects_are_followed_with_the_method_rules_of_browsers() {
    let s = Server::start();
    let out = run_ok(&format!(
        "r = http.get(\"{r302}?to=/echo\");\n\
         print(r.status(), r.url().endswith(\"/echo\"), r.json().method);\n\
         e = http.post(\"{r303}?to=/echo\", {{body: \"data\"}}).json();\n\
         print(e.method, \"[\" + e.body + \"]\");\n\
         e = http.post(\"{r307}?to=/echo\", {{body: \"data\"}}).json();\n\
         print(e.method, e.body);\n\
         e = http.get(\"{r301}?to=http://127.0.0.1:%PORT%/echo\", {{Authorization: \"secret\"}}).json();\n\
         print(e.headers[\"authorization\"]);\n\
         {looping}",
        r302 = s.url("/redirect/302"),
        r303 = s.url("/redirect/303"),
        r307 = s.url("/redirect/307"),
        r301 = s.url("/redirect/301"),
        looping = caught(&format!("http.get(\"{}\")", s.url("/loop"))),
    ));
    assert_eq!(
        out,
        format!(
            "200 true GET\n\
             GET []\n\
             POST data\n\
             secret\n\
             RuntimeError: GET {} failed: more than 10 redirects\n",
            s.url("/loop")
        )
    );
}

#[test]
fn a_redirect_to_a_host_the_grant_does_not_cover_is_refused_before_connecting() {
    let s = Server::start();
    let other = Server::start();
    let to_localhost = s.url("/redirect/302?to=http://localhost:%PORT%/echo");
    let to_other_port = s.url(&format!(
        "/redirect/302?to=http://127.0.0.1:{}/echo",
        other.port
    ));
    let dir = tempfile::tempdir().unwrap();
    let grant = format!("network.http=127.0.0.1:{}", s.port);
    let out = run_with(
        dir.path(),
        &[&grant],
        &[],
        &format!(
            "{}\n{}",
            caught(&format!("http.get(\"{to_localhost}\")")),
            caught(&format!("http.get(\"{to_other_port}\")")),
        ),
    );
    assert_eq!(
        out.stdout,
        format!(
            "CapabilityError: capability 'network.http' does not cover 'http://localhost:{p}/echo' (granted for 127.0.0.1:{p})\n\
             CapabilityError: capability 'network.http' does not cover 'http://127.0.0.1:{o}/echo' (granted for 127.0.0.1:{p})\n",
            p = s.port,
            o = other.port
        )
    );
    // Only the two redirecting requests reached a server.
    assert_eq!(s.seen().len(), 2);
    assert_eq!(other.connections(), 0);
}

#[test]
fn without_a_covering_grant_nothing_connects() {
    let s = Server::start();
    let url = s.url("/echo");
    let dir = tempfile::tempdir().unwrap();
    let program = caught(&format!("http.get(\"{url}\")"));
    let none = run_with(dir.path(), &[], &[], &program);
    assert_eq!(
        none.stdout,
        format!("CapabilityError: capability 'network.http' is not granted (needed for '{url}')\n")
    );
    for grant in [
        "network.https",
        "network.http=localhost:*",
        "network.http=127.0.0.1",
        "network.http=127.0.0.2:*",
        "network.http=https://127.0.0.1*",
    ] {
        let out = run_with(dir.path(), &[grant], &[], &program);
        assert!(
            out.stdout.starts_with("CapabilityError: "),
            "{grant}: {}",
            out.stdout
        );
    }
    assert_eq!(s.connections(), 0);
    let allowed = run_with(
        dir.path(),
        &[&format!("network.http=http://127.0.0.1:{}/*", s.port)],
        &[],
        &program,
    );
    assert_eq!(allowed.stdout, "no error\n");
    assert_eq!(s.connections(), 1);
}

#[test]
fn bad_arguments_are_reported_before_any_connection() {
    let s = Server::start();
    let url = s.url("/echo");
    let calls = [
        "http.get(5)".to_string(),
        format!("http.get(\"{url}\", \"headers\")"),
        format!("http.get(\"{url}\", null, \"soon\")"),
        format!("http.get(\"{url}\", null, -1)"),
        format!("http.get(\"{url}\", {{\"X-A\": \"line\\nbreak\"}})"),
        format!("http.get(\"{url}\", {{\"bad name\": \"v\"}})"),
        format!("http.post(\"{url}\", {{bodyy: 1}})"),
        format!("http.post(\"{url}\", {{maxBytes: -1}})"),
        "http.request({method: \"GET\"})".to_string(),
        format!("http.request({{url: \"{url}\", method: \"BAD METHOD\"}})"),
        "http.get(\"ftp://127.0.0.1/x\")".to_string(),
        "http.get(\"127.0.0.1/x\")".to_string(),
        format!("http.get(\"http://user:pw@127.0.0.1:{}/\")", s.port),
        "http.get(\"http://127.0.0.1:99999/\")".to_string(),
    ];
    let program: Vec<String> = calls.iter().map(|c| caught(c)).collect();
    let out = run_ok(&program.join("\n"));
    let port = s.port;
    let expected = format!(
        "TypeError: http.get() argument 1 must be a string, not 'number'\n\
         TypeError: http.get() headers must be an object, not 'string'\n\
         TypeError: http.get() timeout must be a number, not 'string'\n\
         ValueError: http.get() timeout must be a positive number of seconds\n\
         ValueError: http.get() invalid value for header 'X-A' (visible ASCII only, no line breaks)\n\
         ValueError: http.get() invalid header name 'bad name'\n\
         ValueError: http.post() got an unknown option 'bodyy' (known: body, headers, timeout, maxBytes)\n\
         ValueError: http.post() maxBytes must be a whole number of bytes, 0 or more\n\
         ValueError: http.request() options need a 'url'\n\
         ValueError: http.request() invalid method 'BAD METHOD'\n\
         ValueError: Invalid URL: ftp://127.0.0.1/x (the scheme must be http or https)\n\
         ValueError: Invalid URL: 127.0.0.1/x (cannot be parsed)\n\
         ValueError: Invalid URL: http://user:pw@127.0.0.1:{port}/ (user names in URLs are not supported; send an Authorization header)\n\
         ValueError: Invalid URL: http://127.0.0.1:99999/ (the port must be a number up to 65535)\n"
    );
    assert_eq!(out, expected);
    assert_eq!(s.connections(), 0);
}

#[test]
fn the_run_time_limit_stops_a_waiting_request() {
    let s = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let out = run_with(
        dir.path(),
        &["network.http=127.0.0.1:*"],
        &["--timeout", "1"],
        &format!(
            "print(\"start\");\nhttp.get(\"{}\");\nprint(\"not reached\");",
            s.url("/slow")
        ),
    );
    assert_eq!(out.stdout, "start\n");
    assert!(
        out.stderr
            .contains("TimeoutError: time limit of 1s exceeded"),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, 1);
}

/// SIGINT while a request waits on a silent server ends the program with
/// KeyboardInterrupt.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_waiting_request() {
    use std::process::{Command, Stdio};
    let s = Server::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("prog.ml"),
        format!(
            "import http;\nhttp.get(\"{}\");\nprint(\"not reached\");\n",
            s.url("/slow")
        ),
    )
    .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_mlpy"))
        .args(["run", "--grant", "network.http=127.0.0.1:*", "prog.ml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mlpy");
    assert!(s.wait_for_request("/slow"), "the request never arrived");
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("KeyboardInterrupt"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(out.status.code(), Some(1));
}
