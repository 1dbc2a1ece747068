// Natives that call one function many times (functional.map/filter/reduce,
// collections.sortBy, ...) set each callback up from checks made once per
// native call. These callbacks change what those checks were made on: the
// value stack and the frame list grow under the loop, the callback has
// unbound locals, recursion goes deep inside one element and not the
// others, and errors are raised part-way and caught.
import functional;
import collections;

// Deep recursion inside some callbacks grows the value stack and the frame
// list (the loop's later callbacks must enter the moved buffers).
function depth(n) {
    if (n == 0) { return 0; }
    return 1 + depth(n - 1);
}
print(functional.map(fn(x) => x % 2 == 0 ? depth(x * 300) : x, range(6)));
print(functional.reduce(fn(a, x) => a + depth(x), [1, 500, 2, 900, 3], 0));
print(functional.filter(fn(x) => depth(x * 250) % 2 == 0, range(8)));
print(collections.sortBy([3, 1, 2], fn(x) => -depth(x * 400)));

// Locals beyond the parameters start unbound on every call, never holding
// the previous element's values.
function keep_odd(x) {
    if (x % 2 == 1) {
        seen = x;
    }
    try {
        return seen;
    } except (e) {
        return e.type;
    }
}
print(functional.map(keep_odd, [1, 2, 3, 4]));

// A counter in an enclosing function (nonlocal) updated from every callback.
function counter() {
    n = 0;
    function step(x) {
        nonlocal n;
        n = n + x;
        return n;
    }
    return step;
}
c = counter();
print(functional.map(c, [1, 2, 3, 4]), c(0));

// Composition and closures built in a loop, then mapped.
function compose(f, g) { return fn(x) => f(g(x)); }
fs = functional.map(fn(k) => compose(fn(x) => x * k, fn(x) => x + k), range(4));
print(functional.map(fn(f) => f(10), fs));
print(functional.zipWith(fn(f, x) => f(x), fs, [1, 2, 3, 4]));
print(functional.times(5, fn(i) => fs[i % 4](i)));

// Every callback-taking native once more with an error raised part-way:
// the loop stops there, the error carries its message, and the program
// goes on with its state intact.
boom = fn(x) => x == 3 ? [][x] : x;
natives = {map: functional.map, filter: functional.filter, forEach: functional.forEach,
    find: functional.find, some: functional.some, every: functional.every,
    takeWhile: functional.takeWhile, partition: functional.partition, groupBy: functional.groupBy,
    cmap: fn(f, a) => collections.map(a, f), cfilter: fn(f, a) => collections.filter(a, f),
    cfind: fn(f, a) => collections.find(a, f), csome: fn(f, a) => collections.some(a, f),
    cevery: fn(f, a) => collections.every(a, f)};
for (name in natives) {
    try {
        print(name, natives[name](boom, [1, 2, 3, 4]));
    } except (e) {
        print(name, e.type, e.message);
    }
}
try { functional.reduce(fn(a, x) => a + boom(x), [1, 2, 3], 0); } except (e) { print("reduce", e.type); }
try { collections.reduce([1, 2, 3], fn(a, x) => a + boom(x), 0); } except (e) { print("creduce", e.type); }
try { collections.sortBy([1, 2, 3], boom); } except (e) { print("sortBy", e.type); }
try { functional.zipWith(fn(a, b) => boom(a + b), [1, 1], [1, 2]); } except (e) { print("zipWith", e.type); }
try { functional.times(4, boom); } except (e) { print("times", e.type); }

// The same callback used by nested natives, and a callback that calls the
// native that is calling it.
inc = fn(x) => x + 1;
print(functional.map(fn(row) => functional.map(inc, row), [[1, 2], [3], []]));
print(functional.map(fn(x) => functional.reduce(fn(a, b) => a + b, functional.map(inc, range(x)), 0), range(5)));

// A filter that keeps few of many, and one that keeps all.
big = range(10000);
print(len(functional.filter(fn(x) => x % 1000 == 0, big)), len(functional.filter(fn(x) => true, big)));

// Wrong argument counts still raise on the first element, for closures
// and natives.
try { functional.map(fn(a, b) => a, [1, 2]); } except (e) { print(e.type, e.message); }
try { functional.reduce(fn(a) => a, [1, 2], 0); } except (e) { print(e.type, e.message); }
try { collections.sortBy([1, 2], fn() => 0); } except (e) { print(e.type, e.message); }
print(functional.map(abs, [-1, 2, -3]), functional.reduce(max, [3, 9, 2], 0));

// Values that own memory (objects, strings, arrays) moved into callbacks,
// kept or dropped by filter, threaded through reduce, with an error part-way:
// each is owned once, and the originals are intact afterwards.
objs = functional.map(fn(i) => {id: i, tag: "t" + str(i), xs: [i]}, range(6));
print(functional.map(fn(o) => o.tag, objs), len(functional.filter(fn(o) => o.id % 2 == 0, objs)));
print(functional.reduce(fn(acc, o) => acc + o.tag, objs, ""), functional.reduce(fn(a, o) => a.id > o.id ? a : o, objs).tag);
try { functional.filter(fn(o) => o.id < 4 ? true : o.missing(), objs); } except (e) { print(e.type); }
try { functional.reduce(fn(acc, o) => o.id == 3 ? acc.nope() : acc + [o.id], objs, []); } except (e) { print(e.type); }
try { functional.map(fn(o) => o.id == 5 ? o.gone() : o, objs); } except (e) { print(e.type); }
print(functional.map(fn(o) => o.xs[0], objs), objs[5].tag);
print(functional.reduce(fn(acc, s) => acc + s, ["a", "b", "c"]), functional.reduce(fn(a, b) => a + b, [[1], [2]], []));
try { functional.reduce(fn(a, b) => a + b, []); } except (e) { print(e.type, e.message); }
print(functional.reduce(fn(a, b) => a + b, [], 5), functional.reduce(fn(a, b) => a + b, [7]));
