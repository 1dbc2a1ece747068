// Method calls on objects and the fields of a captured `self` take fast
// paths in the VM; every case around them must behave as the general path.
function Counter(start) {
    self = {n: start, step: 1};
    self.inc = function() { self.n = self.n + self.step; return self; };
    self.get = function() { return self.n; };
    self.add = function(k) { self.n = self.n + k; return self.n; };
    self.missing = function() { return self.nope; };
    return self;
}
c = Counter(5);
c.inc();
c.inc().inc();
print(c.get(), c.add(10), c.missing());
// A field that is not a function, a missing field, the wrong arity.
c.data = 42;
try { c.data(); } except (e) { print(e.type, e.message); }
try { c.absent(); } except (e) { print(e.type, e.message); }
try { c.add(); } except (e) { print(e.type, e.message); }
try { c.get(1, 2); } except (e) { print(e.type, e.message); }
// Natives stored in fields are called as plain functions.
c.size = len;
print(c.size([1, 2, 3]));
// Replacing and deleting a method between calls.
function call_get(o) { return o.get(); }
print(call_get(c));
c.get = function() { return "replaced"; };
print(call_get(c));
delete_target = {get: function() { return "other shape"; }};
print(call_get(delete_target));
print(call_get({a: 1, b: 2, get: function() { return "third"; }}));
try { print(call_get({})); } except (e) { print(e.type, e.message); }
// Methods of other kinds of receivers at the same call site.
function call_upper(o) { return o.upper(); }
print(call_upper("abc"), call_upper({upper: function() { return "obj"; }}));
// `self` reassigned to something else inside a closure.
function Weird() {
    self = {v: 1};
    f = function() { return self.v; };
    g = function() { self.v = 7; return self.v; };
    r1 = f();
    r2 = g();
    self = "text";
    r3 = null;
    try { r3 = f(); } except (e) { r3 = e.type; }
    try { g(); } except (e) { print(e.type, e.message); }
    self = null;
    try { f(); } except (e) { print(e.type, e.message); }
    return [r1, r2, r3];
}
print(Weird());
// A captured variable read before it is assigned.
function early() {
    f = function() { return obj.x; };
    h = function() { obj.x = 1; };
    try { f(); } except (e) { print(e.type, e.message); }
    try { h(); } except (e) { print(e.type, e.message); }
    obj = {x: 3};
    h();
    return f();
}
print(early());
// Module members and error fields still work through the member paths.
import math;
print(math.floor(2.5));
try { throw {code: 7}; } except (e) { print(e.code); }
// Recursion through a method keeps the depth limit.
function Deep() {
    self = {};
    self.down = function(n) { return n == 0 ? 0 : 1 + self.down(n - 1); };
    return self;
}
print(Deep().down(500));
try { Deep().down(100000); } except (e) { print(e.type); }
