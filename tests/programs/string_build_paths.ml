// Strings built by str(int), by s = s + t in place and by concatenation of
// short texts (put together in registers), across the inline limit (23
// bytes), with non-ASCII text and empty strings. Also checks that shared
// strings (the one-character table, str(digit), literals, snapshots) are
// never changed by an in-place append.

// str(int): one digit, the 15/16-digit switch of the register path, the ends
samples = [0, 7, -1, -9, 10, 42, -42, 999, 123456789, -987654321,
           99999999999999, 999999999999999, 1000000000000000,
           -999999999999999, -1000000000000000, 1234567890123456789,
           9223372036854775807, -9223372036854775807 - 1];
for (n in samples) {
    t = str(n);
    print(t, len(t), t == "" + t, int(t) == n, t[0], t[-1:]);
}
// Number texts as keys and in compares
keys = {};
for (n in [5, 15, 150, -5, 1000000000000000]) {
    keys[str(n)] = n;
}
print(keys["5"], keys["15"], keys["150"], keys["-5"], keys["1000000000000000"]);
print(str(10) < str(9), str(100) == "100", str(-3) < "-2", [str(12), str(3)] < [str(12), str(4)]);
// str of other values and the argument errors
print(str(), str("x"), str(1.5), str(true), str(null), str([1, "a"]), str(-0));
try { str(1, 2); } except (e) { print("error:", e); }

// s = s + t in place, with snapshots kept on the way
function build(n, piece) {
    s = "";
    snaps = [];
    i = 0;
    while (i < n) {
        s = s + piece;
        if (i % 7 == 3) {
            snaps.append(s);
        }
        i = i + 1;
    }
    return [s, snaps];
}
for (piece in ["a", "xy", "é", "✓", "😀", "", "twelve bytes"]) {
    r = build(30, piece);
    lens = [];
    for (x in r[1]) { lens.append(len(x)); }
    print(len(r[0]), r[0][-3:], lens, r[1][0]);
}

// A global built in place (the store after `+` is a global)
g = "";
for (i in range(40)) {
    g = g + str(i % 10);
    if (i == 22 || i == 23 || i == 24) {
        print(len(g), g);
    }
}
kept = g;
g = g + "!";
print(len(kept), len(g), kept[-2:], g[-2:]);

// Appending to shared strings copies them
c = "abc"[0];
d = c;
c = c + "z";
print(c, d, "abc"[0], "abc"[0] + "", len("abc"[0]));
five = str(5);
five = five + "1";
print(five, str(5), str(5) + str(5));
lit = "lit";
other = lit;
other = other + "eral";
print(lit, other);
items = ["p", "q"];
items[0] = items[0] + "r";
print(items, items[0] + items[1]);
box = {k: "v"};
box.k = box.k + "w";
box["k"] = box["k"] + "x";
print(box.k);
function adder() {
    acc = {s: ""};
    add = fn(t) => { acc.s = acc.s + t; };
    add("one");
    add("two");
    return acc.s;
}
print(adder());

// Concatenations at every length around the inline limit
base = "abcdefghijklmnopqrstuvwxyz";
for (i in range(18, 27)) {
    for (j in [0, 1, 5]) {
        x = base[:i - j];
        y = base[i - j:i];
        z = x + y;
        print(i, j, len(z), z == base[:i], z[-1:], z < base[:i] + "a", (x + y) + "" == z);
    }
}
// Non-ASCII around the limit (bytes differ from characters)
u = "";
for (ch in ["é", "✓", "a", "😀", "ü", "✓", "b", "é", "😀", "c"]) {
    u = u + ch;
    print(len(u), u, u[-1], u[0], u.upper());
}
e = "";
print(e + e == "", len(e + "x" + e), "" + "é" + "", ("ab" + "") + ("" + "cd"));
// Words of different lengths joined pairwise, compared and used as keys
words = ["a", "bb", "ccc", "dddddddd", "eeeeeeeee", "ffffffffffffffff", "ggggggggggggggggggggggg"];
seen = {};
for (p in words) {
    for (q in words) {
        w = p + q;
        seen[w] = len(w);
    }
}
total = 0;
for (w in seen) { total = total + seen[w]; }
print(len(seen), total, seen["a" + "ggggggggggggggggggggggg"], seen["ggggggggggggggggggggggg" + "a"]);

// A string plus an int appends the int's digits (in place in a loop)
print("n=" + 5, 5 + "=n", "" + -12, -9223372036854775807 - 1 + "", "x" + 1234567890123456789);
print("é" + 0 + "é", len("abcdefghijklmnopqrstuv" + 12), 3 + 4 + "x", "x" + 3 + 4);
function numbers(n) {
    s = "";
    i = 0;
    while (i < n) {
        s = s + i;
        if (i == 9 || i == 16) {
            kept = s;
        }
        i = i + 1;
    }
    return [s, kept];
}
r = numbers(20);
print(r[0], len(r[0]), r[1], len(r[1]));
gs = "g";
for (i in [-1, 22, 333]) { gs = gs + i; }
print(gs, "k" + 7 == "k7", {k7: 1}["k" + 7]);
