// Natives that call back into ML (functional, collections, regex.sub, call):
// closures, natives and bound methods as callbacks, errors raised inside a
// callback and caught by the program (whose state survives), arity
// mismatches, nested callbacks, recursion through callbacks and callbacks
// that change the array being walked.
import functional;
import collections;
import regex;

xs = [1, 2, 3, 4, 5, 6];
k = 10;
add_k = fn(x) => x + k;
even = fn(x) => x % 2 == 0;

// Every functional native that takes a function, with a closure.
print(functional.map(add_k, xs), functional.filter(even, xs));
print(functional.reduce(fn(a, b) => a * b, xs), functional.reduce(fn(a, b) => a + b, xs, 100));
print(functional.find(fn(x) => x > 3, xs), functional.some(even, xs), functional.every(even, xs));
print(functional.partition(even, xs), functional.groupBy(fn(x) => x % 3, xs));
print(functional.takeWhile(fn(x) => x < 4, xs), functional.times(4, add_k));
print(functional.zipWith(fn(a, b) => a - b, xs, [6, 5, 4]));
seen = [];
functional.forEach(fn(x) => seen.append(x * x), xs);
print(seen);
print(functional.compose(add_k, fn(x) => x * 2)(1), functional.pipe(add_k, fn(x) => x * 2)(1));
print(functional.juxt([add_k, even])(4), functional.ifElse(even, add_k, fn(x) => -x)(3));
print(functional.cond([[even, add_k], [fn(x) => true, fn(x) => 0]])(7));
print(functional.partial(fn(a, b, c) => a + b * c, 1, 2)(3), functional.curry2(fn(a, b) => a - b)(9)(4));
sq = functional.memoize(fn(x) => { seen.append("miss"); return x * x; });
print(sq(9), sq(9), len(seen));

// The collections module's array-first order.
print(collections.map(xs, add_k), collections.filter(xs, even), collections.find(xs, even));
print(collections.reduce(xs, fn(a, b) => a + b, 0), collections.every(xs, even), collections.some(xs, even));
print(collections.sortBy(["ccc", "a", "bb"], len), collections.sortBy(xs, fn(x) => -x));

// regex.sub with a function, and the call builtin.
print(regex.sub("[0-9]+", fn(m) => str(int(m.group(0)) * 2), "a1 b22 c3"));
print(call(add_k, 5), call(fn(a, b) => a + b, "x", "y"), call(len, "four"));

// Natives and bound methods as callbacks.
print(functional.map(len, ["", "a", "bb"]), functional.map(str, [1, null]), functional.filter(bool, [0, 1, "", "s"]));
acc = [];
functional.forEach(acc.append, [3, 4]);
print(acc, functional.map("-".join, [["a", "b"], ["c"]]));

// Wrong arity: too few, too many; for a closure, a native and a method.
function two(a, b) { return a + b; }
try { functional.map(two, xs); } except (e) { print(e.type, e.message); }
try { functional.reduce(fn(a) => a, xs); } except (e) { print(e.type, e.message); }
try { functional.filter(fn() => true, xs); } except (e) { print(e.type, e.message); }
try { functional.map(fn(a, b) => a, [1]); } except (e) { print(e.type, e.message); }
try { collections.sortBy(xs, two); } except (e) { print(e.type, e.message); }
try { print(functional.map(int, ["x"])); } except (e) { print(e.type, e.message); }
try { functional.map("x".upper, [1]); } except (e) { print(e.type, e.message); }
try { functional.map(5, [1]); } except (e) { print(e.type, e.message); }

// An error raised inside a callback, part-way through: the program catches
// it, and its locals and the loop around it are intact.
function safe_div(d) {
    before = "kept";
    try {
        return functional.map(fn(x) => 60 // (x - d), xs);
    } except (e) {
        return [before, e.type, e.message];
    }
}
for (d in [0, 3, 9]) { print(d, safe_div(d)); }
try {
    functional.reduce(fn(a, b) => {
        if (b == 4) { throw {message: "stop at " + str(a)}; }
        return a + b;
    }, xs, 0);
} except (e) { print(e.message); }
try {
    functional.forEach(fn(x) => x.missing(), [1]);
} except (e) { print(e.type); }
print(functional.map(fn(x) => {
    try { return 10 // x; } except (e) { return e.type; }
}, [5, 0, 2]));

// Nested callbacks and callbacks that call natives that call back.
grid = functional.map(fn(r) => functional.map(fn(c) => r * 10 + c, [1, 2]), [1, 2, 3]);
print(grid, functional.reduce(fn(a, row) => a + functional.reduce(fn(s, v) => s + v, row, 0), grid, 0));
print(functional.map(fn(f) => functional.map(f, [1, 2]), [add_k, even, len == len ? str : null]));

// Recursion through callbacks, and depth past the limit then recovery.
function tree_sum(t) {
    return t.v + functional.reduce(fn(a, c) => a + tree_sum(c), t.kids, 0);
}
function tree(d) {
    return {v: d, kids: d == 0 ? [] : functional.times(2, fn(i) => tree(d - 1))};
}
print(tree_sum(tree(6)));
function fact(n) { return n <= 1 ? 1 : n * functional.map(fact, [n - 1])[0]; }
print(fact(15));
function forever(n) { return functional.map(fn(x) => forever(x + 1), [n]); }
try { forever(0); } except (e) { print(e.type); }
print(functional.map(add_k, [1]));

// A callback that changes the array being walked: the native works on the
// elements it had when it started, and the changes stay.
ys = [1, 2, 3];
print(functional.map(fn(x) => { ys.append(x * 100); return x; }, ys), ys);
zs = [1, 2, 3, 4];
print(functional.filter(fn(x) => { zs.pop(); return true; }, zs), zs);
ws = [5, 6];
print(collections.map(ws, fn(x) => { ws.clear(); return x + 1; }), ws);

// Many callbacks into a closure keeping state, and the counts add up.
function bump(x) { return x + 1; }
total = 0;
for (i in range(50)) { total = total + functional.reduce(fn(a, b) => a + b, functional.map(bump, range(100)), 0); }
print(total);
