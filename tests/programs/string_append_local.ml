// s = s + t on a function's locals (appended in place when nothing else
// holds s): other names, parameters, arrays and objects that hold the
// same string keep it unchanged; the inline limit (23 bytes) is crossed;
// non-ASCII text, empty strings, s + s, and operands that are not both
// strings take the general path. Also r = a + b into another local:
// the left operand (shared or a fresh string) is never changed for the
// names that hold it, and the local's old value (of any kind) is dropped.

function grow(s, piece, n) {
    k = 0;
    while (k < n) {
        s = s + piece;
        k = k + 1;
    }
    return s;
}

function aliases() {
    s = "ab";
    t = s;
    s = s + "c";
    held = [s];
    box = {v: s};
    s = s + "d";
    print(t, held[0], box.v, s);
    // The parameter's caller keeps its string.
    base = "x";
    print(grow(base, "yz", 3), base);
    // A string from a shared table (one character) and str(digit).
    c = "q"[0];
    c = c + "r";
    d = str(7);
    d = d + "8";
    print(c, "q"[0], d, str(7));
}

function boundary() {
    // 22 bytes, then 23 (the last inline length), then 24 (a heap text).
    s = "abcdefghijklmnopqrstuv";
    snap22 = s;
    s = s + "w";
    snap23 = s;
    s = s + "x";
    snap24 = s;
    s = s + "yz";
    print(len(snap22), len(snap23), len(snap24), len(s));
    print(snap22, snap23, snap24, s);
    print(snap23 < snap24, snap24 == "abcdefghijklmnopqrstuvwx", s[-4:]);
    // Non-ASCII: 11 two-byte characters are 22 bytes, one more crosses.
    u = "ééééééééééé";
    u = u + "é";
    v = u;
    u = u + "ü";
    print(len(v), len(u), v[-1], u[-2:], u[11], u[-1]);
}

function edges() {
    e = "";
    e = e + "";
    print(len(e), e == "");
    e = e + "first";
    f = e;
    e = e + "";
    print(e, f, e == f);
    s = "ab";
    s = s + s;
    s = s + s;
    print(s, len(s));
    long = grow("", "0123456789", 5);
    copy = long;
    long = long + long;
    print(len(copy), len(long), long[-12:]);
    n = "n";
    n = n + 5;
    n = n + 1.5;
    print(n);
    i = 1;
    i = i + 2;
    a = [1];
    a = a + [2];
    print(i, a);
}

function mixed(s, x) {
    s = s + x;
    return s;
}

// A long non-ASCII string that was indexed (its position is remembered)
// still grows correctly, and reads after the append see the new text.
function indexed() {
    s = grow("", "é✓", 150);
    seen = s[201] + s[-1];
    s = s + "end";
    print(len(s), seen, s[201], s[299], s[-3:], s[300]);
}

function stores() {
    t = "left";
    r = t + "-right";
    print(t, r);
    r = r[:4] + "|" + r[5:];
    print(r, t);
    obj = {k: [1, 2]};
    keep = obj;
    obj = t + "!";
    print(obj, keep);
    arr = [t];
    arr = arr[0] + arr[0];
    print(arr, t);
    s = "tail";
    s = t + s;
    print(s, t);
    u = "é✓";
    v = u[1:] + u[:1];
    w = v + "abcdefghijklmnopqrstu";
    print(u, v, w, len(w), w[-1], w[0]);
    parts = [];
    k = 0;
    while (k < 3) {
        fresh = str(k) + "x";
        piece = fresh[0] + fresh;
        parts.append(piece);
        k = k + 1;
    }
    print(parts);
    n = 5;
    m = 0;
    while (m < 2) {
        n = "" + "n";
        m = m + 1;
    }
    print(n);
}

aliases();
stores();
boundary();
edges();
indexed();
print(mixed("s", null), mixed("s", [1]), mixed(3, "t"), mixed("s", 2));
