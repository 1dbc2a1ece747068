// The natives that hand their items to a callback one by one walk their own
// copy of the items from its first value to its last, keeping results at
// the front. These check the walk's ends: no items, one item, an error on
// the first or the last item (what was kept and what was not yet taken
// are both released), and callbacks that change or map the source.
import functional;
import collections;

function boom_at(n) {
    return fn(x) => x == n ? [][1] : [x, str(x)];
}

// No items and one item, for each native that walks its items.
print(functional.map(fn(x) => x, []), functional.filter(fn(x) => true, []),
      functional.reduce(fn(a, x) => a + x, [], 7));
print(functional.map(fn(x) => [x], ["a"]), functional.filter(fn(x) => false, ["a"]),
      functional.filter(fn(x) => true, ["a"]), functional.reduce(fn(a, x) => a + x, ["a"], "b"));

// An error on the first item and on the last, with heap values on both
// sides of the walk.
xs = ["p", "q", "r", "s"];
for (n in ["p", "s"]) {
    try {
        print(functional.map(boom_at(n), xs));
    } except (e) {
        print("map", n, e.type);
    }
    try {
        print(functional.filter(fn(x) => x == n ? {}.no.more : x != "q", xs));
    } except (e) {
        print("filter", n, e.type);
    }
    try {
        print(functional.reduce(fn(a, x) => x == n ? a.no.more : a + [x], xs, []));
    } except (e) {
        print("reduce", n, e.type);
    }
}
print(xs);

// The callback maps the array it is being mapped over, and appends to it:
// the walk sees the items as they were when it started.
ys = [1, 2, 3];
print(functional.map(fn(y) => functional.map(fn(z) => z * y, ys), ys));
print(functional.map(fn(y) => { ys.append(y); return len(ys); }, ys), ys);
print(functional.filter(fn(y) => { ys.pop(); return y % 2 == 1; }, ys), ys);

// The same callback object in nested walks of different natives.
twice = fn(v) => v * 2;
print(functional.map(fn(v) => functional.reduce(fn(a, w) => a + twice(w), functional.map(twice, [v, v]), 0), [1, 2, 3]));

// Many rounds of the same native with a callback whose result replaces
// its item in place (a string for an int, an int for a string).
total = 0;
i = 0;
while (i < 50) {
    strs = functional.map(fn(x) => str(x), [i, i + 1, i + 2]);
    back = functional.map(fn(s) => int(s) + 1, strs);
    total = total + functional.reduce(fn(a, x) => a + x, back, 0);
    i = i + 1;
}
print(total);
