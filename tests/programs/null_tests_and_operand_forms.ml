// Null tests and the operand shapes of top-level loops and numeric code,
// through every instruction form the compiler picks for them:
// * `x == null` / `x != null` on every kind (a fused null test in
//   branches), and null compared through every other comparison form
//   (values, two expressions, two locals, a local and a constant, a global);
// * a comparison of an expression with a global, with every kind of
//   operand, including null, NaN and kinds that do not order;
// * `local = expr op local` / `local = local op local` on ints, floats,
//   mixed, overflow, strings (the in-place append), errors;
// * `arr[expr]` and `arr[expr] = v` with the operands on the stack.

nan = float("nan");

// ---- a global compared with an expression ----
i = 0;
n = 5;
s = 0;
while (i < n) {
    s = s + i % 7;
    i = i + 1;
}
print("sum", s, i);
f = 0.5;
lim = 3;
steps = 0;
while (f < lim) {
    f = f + 1;
    steps = steps + 1;
}
print("float vs int global", f, steps);
big = 9007199254740993;
print("exact", 9007199254740992.0 + 0 < big, 9007199254740992.0 + 0 == big);
g_null = null;
g_str = "b";
g_nan = nan;
g_one = 1;
checks = [];
if (1 + 0 < g_one) { checks.append("lt"); } else { checks.append("!lt"); }
if (1 + 0 <= g_one) { checks.append("le"); } else { checks.append("!le"); }
if (1 + 0 == g_one) { checks.append("eq"); } else { checks.append("!eq"); }
if (1.0 + 0 == g_one) { checks.append("eqf"); } else { checks.append("!eqf"); }
if (1 + 0 != g_one) { checks.append("ne"); } else { checks.append("!ne"); }
if (nan + 0 < g_nan) { checks.append("nan<"); } else { checks.append("!nan<"); }
if (nan + 0 != g_nan) { checks.append("nan!="); } else { checks.append("!nan!="); }
if ("a" + "" < g_str) { checks.append("str<"); } else { checks.append("!str<"); }
if ("b" + "" == g_str) { checks.append("str=="); } else { checks.append("!str=="); }
if ([] + [] == g_null) { checks.append("arr==null"); } else { checks.append("!arr==null"); }
if (null == g_null) { checks.append("null==null"); } else { checks.append("!null==null"); }
if (0 + 0 != g_null) { checks.append("0!=null"); } else { checks.append("!0!=null"); }
print("global forms", checks);
try {
    if (1 + 0 < g_str) { print("no"); }
} except (e) {
    print("caught", e);
}
try {
    if (1 + 0 < g_null) { print("no"); }
} except (e) {
    print("caught", e);
}
try {
    j = 0;
    while (j < not_defined_anywhere) { j = j + 1; }
} except (e) {
    print("caught", e);
}

// ---- null tests ----
function kinds() {
    return [null, 0, 0.0, false, true, "", "null", [], {}, {left: null}, range(0), 1.5];
}
out = [];
for (v in kinds()) {
    a = v == null;
    b = v != null;
    c = null == v;
    d = null != v;
    if (v == null) { e = "E"; } else { e = "e"; }
    if (v != null) { ne = "N"; } else { ne = "n"; }
    if (null == v) { r = "R"; } else { r = "r"; }
    out.append("" + a + b + c + d + e + ne + r);
}
print("null tests", out);

function null_forms(x, y) {
    res = [];
    if (x == y) { res.append("ll=="); } else { res.append("ll!="); }
    if (x != y) { res.append("ll!=t"); } else { res.append("ll!=f"); }
    if (x == 0) { res.append("lk==0"); } else { res.append("lk!=0"); }
    if (x != 0) { res.append("lk!=0t"); } else { res.append("lk!=0f"); }
    if (x == 5000000000) { res.append("lc=="); } else { res.append("lc!="); }
    if ([x][0] == 0) { res.append("k=="); } else { res.append("k!="); }
    if ([x][0] == [y][0]) { res.append("e=="); } else { res.append("e!="); }
    if ([x][0] == g_null) { res.append("g=="); } else { res.append("g!="); }
    res.append(x == y);
    res.append(x != y);
    return res;
}
print("null x null", null_forms(null, null));
print("null x 0", null_forms(null, 0));
print("0 x null", null_forms(0, null));
print("obj x null", null_forms({a: 1}, null));
print("str x null", null_forms("s", null));
print("mixed kinds", 1 == "1", "1" != 1, true == 1, 1 == true, false == 0, [1] == [1],
      {a: 1} == {a: 1}, [1] == {a: 1}, 1.0 == true, null == false);
try {
    if (null < 1 + 0) { print("no"); }
} except (e) {
    print("caught", e);
}
node = {left: {left: null, right: null}, right: null};
function depth(t) {
    if (t.left == null) {
        return 1;
    }
    return 1 + depth(t.left);
}
print("depth", depth(node), depth(node.left));

// ---- local = expression op local ----
function arith(a, b, c) {
    x = a + b;
    y = c * a;
    z = x - y;
    w = z / b;
    t = "text";
    t = a * b;
    u = [1];
    u = (a + 0) * c;
    v = (a + 0) - c;
    return [x, y, z, w, t, u, v];
}
print("ints", arith(3, 4, 5));
print("floats", arith(1.5, 2.5, -0.5));
print("mixed", arith(2, 0.5, 3));
print("overflow", arith(9223372036854775807, 1, 2));
print("nan", arith(nan, 1.0, 2));
function strings(p, q) {
    s = p;
    s = s + q;
    s2 = (p + "") + q;
    return [s, s2];
}
print("strings", strings("ab", "cd"));
function appends(n) {
    s = "";
    t = "x";
    for (k in range(n)) {
        s = s + t;
    }
    return len(s);
}
print("appends", appends(1000));
function lists(p, q) {
    acc = p;
    acc = acc + q;
    return acc;
}
print("lists", lists([1, 2], [3]));
function divide(a, b) {
    r = a / b;
    return r;
}
try {
    divide(1, 0);
} except (e) {
    print("caught", e);
}
try {
    divide(1.0, 0.0);
} except (e) {
    print("caught", e);
}
function bad(a, b) {
    r = a - b;
    return r;
}
try {
    bad("a", 1);
} except (e) {
    print("caught", e);
}
function unbound(flag) {
    if (flag) {
        late = 1;
    }
    r = 1 + late;
    return r;
}
try {
    unbound(false);
} except (e) {
    print("caught", e);
}

// ---- indexing on the stack ----
arr = [10, 20, 30, 40];
k = 1;
print("index", arr[k + 1], arr[k - 1], [7, 8, 9][k], arr[len(arr) - 1]);
arr[k + 1] = 99;
arr[k - 1] = [1, 2];
arr[0][1] = "deep";
print("store", arr);
function fresh() {
    return [1, 2, 3];
}
print("temporary", fresh()[k + 1]);
fresh()[0] = 5;
obj = {a: 1};
key = "a";
print("object", obj[key + ""]);
obj[key + "b"] = 2;
print("object store", obj);
print("string", "hello"[k + 1]);
print("negative", arr[k - 2]);
try {
    print(arr[k + 10]);
} except (e) {
    print("caught", e);
}
try {
    arr[k + 10] = 1;
} except (e) {
    print("caught", e);
}
try {
    print(arr["x" + ""]);
} except (e) {
    print("caught", e);
}
cyc = [0];
cyc[k - 1] = cyc;
print("cycle", len(cyc[0]));
// null tests at the bottom of loops and inside `&&` / `||`
list = null;
for (k in range(4)) {
    list = {value: k, next: list};
}
walked = [];
p = list;
while (p != null) {
    walked.append(p.value);
    p = p.next;
}
q = list;
steps = 0;
while (q.next != null) {
    q = q.next;
    steps = steps + 1;
}
print("walk", walked, steps, q.value);
function pick(a) {
    if (a != null && a.next == null) {
        return "last";
    }
    if (a == null || a.value == null) {
        return "none";
    }
    return "more";
}
print("pick", pick(null), pick(q), pick(list), pick({value: null, next: 1}));
