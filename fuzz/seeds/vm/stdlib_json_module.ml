// json.stringify uses ", " and ": " separators; json.parse maps JSON to ML values
import json;
print(json.stringify({a: [1, true, null], b: "x"}));
print(json.stringify([1.0, 2, "q\"q"]));
print(json.stringify("é"));
d = {};
d[1] = 2;
print(json.stringify(d));
v = json.parse('{"a": 1, "b": [1.5, "x", true, null], "c": {"d": 2e2}}');
print(v);
print(v.b[0] + v.a, typeof(v.c));
try { json.parse("{bad"); } except (e) { print(e.type); }
print(json.validate("[1, 2]"), json.validate("[1,"));
print(json.isObject({}), json.isArray([]), json.isNumber(true), json.isBoolean(true), json.isNull(null));
