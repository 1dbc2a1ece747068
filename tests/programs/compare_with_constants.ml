// Values compared with constants of the table (floats, strings, wide ints),
// both computed on the stack and read from a local, in loops and if
// statements: every comparison, mixed int/float, NaN, a type change at the
// same site, and a wrong type caught as an error.
function escape_steps(cr, ci) {
    zr = 0.0;
    zi = 0.0;
    i = 0;
    while (i < 60) {
        t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        if (zr * zr + zi * zi > 4.0) { return i; }
        i = i + 1;
    }
    return -1;
}
print(escape_steps(0.3, 0.6), escape_steps(-0.5, 0.0), escape_steps(1.0, 1.0));

function sides(x) {
    out = [];
    if (x + 0 < 2.5) { out.append("lt"); }
    if (x + 0 <= 2.5) { out.append("le"); }
    if (x + 0 > 2.5) { out.append("gt"); }
    if (x + 0 >= 2.5) { out.append("ge"); }
    if (x + 0 == 2.5) { out.append("eq"); }
    if (x + 0 != 2.5) { out.append("ne"); }
    return "-".join(out);
}
print(sides(2), sides(2.5), sides(3), sides(-1e300), sides(1e308 * 10));
inf = 1e308 * 10;
nan = inf - inf;
print(sides(nan));

// The local form of the same tests.
function local_sides(x) {
    out = [];
    if (x < 2.5) { out.append("lt"); }
    if (x <= 2.5) { out.append("le"); }
    if (x > 2.5) { out.append("gt"); }
    if (x >= 2.5) { out.append("ge"); }
    if (x == 2.5) { out.append("eq"); }
    if (x != 2.5) { out.append("ne"); }
    return "-".join(out);
}
print(local_sides(2), local_sides(2.5), local_sides(3), local_sides(nan));

// Ints beyond 2^53 against float constants compare by exact value.
big = 9007199254740993;
print(big > 9007199254740992.0, big + 0 > 9007199254740992.0, big == 9007199254740992.0);

// String literals: equality and order, then other kinds at the same site.
function kind(v) {
    if (typeof(v) == "array") { return "A"; }
    if (typeof(v) != "string") { return "N"; }
    if (v == "") { return "empty"; }
    if (v < "m") { return "low"; }
    if (v >= "zz") { return "top"; }
    return "high";
}
print(kind([1]), kind(3), kind(""), kind("apple"), kind("pear"), kind("zzz"), kind("é"));
function is_quit(cmd) { return cmd == "quit" ? 1 : 0; }
print(is_quit("quit"), is_quit("Quit"), is_quit(null), is_quit(4), is_quit(["quit"]));

// A site that sees a number, then a string, then a wrong kind.
function above(v) {
    if (v > 10.5) { return true; }
    return false;
}
print(above(11), above(10.5), above(-3.0));
try {
    above("eleven");
} except (e) {
    print(e.type);
}
function same(v) { return v; }
function after_m(v) {
    if (same(v) > "m") { return true; }
    return false;
}
print(after_m("n"), after_m("a"));
try {
    after_m(5);
} except (e) {
    print(e.type);
}
// A wide int constant on the stack form.
n = 0;
while (n * 3 < 5000000000) { n = n + 1000000000; }
print(n);
