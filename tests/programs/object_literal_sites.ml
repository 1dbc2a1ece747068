// Object literals with constant keys: only the values are pushed and each
// site remembers the layout its keys make. Key order, repeated keys, values
// that change type from one run of a site to the next, literals past the
// inline and the small size, nested literals and literals in closures.

// Keys in the order written; string-literal and keyword keys.
a = {zeta: 1, alpha: 2, "mid key": 3, if: 4, while: 5};
print(a, keys(a));
print(a.zeta, a.alpha, a["mid key"], a.if, a["while"]);

// A repeated key keeps its first position and its last value (the
// general instruction, which pushes every key).
r = {k: 1, j: 2, k: 3};
print(r, keys(r), len(r));
print({x: 1, x: 2}, {x: "a", y: "b", x: "c", y: "d", z: "e"});

// One site run many times, its values changing type; every object has its
// own values and all read back through the same field instructions.
made = [];
values = [1, 2.5, "three", null, true, [4], {four: 4}, fn(x) => x + 1];
for (v in values) { made.append({first: v, second: [v], third: "t"}); }
for (o in made) { print(typeof(o.first), o.second == [o.first], o.third, keys(o)); }
print(made[7].first(41), made[6].first.four, made[5].second[0][0]);

// Sizes around the inline size (2), past it, and past the small size (8),
// in a loop so that each site runs after remembering its layout.
for (i in range(3)) {
    z = {};
    one = {a: i};
    two = {a: i, b: i + 1};
    three = {a: i, b: i + 1, c: i + 2};
    seven = {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: i};
    eight = {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: i};
    ten = {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: i};
    print(len(z), one, two, three);
    print(seven.g, eight.h, ten.j, ten.a + ten.i, keys(ten));
}

// Objects of one site stay independent: writing one leaves the others.
pts = [];
for (i in range(4)) { pts.append({x: i, y: -i}); }
pts[1].x = 100;
pts[2].z = "extra";
print(pts, keys(pts[2]), keys(pts[3]));

// The same keys at two sites, and the same keys in another order.
function p1(x, y) { return {x: x, y: y}; }
function p2(x, y) { return {x: x, y: y}; }
function q(x, y) { return {y: y, x: x}; }
print(p1(1, 2) == p2(1, 2), p1(1, 2) == q(1, 2), keys(q(1, 2)), q(3, 4).x);

// Nested literals, and values computed by calls that build literals too.
function node(depth) {
    if (depth == 0) { return {left: null, right: null, depth: 0}; }
    return {left: node(depth - 1), right: node(depth - 1), depth: depth};
}
function count(n) { return n.left == null ? 1 : 1 + count(n.left) + count(n.right); }
t = node(6);
print(count(t), t.depth, t.left.left.depth, keys(t.right));
print({outer: {inner: {innermost: [1, {deep: "yes"}]}}}.outer.inner.innermost[1].deep);

// Literals inside closures, capturing the object they build (`self`).
function counter(start) {
    self = {count: start, step: 1};
    self.next = fn() => {
        self.count = self.count + self.step;
        return {value: self.count, done: self.count >= start + 3};
    };
    return self;
}
c = counter(10);
for (i in range(4)) { s = c.next(); print(s.value, s.done, keys(s)); }
print(keys(c));

// A value raising while a literal's values are computed: nothing is built
// and the error is caught where it is raised.
function boom() { throw "boom"; }
try { bad = {a: 1, b: boom(), c: 3}; print("not reached"); } except (e) { print("caught", e.message); }
print({a: 1, b: 2, c: 3});

// Literals of many keys, with and without a repeated key.
many = {k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k10: 10,
        k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, k16: 16, k17: 17, k18: 18};
again = {k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k10: 10,
         k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, k16: 16, k17: 17, k3: 33};
print(len(many), many.k18, keys(many)[17], len(again), again.k3, keys(again)[2], keys(again)[16]);
