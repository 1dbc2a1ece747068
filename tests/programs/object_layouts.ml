// Objects of many shapes read and written through the same instructions:
// keys added in different orders, literals and built-up objects, int keys,
// objects that grow past the small size, function fields, cycles.
import gc;

function xy(o) { return "" + o.x + "," + o.y; }
function bump(o) { o.x = o.x + 1; return o; }

a = {x: 1, y: 2};
b = {y: 20, x: 10};
c = {};
c.x = 100;
c.y = 200;
d = {};
d["y"] = 2000;
d["x"] = 1000;
e = {z: 0, x: 5, y: 6};
shapes = [a, b, c, d, e, {x: "s", y: "t"}];
// One instruction (o.x inside xy) sees every layout in turn, twice.
for (round in range(2)) {
    out = [];
    for (o in shapes) { out.append(xy(bump(o))); }
    print(out);
}
print(keys(b), keys(d), keys(e));
print(a == {y: 2, x: 3}, a == c, b == {x: 12, y: 20});

// A literal whose key is repeated keeps the first position, last value.
r = {k: 1, j: 2, k: 3};
print(r, keys(r));

// Adding a key to one object of a layout leaves the others alone.
p = {left: null, right: null};
q = {left: null, right: null};
q.extra = "q";
print(keys(p), keys(q), p, q.extra);
print(hasattr(p, "extra"), hasattr(q, "extra"));
try { print(p.extra); } except (e) { print(typeof(e)); }

// Int keys, mixed with string keys, ints and strings distinct.
m = {};
m[1] = "one";
m["1"] = "string one";
m[0] = "zero";
m.name = "m";
print(m, len(m), m[1], m["1"], m[0.0]);

// Many keys: past the small size, in order, every one found.
big = {};
for (i in range(40)) { big["k" + i] = i * i; }
big.k3 = -3;
total = 0;
for (k in big) { total = total + big[k]; }
print(len(big), big.k39, big["k3"], total, keys(big)[0], keys(big)[39]);
for (i in range(40, 45)) { big[i] = i; }
print(len(big), big[44], values(big)[40]);

// Objects of one literal site, many of them, then read back.
pts = [];
for (i in range(1000)) { pts.append({x: i, y: -i, tag: "p" + i}); }
sx = 0;
for (pt in pts) { sx = sx + pt.x - pt.y; }
print(sx, pts[999].tag, keys(pts[5]));

// Positions follow insertion order whatever the layout.
function firsts(o) { return [keys(o)[0], values(o)[0]]; }
print(firsts(a), firsts(b), firsts(e), firsts(m));

// Function fields over self (cycles through objects), collected when gone.
function account(n) {
    self = {n: n};
    self.add = fn(k) => { self.n = self.n + k; return self.n; };
    self.get = fn() => self.n;
    return self;
}
gc.collect();
sum = 0;
for (i in range(200)) {
    acc = account(i);
    acc.add(1);
    sum = sum + acc.get();
}
print(sum, "freed:", gc.collect() >= 200);

// A tree of small objects, walked and dropped.
function make(depth) {
    if (depth == 0) { return {left: null, right: null}; }
    return {left: make(depth - 1), right: make(depth - 1)};
}
function count(node) {
    if (node.left == null) { return 1; }
    return 1 + count(node.left) + count(node.right);
}
print(count(make(10)));
t = make(3);
t.left.right = {left: null, right: null, note: "odd"};
print(count(t), t.left.right.note);
