// Every comparison through each instruction form the compiler picks:
// value context (`Lt`...), a branch on two expressions (`CmpJump`), on
// locals (`CmpLLJump`), on a local and a constant (`CmpLKJump`), and loop
// tests at the bottom (the negated forms), with ints, floats, ints mixed
// with floats, NaN, strings, and kinds that do not order (TypeError).
import math;

nan = float("nan");
inf = float("inf");

function show(a, b) {
    // value context
    v = [a < b, a <= b, a > b, a >= b, a == b, a != b];
    // branches on expressions (not plain locals)
    br = [];
    if (a + 0 < b + 0) { br.append("lt"); } else { br.append("!lt"); }
    if (a + 0 <= b + 0) { br.append("le"); } else { br.append("!le"); }
    if (a + 0 > b + 0) { br.append("gt"); } else { br.append("!gt"); }
    if (a + 0 >= b + 0) { br.append("ge"); } else { br.append("!ge"); }
    if (a + 0 == b + 0) { br.append("eq"); } else { br.append("!eq"); }
    if (a + 0 != b + 0) { br.append("ne"); } else { br.append("!ne"); }
    // branches on two locals
    lo = [];
    if (a < b) { lo.append("lt"); }
    if (a <= b) { lo.append("le"); }
    if (a > b) { lo.append("gt"); }
    if (a >= b) { lo.append("ge"); }
    if (a == b) { lo.append("eq"); }
    if (a != b) { lo.append("ne"); }
    print(a, b, v, br, lo);
}

pairs = [[1, 2], [2, 2], [3, 2], [-5, -7], [1.5, 2.5], [2.5, 2.5], [3.5, 2.5],
         [1, 1.5], [2, 2.0], [2.0, 2], [3, 2.5], [-0.0, 0.0], [nan, 1.0],
         [1.0, nan], [nan, nan], [nan, 1], [inf, 1e308], [-inf, 0],
         [9007199254740993, 9007199254740992.0], [4611686018427387904, 1.0]];
for (p in pairs) {
    show(p[0], p[1]);
}

// local against a constant
function against_constants(x) {
    out = [];
    if (x < 2) { out.append("<2"); }
    if (x <= 2) { out.append("<=2"); }
    if (x > 2) { out.append(">2"); }
    if (x >= 2) { out.append(">=2"); }
    if (x == 2) { out.append("==2"); }
    if (x != 2) { out.append("!=2"); }
    return out;
}
for (x in [1, 2, 3, 1.5, 2.0, 2.5, nan, -inf]) {
    print(x, against_constants(x));
}

// loop tests at the bottom run the negations; a NaN ends each loop at once
function loops(limit) {
    counts = [];
    i = 0;
    while (i < limit) { i = i + 1; }
    counts.append(i);
    i = 0;
    while (i <= limit) { i = i + 1; }
    counts.append(i);
    i = 10;
    while (i > limit) { i = i - 1; }
    counts.append(i);
    i = 10;
    while (i >= limit) { i = i - 1; }
    counts.append(i);
    x = 0.0;
    while (x + 0 < limit + 0) { x = x + 0.5; }
    counts.append(x);
    return counts;
}
print(loops(4));
print(loops(4.0));
print(loops(3.5));
print(loops(nan));

// strings order, kinds that do not order raise in every form
print("abc" < "abd", "b" > "abc", "a" <= "a", "" >= "a");
function raises(f) {
    try {
        f();
        print("no error");
    } except (e) {
        print(e.type);
    }
}
raises(fn() => 1 < "a");
raises(fn() => [] > 1);
raises(fn() => {
    a = null;
    b = 2;
    if (a < b) { print("?"); }
});
raises(fn() => {
    if ("x" + "" >= 1 + 0) { print("?"); }
});
raises(fn() => {
    k = {};
    while (k < 3) { print("?"); }
});

// module members called in place: natives, wrong arity, missing, not callable
print(math.sqrt(16), math.floor(2.7), math.max(3, 9));
total = 0.0;
for (i in range(1, 6)) {
    total = total + math.sqrt(i * i);
}
print(total);
raises(fn() => math.sqrt());
raises(fn() => math.sqrt("x"));
raises(fn() => math.no_such_member(1));
raises(fn() => math.pi(1));
f = math.sqrt;
print(f(9), math.pi > 3);
