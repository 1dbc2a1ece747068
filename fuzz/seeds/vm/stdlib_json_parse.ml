// json.parse/safeParse/validate and the accessors: order, ints vs floats, depth limits, errors
import json;
v = json.parse('  {"b": 1, "a": [1, 1.0, -2, 3e0, 12345678901234567890], "s": "\\u00e9\\n", "t": true, "n": null}  ');
print(v);
print(json.keys(v), json.values({x: 1}), json.keys([1]), json.values("s"));
print(json.parse("3"), json.parse("2.50"), json.parse('"x"'), json.parse("null"));
print(json.parse(json.stringify({k: [1, 2.5, "é"]})));
print(json.safeParse("[[1]]", 2));
try { json.safeParse("[[1]]", 1); } except (e) { print(e.type + ": " + e.message); }
print(json.safeParse("[[[1]]]", 500));
deep = "[" * 102 + "]" * 102;
try { json.safeParse(deep); } except (e) { print(e.message); }
print(len(json.parse("[" * 100 + "]" * 100)));
for (bad in ["", "{bad", "[1,]", "{'a': 1}", "[1] 2", "nul"]) {
    try { json.parse(bad); } except (e) { print(e.type + ": " + e.message); }
}
try { json.parse(5); } except (e) { print(e.type + ": " + e.message); }
print(json.validate("{}"), json.validate("{"), json.validate(5));
print(json.isString("s"), json.isNumber(1.5), json.isNumber("1"), json.isArray({}), json.isObject([]));
print(json.hasKey({a: 1}, "a"), json.hasKey({a: 1}, "b"), json.hasKey([1], 0));
print(json.get({a: 1}, "a"), json.get({a: 1}, "b"), json.get({a: 1}, "b", 0), json.get(null, "a", "d"));
m1 = {a: 1, b: 2};
print(json.merge(m1, {b: 3, c: 4}), m1);
try { json.merge(m1, [1]); } except (e) { print(e.type + ": " + e.message); }
