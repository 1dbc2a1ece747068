// ord() of one character (ASCII, multi-byte, astral) and its errors;
// find() with one argument on ASCII and non-ASCII text.
for (c in ["a", "\n", "~", "é", "✓", "😀"]) {
    print(ord(c));
}
s = "añb✓c😀d";
for (i in range(len(s))) {
    print(i, s[i], ord(s[i]), s.find(s[i]), s.rfind(s[i]));
}
print(s.find("✓c"), s.find("d"), s.find("x"), s.find(""), "".find(""), "".find("a"));
print("abc".find("c"), "abcabc".find("c", 3), "aaaa".find("aa"));
bad = ["", "ab", "éé", 1, null, ["a"]];
for (b in bad) {
    try {
        print(ord(b));
    } except (e) {
        print(e.type, e);
    }
}
try {
    print(ord("a", "b"));
} except (e) {
    print(e.type, e);
}
try {
    print(ord());
} except (e) {
    print(e.type, e);
}
try {
    print(s.find(1));
} except (e) {
    print(e.type, e);
}
