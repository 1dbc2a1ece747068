// http: percent-encoding helpers and query strings; parseQuery turns repeated keys into arrays
import http;
print(http.encodeURI("hello world"), http.encodeURI("a/b?c=d&e"), http.encodeURI("café ~_.-"));
print(http.decodeURI("hello%20world"), http.decodeURI("caf%C3%A9"), http.decodeURI("100%"), http.decodeURI("a+b"));
print(http.decodeURI(http.encodeURI("Grüße, 世界 / 50% & more")));
print(http.encodeQuery({name: "John Doe", age: 30, ok: true, path: "/a&b"}));
print(http.encodeQuery({tag: ["x", "y z"], n: 1}), repr(http.encodeQuery({})));
q = http.parseQuery("?tag=a&name=J%C3%BCrgen+B&tag=b&flag&empty=&tag=c");
print(q, typeof(q.tag), q.name);
print(http.parseQuery("a=1"), http.parseQuery(""), http.parseQuery("?"));
o = {q: "ml lang", page: 2, k: ["1", "2"]};
print(http.parseQuery(http.encodeQuery(o)));
try { http.encodeQuery("a=1"); } except (e) { print(e.type + ": " + e.message); }
print(requiredCapabilities(http.encodeURI), requiredCapabilities(http.get));
