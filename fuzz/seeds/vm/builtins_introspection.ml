// hasattr/getattr see object keys and members; call(); methods() is sorted; help() ends with capabilities
import math;
print(hasattr({a: 1}, "a"), hasattr({a: 1}, "b"));
print(hasattr("abc", "upper"), hasattr([1], "append"), hasattr("abc", "nope"));
print(hasattr("abc", "_x"), hasattr(math, "sqrt"), hasattr(math, "nope"), hasattr(5, "x"));
print(getattr({a: 1}, "a"), getattr({}, "b"), getattr({}, "b", 7));
print(getattr(math, "pi"), getattr(math, "nope", "dflt"));
print(call(fn(a, b) => a + b, 2, 3), call(len, "abc"), call(fn() => "none"));
m = methods("abc");
print(typeof(m), m == sorted(m), m.index("upper") >= 0, m.index("split") >= 0);
am = methods([]);
print(am == sorted(am), am.index("append") >= 0);
function documented(x) { return x; }
for (h in [help(len), help(documented)]) {
    print(typeof(h), h.find("Capabilities: None required") >= 0);
}
print(requiredCapabilities(len), requiredCapabilities(documented));
