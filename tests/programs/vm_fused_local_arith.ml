// Arithmetic with local operands (`a op b`, `top op a`, stored into a
// local) and comparisons with a constant are fused instructions; they must
// keep every kind of operand's meaning.
function f(a, b) {
    c = a + b;
    d = a * b - c;
    a = a - b;
    b = a / b;
    e = (c + 1) * d;
    return [c, d, a, b, e];
}
print(f(3, 4), f(2.5, 0.5), f(9223372036854775807, 2));
function text(s, t) {
    s = s + t;
    u = t + s;
    v = "<" + s;
    return [s, u, v, s + 1, 1.5 + t];
}
print(text("ab", "cd"));
function lists(x, y) {
    x = x + y;
    z = y + x;
    return [x, z, y];
}
print(lists([1], [2, 3]));
function errors(a, b) {
    out = [];
    try { c = a - b; out.append(c); } except (e) { out.append(e.type); }
    try { c = a / b; out.append(c); } except (e) { out.append(e.type); }
    try { c = 1 + a * b; out.append(c); } except (e) { out.append(e.type); }
    return out;
}
print(errors("x", 2), errors(1, 0), errors(null, 1.5), errors([1], 2));
function unbound(flag) {
    if (flag) { late = 1; }
    try { r = late + 1; return r; } except (e) { return e.type + ": " + e.message; }
}
print(unbound(true), unbound(false));
function unbound2(flag) {
    if (flag) { late = 1; }
    try { r = 2 * (flag ? 1 : 2) + late; return r; } except (e) { return e.type + ": " + e.message; }
}
print(unbound2(true), unbound2(false));
function consts(x) {
    out = [];
    if (x > 4.0) { out.append("gt4"); }
    if (x <= 2.5) { out.append("le2.5"); }
    if (x >= 9223372036854775807) { out.append("huge"); }
    return out;
}
print(consts(5), consts(2.5), consts(float("nan")), consts(9223372036854775807), consts(-1));
try { consts("s"); } except (e) { print(e.type, e.message); }
function strcmp(s) {
    if (s < "m") { return "before m"; }
    return "after m";
}
print(strcmp("a"), strcmp("z"));
