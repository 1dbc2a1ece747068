// Callbacks whose elements are freed, snapshotted and collected: cycles
// made inside callbacks (an object whose closures capture it, a captured
// variable holding a literal that holds such a closure) are freed by the
// cycle collector; arrays a callback changes are seen by the loop as they
// were when it started; a callback that raises part-way leaves everything
// it built intact for the program; deep recursion inside a callback frees
// arrays of numbers and strings on the way back.
import functional;
import gc;

gc.collect();
// Containers freed as cycles since the last call (by collections that ran
// on their own, and one run now).
last = [gc.stats().freed];
function freed() {
    gc.collect();
    n = gc.stats().freed - last[0];
    last[0] = gc.stats().freed;
    return n;
}

function make(i) {
    self = {n: i};
    self.get = fn() => self.n;
    self.bump = fn(k) => { self.n = self.n + k; return self.n; };
    return self;
}
print(functional.reduce(fn(a, x) => a + x, functional.map(fn(i) => make(i).bump(1), range(300)), 0));
print("methods in callbacks freed:", freed() >= 4 * 300);

// The captured variable's cell holds a literal array built from older
// values (not registered when made) holding an object with a closure
// that captures the cell: found when the collector closes its set.
function nested(i) {
    box = null;
    f = fn() => box;
    box = [[i, "s"], {f: f, xs: [i]}];
    return len(box);
}
print(functional.map(nested, range(200))[0]);
print("nested literal cycles freed:", freed() >= 3 * 200);

// reduce and map over arrays their callbacks append to and rewrite.
xs = [1, 2, 3];
print(functional.reduce(fn(a, x) => { xs.append(a); xs[0] = 100; return a + x; }, xs, 0), xs);
words = ["a", "b", 3, 4.5];
print(functional.map(fn(w) => { words.insert(0, w); return str(w) + "!"; }, words), words);

// A callback that raises part-way: what it made before stays usable.
made = [];
try {
    functional.map(fn(i) => { made.append(make(i)); return i < 3 ? i : [][i]; }, range(6));
} except (e) {
    print(e.type, len(made), made[2].bump(10), made[0].get());
}
made = null;
print("raised-through cycles freed:", freed() >= 4 * 4);

// Deep recursion inside callbacks, building and dropping leaf arrays.
function dig(n) {
    leaves = [n, str(n), n * 0.5, null, true];
    if (n == 0) { return len(leaves); }
    return dig(n - 1) + leaves[0] - n;
}
print(functional.map(fn(d) => dig(d * 200), range(5)));
print(functional.filter(fn(d) => dig(d * 300) == 5, range(4)));
print("nothing left:", freed());
