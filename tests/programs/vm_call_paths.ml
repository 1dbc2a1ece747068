// Calls through the VM's fast paths keep the language's meaning: member
// calls on objects whose function fields close over `self`, natives calling
// back into ML (functional.map/filter/reduce/forEach), captured functions.
import functional;

// A method that replaces itself while it runs keeps running to its end.
function make_stepper() {
    self = {n: 0};
    self.step = fn() => {
        self.step = fn() => "replaced";
        self.n = self.n + 1;
        return "first " + str(self.n);
    };
    return self;
}
s = make_stepper();
print(s.step());
print(s.step(), s.n);

// The receiver is a temporary, its only reference.
print(make_stepper().step());
function make_doubler() {
    return {f: fn(x) => x * 2};
}
print(make_doubler().f(21));

// Stores through a captured `self`: an existing field, a new one, and a
// captured variable that holds no object.
function make_bag() {
    self = {count: 0};
    self.put = fn(k, v) => {
        self[k] = v;
        self.count = self.count + 1;
        self.last = k;
    };
    return self;
}
b = make_bag();
b.put("a", 1);
b.put("b", 2);
print(b.count, b.last, b.a + b.b);
function make_bad() {
    self = [1, 2];
    return fn() => {
        self.size = 3;
    };
}
try {
    make_bad()();
} except (e) {
    print("store on array:", e);
}

// Callbacks: ML closures, natives, a wrong argument count, errors caught
// around the native, and the loop going on afterwards.
print(functional.map(fn(x) => x * x, [1, 2, 3]));
print(functional.map(str, [1, 2]));
try {
    functional.map(fn(x, y) => x, [1]);
} except (e) {
    print("arity:", e);
}
function boom(x) {
    if (x == 2) {
        throw "two";
    }
    return x;
}
try {
    functional.map(boom, [1, 2, 3]);
} except (e) {
    print("caught", e);
}
print(functional.map(boom, [1, 3]));
print(functional.filter(fn(x) => x % 2 == 1, [1, 2, 3, 4, 5]));
print(functional.reduce(fn(acc, x) => acc + x, [1, 2, 3, 4], 10));

// Callbacks nested in callbacks, closures capturing the outer argument.
print(functional.map(fn(r) => functional.map(fn(c) => r * 10 + c, [1, 2]), [1, 2, 3]));

// A counter closure called back by a native keeps its state.
function make_counter() {
    n = 0;
    function add(d) {
        nonlocal n;
        n = n + d;
        return n;
    }
    return add;
}
counter = make_counter();
functional.forEach(counter, [1, 2, 3]);
print(counter(0));

// A callback that changes the array being mapped does not disturb the loop.
xs = [1, 2, 3];
print(functional.map(fn(x) => {
    xs.append(x);
    return x + 1;
}, xs), len(xs));

// Captured functions: composing closures and calling what was captured.
function compose(f, g) {
    return fn(x) => f(g(x));
}
inc = fn(x) => x + 1;
twice = compose(inc, inc);
print(twice(5), compose(twice, twice)(0));

// Deep but legal recursion through a callback.
function depth(n) {
    if (n == 0) {
        return 0;
    }
    return functional.reduce(fn(acc, x) => acc + depth(n - 1), [1], 1);
}
print(depth(200));
