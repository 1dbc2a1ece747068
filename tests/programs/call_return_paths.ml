// Calls and returns on the fast paths: results moved out of locals and
// operands, frames that grow the stack, errors and recursion limits through
// each call form, and the caller's state after every kind of return.
import functional;

// A returned local keeps its identity: the caller gets the same array.
function make_list(n) {
    items = [];
    i = 0;
    while (i < n) {
        items.append(i * i);
        i = i + 1;
    }
    return items;
}
shared = make_list(4);
alias = shared;
alias.append(99);
print(shared, len(make_list(0)));

// A local returned twice from one frame (the first return leaves it intact
// for nothing else; the second call builds it afresh).
function pick(flag) {
    box = {v: flag};
    if (flag) {
        return box;
    }
    other = [box, box];
    return other;
}
print(pick(true), pick(false));

// A returned value that is also held elsewhere in the frame.
function twice() {
    a = [1, 2];
    b = a;
    return b;
}
t = twice();
t.append(3);
print(t);

// Returning a temporary (Return) versus a local (ReturnLocal) inside
// expressions that keep operands on the caller's stack.
function sq(x) { return x * x; }
function ident(x) { return x; }
print(1 + sq(3) + ident(4) * sq(ident(2)), [ident("a"), sq(5), ident([1])]);

// A local read before it is bound: the NameError is raised in the callee
// and the caller's operands survive the unwinding.
function unbound(flag) {
    if (flag) {
        y = 1;
    }
    return y;
}
try {
    print(100 + unbound(false));
} except (e) {
    print("caught", e.type);
}
print(unbound(true));

// Return through try/finally and from inside except.
function guarded(n) {
    try {
        if (n > 0) {
            r = [n];
            return r;
        }
        throw "neg";
    } except (e) {
        msg = "bad " + e.message;
        return msg;
    } finally {
        n = -1;
    }
}
print(guarded(3), guarded(-3));

// Frames with many locals, deep enough to grow the value stack several
// times; every level's locals are intact after the callee returns.
function deep(n) {
    a = n; b = n + 1; c = n + 2; d = n + 3; e = [n]; f = {k: n};
    if (n == 0) {
        return 0;
    }
    r = deep(n - 1);
    return r + a + b + c + d + e[0] + f.k - 6 * n;
}
print(deep(3000));

// Recursion that builds and returns objects (trees), then walks them.
function tree(d) {
    if (d == 0) {
        return {left: null, right: null};
    }
    return {left: tree(d - 1), right: tree(d - 1)};
}
function count(t) {
    if (t.left == null) {
        return 1;
    }
    return 1 + count(t.left) + count(t.right);
}
print(count(tree(10)));

// The recursion limit through a plain call and through a method call; the
// program goes on afterwards with consistent frames.
function down(n) { return down(n + 1); }
try {
    down(0);
} except (e) {
    print("plain", e.type);
}
obj = {n: 0};
obj.down = fn(k) => obj.down(k + 1);
try {
    obj.down(0);
} except (e) {
    print("method", e.type);
}
print(sq(12));

// Wrong arity through each call form.
function two(a, b) { return a + b; }
try { two(1); } except (e) { print(e.message); }
o = {two: two};
try { o.two(1, 2, 3); } except (e) { print(e.message); }
try { functional.map(two, [1]); } except (e) { print(e.message); }

// A field that is not callable, and a missing one.
o.n = 5;
try { o.n(1); } except (e) { print(e.type, e.message); }
try { o.missing(); } except (e) { print(e.type); }

// Methods closing over `self` that return their object and chain.
function counter() {
    self = {n: 0};
    self.add = fn(k) => {
        self.n = self.n + k;
        return self;
    };
    self.get = fn() => self.n;
    return self;
}
c = counter();
print(c.add(1).add(2).add(3).get(), c.n);

// Closures capturing loop variables and mutating captured cells.
fs = [];
for (i in range(3)) {
    fs.append(fn() => i * 10);
}
print(fs[0](), fs[1](), fs[2]());
function shared_state() {
    state = {hits: 0};
    hit = fn() => {
        state.hits = state.hits + 1;
        return state.hits;
    };
    read = fn() => state.hits;
    return [hit, read];
}
fns = shared_state();
fns[0]();
fns[0]();
print(fns[0](), fns[1]());

// Callbacks from natives return locals and temporaries.
print(functional.map(fn(x) => {
    pair = [x, x + 1];
    return pair;
}, [1, 2]), functional.reduce(fn(a, b) => a + b, [1, 2, 3], 0));

// An error deep in callees is caught by an outer caller, whose locals are
// intact and whose next calls work.
function fail_at(n) {
    if (n == 0) {
        throw "bottom";
    }
    keep = [n];
    return fail_at(n - 1) + keep[0];
}
function outer() {
    mine = "kept";
    try {
        fail_at(50);
    } except (e) {
        return mine + " " + e.message;
    }
}
print(outer(), sq(3));
