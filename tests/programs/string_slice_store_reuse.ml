// x = s[a:b] in a function may make the slice in the string x held when
// nothing else holds it; every other holder must keep its text: another
// local, an array, an object (as value and as key), a closure's capture.
// The old text may be long, non-ASCII, used as a key (its hash cached) or
// not a string at all.

function run() {
    text = "alpha-beta-gamma-delta-epsilon";
    x = text[0:5];
    y = x;
    x = text[6:10];
    print(x, y);
    kept = [];
    i = 0;
    while (i < 5) {
        x = text[i * 3:i * 3 + 4];
        kept.append(x);
        i = i + 1;
    }
    print(kept, x);
    o = {};
    x = text[0:5];
    o[x] = 1;
    o["v"] = x;
    x = text[6:10];
    o[x] = 2;
    print(o["alpha"], o["beta"], o["v"], len(o));
    // A key string used, then replaced: its cached hash must not survive.
    k = text[0:5];
    counts = {};
    counts[k] = 1;
    k = text[6:10];
    counts[k] = 2;
    print(counts["alpha"], counts["beta"], counts[k], len(counts));
    // Looked up only (the hash cached in the local's own string), then
    // replaced in place: the next lookups hash the new text.
    q = text[0:5];
    print(counts[q]);
    q = text[6:10];
    print(counts[q]);
    q = text[0:3];
    try { print(counts[q]); } except (e) { print(e.type, e.message); }
    q = text[0:5];
    print(counts[q], q == "alpha");
    // Old values of every kind.
    z = 7;
    z = text[0:3];
    n = null;
    n = text[1:3];
    a = [1];
    a = text[2:5];
    print(z, n, a);
    // A long old text (on the heap), then a short slice in its place.
    long = "0123456789" * 5;
    long = text[11:16];
    print(long, len(long));
    // Non-ASCII old text with a remembered position, and non-ASCII sources.
    u = "é" * 300;
    print(u[150]);
    u = text[0:2];
    print(u, len(u));
    w = "añb✓c😀d";
    v = w[0:3];
    v = w[2:6];
    print(v, len(v));
    // Slices of the local itself, and the whole text or one character.
    s = text[0:10];
    s = s[1:];
    print(s);
    s = s[2:3];
    print(s);
    s = text[0:12];
    s = text[:];
    print(s == text, len(s));
    // A captured variable is a cell: the closure sees the new text.
    c = text[0:5];
    f = fn() => c;
    c = text[6:10];
    print(f(), c);
    // Equal and ordered as text after reuse.
    p = text[0:5];
    p = text[6:10];
    print(p == "beta", p < "betb", p + "!", repr(p));
}
run();
