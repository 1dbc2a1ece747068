// Builtins with a fast path for their common shape (str of a digit, ord of
// an ASCII character) and the general path for every other shape, at the
// same call sites.
function show(x) {
    return str(x);
}
for (x in [0, 7, 9, 10, -1, 123456789, 2.5, true, null, "s", [1, "a"], {k: 1}]) {
    print(show(x));
}
print(str(), str(5) + str(5), len(str(-3)));
try {
    print(str(1, 2));
} except (e) {
    print(e);
}
function code(c) {
    return ord(c);
}
for (c in ["a", "Z", " ", "\n", "é", "€"]) {
    print(code(c));
}
for (bad in ["", "ab", "éa", 7, null, ["a"]]) {
    try {
        print(code(bad));
    } except (e) {
        print(e);
    }
}
try {
    print(ord());
} except (e) {
    print(e);
}
try {
    print(ord("a", "b"));
} except (e) {
    print(e);
}

// String arguments and receivers released after a method call: held by a
// constant or a local (only a count taken back) or made for the call (the
// last count, freed). Each string stays intact for the next use.
text = "alpha beta gamma";
needle = "beta";
total = 0;
i = 0;
while (i < 200) {
    total = total + text.find("a") + text.find(needle) + text.find("ga" + "mma");
    total = total + ("x" + str(i % 10)).find(str(i % 10));
    up = (text + "!").upper();
    i = i + 1;
}
print(total, up, text, needle, "-".join([needle, "beta", text.upper()]));
parts = text.split(" ");
print(parts, text.replace("a", "o"), text.startswith("alp"), needle.upper().lower());

// Array arguments and receivers the same way: held by a local (a count
// taken back) or made for the call (freed), the local's array intact.
xs = [1, [2, 3], "four"];
n = 0;
i = 0;
while (i < 100) {
    n = n + len(xs) + len([i, i]) + len(xs[1]) + xs.index("four") + [5, 6, i].index(i);
    i = i + 1;
}
ys = xs;
print(n, xs, ys == xs, len(xs.copy()), xs.copy() == xs, typeof(xs));
