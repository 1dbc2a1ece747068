// json.stringify/prettyPrint: Python json.dumps layout, escapes, special floats, refusals
import json;
print(json.stringify(null), json.stringify(true), json.stringify(-7), json.stringify(0.1 + 0.2));
print(json.stringify([1e16, 1e-5, -0.0, 100.0, 1.5e300]));
print(json.stringify([float("inf"), float("-inf"), float("nan")]));
print(json.stringify("tab\tnl\nq\"bs\\ é 😀"));
print(json.stringify({}), json.stringify([]), json.stringify({a: {b: []}}));
o = {z: 1, a: 2};
o[5] = "five";
print(json.stringify(o));
print(json.prettyPrint({name: "Ada", tags: ["x", "y"], empty: {}, n: null}));
print(json.prettyPrint([1, [2]], 2));
print(json.prettyPrint("plain"));
print(json.prettyPrint({a: 1}, 0));
try { json.stringify([1, print]); } except (e) { print(e.type + ": " + e.message); }
a = [1];
a.append(a);
try { json.stringify(a); } except (e) { print(e.type + ": " + e.message); }
shared = [1];
print(json.stringify([shared, shared]));
