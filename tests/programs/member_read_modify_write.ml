// `obj.f = obj.f op x` through a local or a captured object: the fused
// read-modify-write and every way it leaves its fast path.

function local_forms() {
    o = {a: 1, b: 2.5, s: "x", n: null};
    x = 3;
    o.a = o.a + x;          // int + int
    o.a = o.a * x;          // int * int
    o.a = o.a - x;          // int - int
    print(o.a);
    o.b = o.b + x;          // float + int
    o.b = o.b / x;          // float / int
    print(o.b);
    o.a = o.a / x;          // int / int is a float
    print(o.a);
    y = "yz";
    o.s = o.s + y;          // strings take the general path
    print(o.s);
    big = 9223372036854775807;
    o.c = 1;
    o.c = o.c + big;        // overflow takes the general path
    print(o.c);
    o.m = o.m;              // a missing field reads as null
    print(o.m);
    o.new = o.new + x;      // null + int: a TypeError
}

try {
    local_forms();
} except (e) {
    print("error:", e);
}

// Different shapes at one site: the inline cache misses and refills.
function bump(o, x) {
    o.v = o.v + x;
    return o.v;
}
print(bump({v: 1}, 2), bump({w: 0, v: 10}, 2), bump({v: 0.5}, 2));
many = {};
for (i in range(20)) {
    many["k" + str(i)] = i;
}
many.v = 100;
print(bump(many, 1), bump(many, 1));

// Through a captured object (the class idiom).
function account() {
    self = {balance: 0, ops: 0};
    self.deposit = fn(x) => {
        self.balance = self.balance + x;
        self.ops = self.ops + 1;
    };
    self.take = fn(x) => {
        self.balance = self.balance - x;
        self.ops = self.ops + 1;
    };
    return self;
}
a = account();
a.deposit(10);
a.take(3);
a.deposit(0.5);
print(a.balance, a.ops);

// The captured variable rebound to another object, or to a non-object.
function rebinding() {
    obj = {n: 1};
    add = fn(x) => { obj.n = obj.n + x; obj.k = obj.k + 1; return obj.n; };
    obj.k = 0;
    print(add(1));
    obj = {n: 100, k: 5};
    print(add(1), obj.k);
    obj = 7;
    try {
        add(1);
    } except (e) {
        print("error:", e);
    }
    obj = "s";
    try {
        add(1);
    } except (e) {
        print("error:", e);
    }
}
rebinding();

// The operand unbound: the field is read first, then the NameError.
function unbound_operand(o) {
    if (false) {
        x = 1;
    }
    o.v = o.v + x;
}
try {
    unbound_operand({v: 1});
} except (e) {
    print("error:", e);
}
try {
    unbound_operand(5);
} except (e) {
    print("error:", e);
}

// Counters through a captured object, past the int range.
function counter() {
    self = {n: 9223372036854775806};
    return fn() => { self.n = self.n + 1; return self.n; };
}
c = counter();
print(c());
print(c());

// A field stored from an operation on two computed values.
function arith_stores() {
    o = {x: 1.5, y: 2, s: "text"};
    a = 2;
    b = 0.25;
    o.x = o.x - a * b;      // float field, float result
    o.y = o.y * 3 + a;      // int field, int result
    o.s = a + b;            // a string field replaced by a number
    o.z = a - b;            // a new field
    print(o.x, o.y, o.s, o.z);
    o.y = o.y + 9223372036854775807;  // overflow promotes
    print(o.y);
    o.t = "a" + "b";        // strings
    o.t = o.t + o.s;
    print(o.t);
    try {
        o.x = a / (b - b);  // the division's own error
    } except (e) {
        print("error:", e);
    }
    print(o.x);
    n = 5;
    try {
        n.f = a + b;        // not an object: the store's error
    } except (e) {
        print("error:", e);
    }
    self = {v: 1.0};
    f = fn(k) => { self.v = self.v * k + 1; self.w = k - 1; return self.v; };
    print(f(2), f(0.5), self.w);
    self = {v: "s"};
    print(f(3));
}
arith_stores();

// A value combined with a local's field (`x op o.f`).
function field_operands(o, p) {
    d = o.x - p.x;
    e = 2 * o.x + o.y / p.y;
    s = "v=" + o.s;
    return [d, e, s, 9223372036854775807 + o.y];
}
print(field_operands({x: 1.5, y: 4, s: "a"}, {x: 0.5, y: 2}));
print(field_operands({x: 3, y: 1, s: 7}, {y: 4, x: 1}));
try { field_operands({x: 1, y: 1, s: ""}, {x: null, y: 1}); } except (e) { print("error:", e); }
try { field_operands({x: 1, y: 1, s: ""}, {y: 1}); } except (e) { print("error:", e); }
try { field_operands({x: 1, y: 1, s: ""}, 3); } except (e) { print("error:", e); }
try { field_operands({x: 1, y: 1, s: ""}, {x: 1, y: 0}); } except (e) { print("error:", e); }
