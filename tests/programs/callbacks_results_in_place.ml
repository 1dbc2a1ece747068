// functional.map and filter build their result in the buffer of their own
// copy of the items (each result where its item was). The source array is
// never that buffer: it is unchanged, and a callback that changes it
// changes neither the items seen nor the result.
import functional;
import collections;

xs = [1, 2, 3, 4, 5];
words = functional.map(fn(x) => "w" + str(x), xs);
print(words, xs);
objs = functional.map(fn(x) => {v: x, sq: [x * x]}, xs);
print(functional.map(fn(o) => o.sq[0], objs));
kept = functional.filter(fn(o) => o.v % 2 == 1, objs);
print(len(kept), kept[0] == objs[0], kept[1] == objs[2]);
kept[0].v = 100;
print(objs[0].v);
print(functional.filter(fn(w) => w != "w3", words), words);

// Nothing kept, everything kept, nothing to do.
print(functional.filter(fn(x) => false, xs), functional.filter(fn(x) => true, xs));
print(functional.map(fn(x) => x, []), functional.filter(fn(x) => x, []));
// Truthiness of other results than booleans.
print(functional.filter(fn(x) => x % 3, xs), functional.filter(fn(s) => s, ["", "a", "", "b"]));

// The callback grows and empties the source array.
src = [1, 2, 3];
print(functional.map(fn(x) => { src.append(x * 10); return len(src); }, src), src);
src2 = [4, 5, 6];
print(functional.filter(fn(x) => { src2.clear(); return x != 5; }, src2), src2);

// A map inside a map's callback, and a filter inside a filter's.
print(functional.map(fn(x) => functional.map(fn(y) => x * y, [1, 2]), [1, 2, 3]));
print(functional.filter(fn(x) => len(functional.filter(fn(y) => y < x, xs)) > 2, xs));

// Natives and methods as the callback (not entered as ML frames).
print(functional.map(len, ["ab", "", "xyz"]), functional.filter(len, [[], [1], "", "q"]));
acc = [];
print(functional.map(acc.append, [7, 8]), acc);

// An error part-way: the results so far (strings, objects) are dropped
// and the error is caught; the program goes on.
for (f in [fn(x) => x == 4 ? [][0] : "r" + str(x), fn(x) => x == 4 ? {}.nope.deeper : {k: x}]) {
    try {
        print(functional.map(f, xs));
    } except (e) {
        print(e.type, e.message);
    }
}
try {
    print(functional.filter(fn(o) => o.v > 3 ? o.sq[5] : true, objs));
} except (e) {
    print(e.type, e.message);
}
print(len(objs), objs[3].v);

// collections' map and filter take the same path.
print(collections.map(xs, fn(x) => [x]), collections.filter(words, fn(w) => w > "w2"));
