// Natives read their arguments in place on the operand stack and the VM
// drops them after the call: any number of arguments, arguments that are
// the only reference to their value, natives that call back into ML
// (nested, raising, growing the stack deeply), built-in methods and bound
// methods.
import functional;
import math;

// 0 to many arguments.
print();
print(min(), max(7));
print(max(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), min(9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1));
print(zip([1, 2], ["a", "b"], [true, false], [null, 1.5]));
print(call(fn(a, b, c, d, e, f, g) => [a, b, c, d, e, f, g], 1, "two", 3.0, [4], {five: 5}, null, true));
print(math.sqrt(16.0), math.pow(2, 10), math.floor(2.7));

// Arguments that are the only reference to their value: each dropped once.
total = 0;
i = 0;
while (i < 2000) {
    total = total + len([i, i + 1, [i]]) + len(str({k: [i, "v" + str(i)]}));
    kept = functional.identity([i, "only" + str(i)]);
    i = i + 1;
}
print(total, kept);
print(len("abc" + "def"), str([1, [2, [3]]]), repr("x" + "y"));

// Built-in methods: the receiver stays in its slot during the call.
s = "a,b," + "c";
print(s.split(","), s.upper(), (s + "!").replace(",", ";"), [3, 1, 2].copy());
words = [];
j = 0;
while (j < 500) {
    words.append(("w" + str(j)).upper());
    j = j + 1;
}
print(len(words), words[0], words[499], ",".join(["x", "y" + "z"]));

// Bound methods and calls through `call`.
push = words.append;
push("last");
print(words[-1], call(push, "again"), words[-1], call(call, call, fn(x) => x * 2, 21));

// Callbacks, nested.
sq = functional.map(fn(x) => x * x, range(6));
print(sq, functional.filter(fn(x) => x % 2 == 0, sq), functional.reduce(fn(a, b) => a + b, sq, 0));
grid = functional.map(fn(r) => functional.map(fn(c) => r * 10 + c, range(3)), range(3));
print(grid);
print(functional.reduce(fn(acc, row) => acc + functional.reduce(fn(a, b) => a + b, row, 0), grid, 0));
add3 = functional.partial(fn(a, b, c) => a + b + c, 1, 2);
inc_then_double = functional.compose(fn(x) => x * 2, fn(x) => x + 1);
print(add3(3), inc_then_double(4), functional.map(add3, [10, 20]));
// A native that is the only reference to itself while it runs.
print(functional.partial(fn(a, b) => a * b, 6)(7), functional.compose(fn(x) => x + 1, fn(x) => x * 3)(5));

// A callback that recurses deeply grows the stack while the native still
// reads its arguments (the array, the function, the initial value).
function deep(n) {
    if (n == 0) {
        return 0;
    }
    pad = [n];
    return 1 + deep(n - 1);
}
print(functional.map(fn(n) => deep(n), [3000, 10, 4000, 1]));
print(functional.reduce(fn(acc, n) => acc + deep(n), [2500, 5000], "sum: "));
print(call(fn(a, b, c) => deep(a) + b + c, 6000, 2, 3));
print(functional.map(fn(n) => functional.map(fn(m) => deep(m), [n, n * 2]), [1000, 1500]));

// A callback that raises: the native's arguments are dropped, and the
// program goes on.
function risky(x) {
    if (x == 3) {
        return 1 // 0;
    }
    return x;
}
k = 0;
while (k < 3) {
    try {
        functional.map(fn(x) => risky(x), [1, 2, 3, 4]);
    } except (e) {
        print("caught", e.message);
    }
    try {
        functional.map(fn(x) => deep(7000) + risky(x), [1, 3]);
    } except (e) {
        print("caught", e.message);
    }
    k = k + 1;
}

// Natives that raise on bad arguments, with every argument dropped.
try {
    int([1, 2] + [3]);
} except (e) {
    print("caught", e.message);
}
try {
    math.sqrt("x" + "y", 2);
} except (e) {
    print("caught", e.message);
}
try {
    ("a" + "b").split(1, 2, 3);
} except (e) {
    print("caught", e.message);
}
try {
    (5).nothing();
} except (e) {
    print("caught", e.message);
}
print("done");
