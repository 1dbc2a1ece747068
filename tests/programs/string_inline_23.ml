// Strings around the inline limit (23 bytes): building, slicing,
// comparing, hashing as keys, case and search must not depend on whether
// the text is stored inline or on the heap.
base = "abcdefghijklmnopqrstuvwxyz0123456789";
for (n in [21, 22, 23, 24, 25]) {
    s = base[0:n];
    t = base[0:n - 1] + base[n - 1:n];
    u = "";
    for (c in s) {
        u = u + c;
    }
    print(n, len(s), s == t, t == u, s < t, s <= u, s[n - 1], s[-n], s.upper()[0:3] + s.upper()[-3:]);
    print(s.find("w"), s.find(base[n - 1]), s.find("xyz!"), s[n - 2:] + s[:2]);
}
// Texts equal in their first 23 bytes, or prefixes of each other.
a = "twenty-three bytes long";
b = a + "!";
c = "twenty-three bytes lonG";
print(len(a), len(b), a < b, b > a, a == b[:-1], a < c, c < a, a == "twenty-three bytes " + "long");
// Non-ASCII text at the limit: 7 three-byte characters and 2 or 3 more.
m = "✓✓✓✓✓✓✓ab";
n = m + "c";
print(len(m), len(n), m[6], n[-1], n[5:9], m + n[7:], m < n, n.upper(), m.find("a"), n.find("c"));
e = "ééééééééééé";
print(len(e), e + "x", (e + "x")[10:], (e + "x")[-2], e.upper(), (e + "é") == "é" + e);
// As object keys: equal texts made in different ways find one key.
counts = {};
for (k in [a, b[:-1], "twenty-three" + " bytes long", b, a + "!", m, n[:-1]]) {
    try {
        counts[k] = counts[k] + 1;
    } except {
        counts[k] = 1;
    }
}
for (k in counts) {
    print(k, counts[k]);
}
// Appending in place across the limit keeps earlier snapshots intact.
g = "0123456789";
snaps = [];
i = 0;
while (i < 8) {
    g = g + str(i) + "é";
    snaps.append(g);
    i = i + 1;
}
for (x in snaps) {
    print(len(x), x);
}
