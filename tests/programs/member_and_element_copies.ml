// Field and element reads push copies of every kind of value, and field
// updates write numbers into objects in place: the kinds at a site
// change, ints overflow, floats turn NaN, objects alias each other and
// are updated while something else walks them.

import functional;

// Reads of every kind through one field site and one element site.
function field(o) {
    return o.v;
}
function element(a, i) {
    return a[i];
}
kinds = [1, 2.5, true, null, "s", [1, 2], {k: 1}, fn(x) => x + 1];
for (k in kinds) {
    print(field({v: k}), element(kinds, 0), element([k], 0));
}
print(field({}), field({v: kinds})[1]);

// A copy outlives the field and the element it was read from.
o = {arr: [1, 2, 3], s: "text"};
a = o.arr;
s = o.s;
o.arr = null;
o.s = 0;
print(a, s, o);
items = [[4, 5], {q: 6}];
first = items[0];
items[0] = 0;
print(first, items);

// `o.f = o.f op expr` at one site while the field's kind changes.
function update(o, x, y) {
    o.f = o.f + x * y;
    return o.f;
}
print(update({f: 1}, 2, 3), update({f: 1.5}, 2, 3), update({f: 1}, 0.5, 3));
print(update({f: 9223372036854775807}, 1, 1), update({f: "a"}, "b", 1 == 1 ? 1 : 0) == null);
inf = 1e308 * 10;
print(update({f: inf}, 0 - inf, 1), update({f: 0.0}, inf, 0));
try {
    update({f: [1]}, 2, 3);
} except (e) {
    print("array field:", e.type);
}
try {
    update({g: 1}, 2, 3);
} except (e) {
    print("missing field:", e.type);
}

// `o.f = o.f op local` and `o.n = o.n + k` on ints past the largest.
function bump(o, d) {
    o.f = o.f - d;
    o.n = o.n + 1;
    return [o.f, o.n];
}
print(bump({f: -9223372036854775807, n: 9223372036854775807}, 2));
print(bump({f: 0.1, n: 1.5}, 0.2), bump({f: 1, n: 1}, 0.5));

// Aliases: one object through two locals, a field read of the object
// being updated, an object holding itself.
p = {x: 1, y: 2};
q = p;
q.x = p.x + p.y * 2;
p.y = q.y + q.x * 1;
print(p, q, p == q);
r = {v: 1};
r.me = r;
r.v = r.me.v + r.v * 3;
print(r.v, r.me.v);

// Updates while the object is walked and from a native's callback.
w = {a: 1, b: 2, count: 0};
for (key in w) {
    w.count = w.count + 1 * 1;
}
print(w.count);
counter = {calls: 0};
doubled = functional.map(fn(x) => {
    counter.calls = counter.calls + x * 1;
    return x * 2;
}, [3, 1, 2]);
print(doubled, counter.calls);
