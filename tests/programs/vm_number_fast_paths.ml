// The VM's inline number paths (int, float, int with float) must agree with
// the general operators: overflow promotes, NaN compares false, big ints
// compare exactly with floats, and other kinds still raise or dispatch.
function arith(a, b) {
    return [a + b, a - b, a * b, a / b];
}
print(arith(1.5, 2.0), arith(3, 0.5), arith(0.5, 3), arith(7, 2));
print(arith(9223372036854775807, 1));
print(arith(-9223372036854775807 - 1, 1.0));
nan = float("nan");
inf = 1e308 * 10;
print(arith(nan, 1), arith(inf, -inf), arith(-0.0, 2.0));
function cmps(a, b) {
    return [a < b, a <= b, a > b, a >= b, a == b, a != b];
}
print(cmps(1.0, 2.0), cmps(2, 2.0), cmps(2.0, 2));
print(cmps(nan, nan), cmps(nan, 1), cmps(1, nan));
// 2^53 + 1 is not a float; the comparison must still be exact.
big = 9007199254740993;
print(cmps(big, 9007199254740992.0), cmps(9007199254740992.0, big));
print(cmps(9223372036854775807, 9223372036854775808.0));
print(cmps(true, 0.5), cmps(1.5, false));
// Fused forms: constant operands, a local against a constant, two locals.
function fused(x) {
    out = [x + 1, x - 1, x * 2, x % 3, -x];
    if (x < 3) { out.append("lt3"); }
    if (x >= 2) { out.append("ge2"); }
    y = 2.5;
    if (x < y) { out.append("lty"); }
    if (!(x < y)) { out.append("notlty"); }
    n = 0;
    while (x < 4) { x = x + 1; n = n + 1; }
    return [out, n, x];
}
print(fused(1.5), fused(2), fused(nan), fused(9223372036854775807));
print(fused(-0.0));
function loop_nan() {
    i = 0;
    x = nan;
    while (!(x >= 1)) { i = i + 1; if (i > 3) { break; } }
    return i;
}
print(loop_nan());
for (bad in [["a", 1.5], [1.5, "a"], [null, 2.0], [[1], 2.5]]) {
    try { print(bad[0] - bad[1]); } except (e) { print(e.type, e.message); }
    try { print(bad[0] < bad[1]); } except (e) { print(e.type, e.message); }
}
print("x" + 1.5, 1.5 + "x", 2.5 * 2, 3 / 2.0, 1 / 3);
try { print(1.5 / 0); } except (e) { print(e.type, e.message); }
try { print(1 / 0.0); } except (e) { print(e.type, e.message); }
try { print(1 / -0.0); } except (e) { print(e.type, e.message); }
print(-9223372036854775807 - 1, -(-9223372036854775807 - 1));
// Equality with null: only null equals null.
for (v in [null, 0, 0.0, false, "", [], {}]) { print(v == null, null == v, v != null); }
o = {left: null};
print(o.left == null, o.missing == null, {left: {}, right: 1} == {right: 1, left: {}});
