// find of a one-character needle in short texts, every length up to past
// the inline limit and every position, checked against a scan of the
// characters; a NUL needle never matches the padding past a short text.

function scan(s, c) {
    i = 0;
    for (x in s) {
        if (x == c) {
            return i;
        }
        i = i + 1;
    }
    return -1;
}

letters = "abcdefghijklmnopqrstuvwxyz";
bad = 0;
n = 0;
while (n <= 26) {
    s = letters[:n];
    for (c in "abcxyzmwvA-" + chr(0)) {
        if (s.find(c) != scan(s, c)) {
            bad = bad + 1;
            print("find", repr(s), repr(c), s.find(c), scan(s, c));
        }
    }
    k = 0;
    while (k < n) {
        if (s.find(s[k]) != k) {
            bad = bad + 1;
        }
        k = k + 1;
    }
    n = n + 1;
}
print("bad", bad);
z = chr(0);
print("ab".find(z), ("ab" + z + "c").find(z), (z * 3).find(z), "".find(z), ("x" * 22 + z).find(z));
print("aaa".find("a"), "baa".find("a"), "héllo".find("l"), "héllo".find("o"), "✓x".find("x"));
print("abc".find("c", 1), "abc".find("a", 1), "abcabc".find("c", -2), "abc".find("bc"));
