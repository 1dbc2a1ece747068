// Every window of short and long texts, ASCII and not: s[a:b], s[a:], s[:b]
// and s[i] for each bound from past the start to past the end, checked
// against the same window taken from the text's characters as an array.
// Each slice is compared as a whole (==, len, as an object key, joined),
// which also checks that a slice made in place has nothing past its text.

function chars_of(s) {
    out = [];
    for (c in s) {
        out.append(c);
    }
    return out;
}

function check(s) {
    cs = chars_of(s);
    n = len(cs);
    bad = 0;
    seen = {};
    a = -n - 2;
    while (a <= n + 2) {
        b = -n - 2;
        while (b <= n + 2) {
            got = s[a:b];
            want = "".join(cs[a:b]);
            if (got != want || len(got) != len(want) || got + "|" != want + "|") {
                bad = bad + 1;
                print("  s[" + str(a) + ":" + str(b) + "]", repr(got), repr(want));
            }
            // Appended to in place (the slice is the only reference).
            got = got + "|";
            if (got != want + "|") {
                bad = bad + 1;
                print("  append to s[" + str(a) + ":" + str(b) + "]", repr(got));
            }
            seen[s[a:b]] = 1;
            b = b + 1;
        }
        if (s[a:] != "".join(cs[a:]) || s[:a] != "".join(cs[:a])) {
            bad = bad + 1;
            print("  open bound", a, repr(s[a:]), repr(s[:a]));
        }
        try {
            c = s[a];
            if (c != cs[a] || len(c) != 1) {
                bad = bad + 1;
                print("  s[" + str(a) + "]", repr(c));
            }
        } except (e) {
            if (a >= -n && a < n) {
                bad = bad + 1;
            }
            if (a == n) {
                print("  past the end:", e.type, e.message);
            }
        }
        a = a + 1;
    }
    // Every window text is a key found again by an equal string made anew.
    missing = 0;
    for (k in seen) {
        try {
            seen["".join(chars_of(k))];
        } except {
            missing = missing + 1;
        }
    }
    print(repr(s[:12]), n, "bad", bad, "keys", len(seen), "missing", missing);
}

texts = ["", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "0123456789abcde",
         "0123456789abcdef", "0123456789abcdefg", "0123456789abcdefghijklm",
         "0123456789abcdefghijklmn", "The quick brown fox jumps over the lazy dog",
         "héllo", "añb✓c😀d", "ü" * 12, "x" * 22 + "é", "é" + "y" * 30];
for (t in texts) {
    check(t);
}

// Slices and characters as keys of an object, read back by literals.
word = "alpha-beta-gamma";
counts = {};
counts[word[0:5]] = 1;
counts[word[6:10]] = 2;
counts[word[11:]] = 3;
counts[word[5]] = 4;
print(counts["alpha"], counts["beta"], counts["gamma"], counts["-"], len(counts));
// Steps take the general path; a bound that is not an int raises there.
print(word[::3], word[10:2:-2], word[::-1][:5]);
try { print(word[1.5:3]); } except (e) { print(e.type, e.message); }
try { print(word["a":]); } except (e) { print(e.type, e.message); }
try { print(word[99]); } except (e) { print(e.type, e.message); }
try { print(word[-17]); } except (e) { print(e.type, e.message); }
print(word[true:3], word[-16], word[15]);
