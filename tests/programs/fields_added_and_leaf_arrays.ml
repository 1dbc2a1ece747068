// Adding fields: an object gets a new key through each kind of member
// store (a global's, a local's, a captured variable's, any expression's),
// once its inline cache has seen other objects; a key spelled the same as
// one the object has (made at run time) is overwritten, never added twice.
// Arrays of numbers and strings are copied whole by natives and freed
// without visiting their numbers: what a callback changes in the array it
// is mapped over is not seen by the loop, and strings they shared survive.
import functional;
import gc;

function add_fields(o, n) {
    for (i in range(n)) {
        o["k" + str(i)] = i;
    }
    return o;
}

// Global object (StoreMember on a global), three times through one site.
for (round in range(3)) {
    g = {a: 1};
    g.b = round;
    g.c = g.b + 1;
    g.a = 10;
    print(g, len(g));
}

// A local (StoreMemberL), with keys made at run time first.
function local_adds(name) {
    o = {};
    o[name] = 1;
    o.x = 2;
    o.y = 3;
    o.x = 4;
    return o;
}
print(local_adds("x"), local_adds("y"), local_adds("z"));

// A captured variable (StoreMemberU), and past the small-object size.
function captured(n) {
    self = {};
    add = fn(v) => {
        self.count = v;
        self.last = v;
        self.count = self.count + 1;
    };
    for (i in range(n)) { add(i); }
    add_fields(self, 20);
    add(99);
    return self;
}
c = captured(3);
print(c.count, c.last, len(c), c.k0, c.k19);
big = add_fields({}, 30);
big.extra = "e";
big.k3 = "three";
print(len(big), big.extra, big.k3, big.k29);

// Keys keep the order they were added in.
d = {p: 1, q: 2, r: 3};
d.s = 4;
d.q = 20;
d["t"] = 5;
d.p = 10;
print(d, keys(d));

// An expression's object (StoreMember on a temporary).
function make() { return {}; }
t = [make(), make()];
t[0].u = 1;
t[1].v = 2;
t[0].v = 3;
print(t);

// map over an array of numbers whose callback appends to and rewrites it.
xs = [1, 2, 3];
print(functional.map(fn(x) => { xs.append(x * 10); xs[0] = -1; return x + 1; }, xs), xs);
ys = [1.5, 2, "s", null, true];
print(functional.map(fn(x) => { ys.append(x); return x; }, ys), len(ys));
zs = [1, 2, 3, 4];
print(functional.filter(fn(x) => { zs.remove(x); return x % 2 == 0; }, zs), zs);

// Strings shared with a freed array of leaves live on.
s = "shared" + str(len(xs));
arr = [1, s, 2.5, null, "t" + s];
arr = null;
print(s);
for (i in range(200)) {
    leaves = [i, str(i), i * 0.5, s];
}
print(leaves, s);
print(gc.collect());

// A key added while the object is being iterated: through a global, a
// local and a captured variable, the loop raises at its next step.
o = {a: 1, b: 2};
try { for (k in o) { o.c = 3; } } except (e) { print(e.type, e.message); }
function local_loop() {
    p = {a: 1};
    try { for (k in p) { p.z = 1; } } except (e) { print(e.type, e.message); }
    return p;
}
function captured_loop() {
    r = {a: 1};
    f = fn() => { for (k in r) { r.y = 2; } };
    try { f(); } except (e) { print(e.type, e.message); }
    return r;
}
print(o, local_loop(), captured_loop());

// A site that found a field missing from objects of one shape answers
// again for that shape, and still finds the field in objects that got it.
function probe(o) { return o.extra; }
function set_extra(o, v) { o.extra = v; return o; }
a1 = {p: 1}; a2 = {p: 2}; a3 = {p: 3};
print(probe(a1), probe(a2));
set_extra(a3, "x");
print(probe(a3), probe(a1));
made = [];
for (i in range(5)) { made.append(set_extra({p: i}, i * 10)); }
print(made, probe(made[4]), probe(a1));
a2["ex" + "tra"] = "built";
print(probe(a2), set_extra(a2, "again"));
