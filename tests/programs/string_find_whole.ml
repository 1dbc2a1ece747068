// s.find(sub) with no window: ASCII and non-ASCII text (indexes in code
// points), one-byte and longer needles, a needle longer than the text,
// empty strings, inline (up to 23 bytes) and heap texts; and the calls
// with a window or a wrong argument, which keep their checks.
texts = ["piece-of-text", "", "é✓é✓x", "abcdefghijklmnopqrstuvw", "abcdefghijklmnopqrstuvwx"];
needles = ["e", "x", "", "✓", "✓x", "of-t", "vw", "wx", "zzz", "piece-of-text!", "é✓é✓xé"];
for (t in texts) {
    row = [];
    for (n in needles) {
        row.append(t.find(n));
    }
    print(repr(t), row);
}
function first(s, n) {
    return s.find(n);
}
print(first("aaa", "a"), first("aaa", "aa"), first("aaa", "aaaa"), first("", ""), first("✓", ""));
print("abcabc".find("c", 3), "abcabc".find("c", 3, 5), "é✓é✓".find("✓", 2), "abc".find("", 5));
try { "abc".find(5); } except (e) { print(e.type, e.message); }
try { "abc".find(); } except (e) { print(e.type, e.message); }
try { "abc".find(null); } except (e) { print(e.type, e.message); }
