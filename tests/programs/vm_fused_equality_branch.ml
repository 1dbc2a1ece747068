// `if (a == b)` / `while (a != b)` branch without building a boolean;
// equality never raises and keeps its meaning for every kind of value.
function eq_branch(a, b) {
    r = "";
    if (a == b) { r = r + "eq"; } else { r = r + "ne"; }
    if (a != b) { r = r + "/ne"; } else { r = r + "/eq"; }
    if (a == 0) { r = r + "/zero"; }
    if (a != null) { r = r + "/nonnull"; }
    if (a == "x") { r = r + "/x"; }
    return r;
}
nan = float("nan");
pairs = [[1, 1], [1, 1.0], [1, 2], [0, false], [0.0, 0], [nan, nan], ["x", "x"], ["x", 1],
    [null, null], [null, 0], [[1, 2], [1, 2]], [{a: 1}, {a: 1}], [[], {}],
    [9007199254740993, 9007199254740992.0], [true, 1]];
for (p in pairs) { print(p[0], p[1], eq_branch(p[0], p[1])); }
function count_down(n) {
    steps = 0;
    while (n != 0) { n = n - 1; steps = steps + 1; }
    k = 10;
    while (k == 10) { k = k + 1; }
    return [steps, k];
}
print(count_down(5), count_down(0));
function floordiv(a, b) {
    try { return a // b; } except (e) { return e.type; }
}
print(floordiv(7, 2), floordiv(-7, 2), floordiv(7, -2), floordiv(-7, -2), floordiv(0, 5));
print(floordiv(7, 0), floordiv(7.5, 2), floordiv(-9223372036854775807 - 1, -1), floordiv(-9223372036854775807 - 1, 1));
print(floordiv(true, 2), floordiv("a", 2));
