// http: arguments and the network grant are checked before any connection (requests themselves are tested against a loopback server in tests/http.rs)
// mlpy-flags: --grant network.https=api.example.com
import http;
try { http.get("http://api.example.com/data"); } except (e) { print(e.type + ": " + e.message); }
try { http.get("https://other.example.com/data"); } except (e) { print(e.type + ": " + e.message); }
try { http.get("https://api.example.com:8443/data"); } except (e) { print(e.type + ": " + e.message); }
try { http.get("https://api.example.com.evil.org/"); } except (e) { print(e.type); }
try { http.post("https://x.org/items", {body: {name: "x"}}); } except (e) { print(e.type + ": " + e.message); }
try { http.request({method: "PUT", url: "http://example.com/x"}); } except (e) { print(e.type); }
try { http.request({method: "GET"}); } except (e) { print(e.type + ": " + e.message); }
try { http.head("example.com"); } except (e) { print(e.type + ": " + e.message); }
try { http.delete("ftp://example.com/x"); } except (e) { print(e.type); }
try { http.put(42); } except (e) { print(e.type); }
try { http.patch("https://api.example.com/x", "body"); } except (e) { print(e.type); }
try { http.get("https://api.example.com/x", {"Bad Name": 1}); } except (e) { print(e.type); }
