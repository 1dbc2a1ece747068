// The cycle collector never touches what a program can still reach: cycles
// held by globals, by locals of frames that are waiting for a call to
// return, by a native that is calling back into ML, by a loop's iterator,
// by closures. gc.collect() runs in the middle of each.
import gc;
import functional;

function make(i) {
    self = {n: i};
    self.get = fn() => self.n;
    return self;
}

// Held by a global.
g = [1, 2];
g.append(g);
gobj = make(7);
gc.collect();
print(g[0], g[1], g[2][2][1], gobj.get());

// Held only by locals of waiting frames, several levels up.
function inner(depth) {
    if (depth == 0) {
        return gc.collect();
    }
    mine = {depth: depth};
    mine.self = mine;
    mine.get = fn() => mine.depth;
    freed = inner(depth - 1);
    return freed + mine.self.self.get() * 0;
}
function outer() {
    a = ["outer"];
    a.append(a);
    o = make(3);
    freed = inner(5);
    return [freed >= 0, a[1][1][0], o.get()];
}
print(outer());

// A native holding the only references, calling back into ML, while the
// callback collects: the array in a cycle and the results built so far.
function mapped() {
    items = [1, 2, 3, 4];
    items.append(items);
    doubled = functional.map(fn(x) => {
        gc.collect();
        if (typeof(x) == "array") { return len(x); }
        return x * 2;
    }, items);
    return doubled;
}
print(mapped());
print(functional.reduce(fn(acc, x) => { gc.collect(); return acc + x.get(); },
    functional.map(fn(i) => make(i), range(5)), 0));
kept = functional.filter(fn(o) => { gc.collect(); return o.get() > 1; }, [make(3), make(1), make(2)]);
print(functional.map(fn(o) => o.get(), kept));

// A loop over a cyclic array, collecting on every step.
loop = [10, 20];
loop.append(loop);
seen = [];
for (x in loop) {
    gc.collect();
    if (typeof(x) == "array") { seen.append("self"); } else { seen.append(x); }
}
print(seen);

// Closures that outlive the frame that made them, with their cells.
function counter() {
    count = 0;
    box = {};
    box.inc = fn() => { nonlocal count; count = count + 1; return count; };
    box.box = box;
    return box.inc;
}
inc = counter();
inc();
gc.collect();
inc();
print(inc());

// An exception carrying a cyclic object through a handler.
try {
    bad = {msg: "boom"};
    bad.self = bad;
    throw bad;
} except (e) {
    gc.collect();
    print(e.message, e.self.self.msg);
}

// Modifying reachable cycles after collections still works.
g.append(4);
gc.collect();
print(len(g), g[2][3], gobj.get());
