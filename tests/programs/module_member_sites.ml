// mlpy-flags: -M fixtures/modules
// `module.name` read and called over and over at the same instructions:
// what each read finds must follow the module's current state and the
// module the site is given each time.
import math;
import string;
import functional;
import site_a;
import site_b;

// Native module functions called in a loop.
s = 0.0;
f = 0;
for (i in range(1, 201)) {
    s = s + math.sqrt(i * i);
    f = f + math.floor(i / 3);
}
print(s, f, math.pow(2, 10), string.upper("ok"));
print(functional.map(fn(x) => x * 2, [1, 2, 3]), functional.reduce(fn(a, b) => a + b, [1, 2, 3], 0));

// An ML module's function and constant read at one site per loop.
total = 0;
for (i in range(100)) {
    total = site_a.f(total) - site_a.K + 1;
}
print("loop", total);

// The module reassigns its global: the hot reads see each new value.
seen = [];
for (i in range(6)) {
    if (i == 3) { site_a.set_k(20); }
    seen.append(site_a.K);
    seen.append(site_a.f(0));
}
print("reassigned", seen);
site_a.set_k(10);

// One site, two modules whose members sit at different slots, then
// objects with the same field names.
function call_f(m, x) { return m.f(x); }
function read_k(m) { return m.K; }
out = [];
for (i in range(4)) {
    out.append(call_f(site_a, i));
    out.append(call_f(site_b, i));
    out.append(read_k(site_a));
    out.append(read_k(site_b));
}
print("two modules", out);
obj = {f: fn(x) => x - 1, K: "obj"};
print("then an object", call_f(obj, 5), read_k(obj), call_f(site_b, 2), read_k(site_a));

// A native module and an ML module at the same call site.
function call_floor(m, x) { return m.floor(x); }
print("native", call_floor(math, 2.7), call_floor(math, -2.5));

// A variable holding a module replaced by an object and back, inside one loop.
holders = [site_a, {K: "plain"}, site_b, site_a];
ks = [];
for (h in holders) {
    ks.append(h.K);
}
print("holders", ks);

// `len` is a builtin site_a merely uses (not its member) but site_b's own
// function: the same site finds it in one and misses it in the other.
function size_of(m) {
    try {
        return m.len([1, 2]);
    } except (e) {
        return e.type + ": " + e.message;
    }
}
print(size_of(site_b));
print(size_of(site_a));
print(size_of(site_b));
print(site_a.size([1, 2, 3]));

// A global assigned only when a function runs: missing until then, found
// afterwards at the same site.
function late_of(m) {
    try {
        return m.late;
    } except (e) {
        return e.type + ": " + e.message;
    }
}
print(late_of(site_a));
site_a.init();
print(late_of(site_a), site_a.late_value());

// A missing member at a site that has found other members before.
function member(m, which) {
    try {
        if (which == 0) { return m.f(1); }
        return m.nothing(1);
    } except (e) {
        return e.type + ": " + e.message;
    }
}
print(member(site_a, 0), member(site_a, 0), member(site_a, 1), member(site_b, 0));
