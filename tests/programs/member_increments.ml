// `p.x = p.x + k` and `p.x + k` on a local object compile to fused
// instructions; every case must match the unfused meaning.
function run() {
    p = {x: 1, f: 1.5, big: 9223372036854775807, s: "a"};
    p.x = p.x + 1;
    p.x = p.x - 3;
    p.f = p.f + 1;
    p.big = p.big + 1;
    y = p.x + 10;
    print(p.x, p.f, p.big, y);
    try { p.s = p.s + 1; } except (e) { print("string field:", e.type); }
    try { p.missing = p.missing + 1; } except (e) { print("missing field:", e.type); }
    print(p.missing, p.s);
    t = "text";
    print(t.length + 1);
    try { t.nope = t.nope + 1; } except (e) { print("on a string:", e.type); }
    q = {n: 0};
    i = 0;
    while (i < 5) { q.n = q.n + 2; i = i + 1; }
    print(q);
}
run();
function unbound() {
    if (false) { r = {}; }
    r.x = r.x + 1;
}
try { unbound(); } except (e) { print("unbound:", e.type); }
