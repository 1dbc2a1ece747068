// http: request functions check the network grant first, then report that this build has no HTTP client
// mlpy-flags: --grant network.https
import http;
try { http.get("http://example.com/data"); } except (e) { print(e.type + ": " + e.message); }
try { http.get("https://example.com/data"); } except (e) { print(e.type + ": " + e.message); }
try { http.post("https://example.com/items", {body: {name: "x"}}); } except (e) { print(e.type + ": " + e.message); }
try { http.request({method: "PUT", url: "http://example.com/x"}); } except (e) { print(e.type); }
try { http.request({method: "GET"}); } except (e) { print(e.type + ": " + e.message); }
try { http.head("example.com"); } except (e) { print(e.type + ": " + e.message); }
try { http.delete("ftp://example.com/x"); } except (e) { print(e.type); }
try { http.put(42); } except (e) { print(e.type); }
try { http.patch("https://example.com/x", "body"); } except (e) { print(e.type); }
