// `a[i] = a[i] op x` with `a` and `i` locals runs as one fused step when the
// element is a number; every other case (missing keys, negative or
// out-of-range indexes, strings, floats, overflow, other containers) must
// behave exactly as the plain read, operation and store.
function counts(words) {
    c = {};
    for (w in words) {
        try {
            c[w] = c[w] + 1;
        } except (e) {
            print("first", w, e.type, e.message);
            c[w] = 1;
        }
    }
    return c;
}
print(counts(["a", "b", "a", "c", "a", "b"]));

// A string key built at run time is found by its text.
function built_keys() {
    c = {xy: 10};
    k = "x" + "y";
    c[k] = c[k] - 3;
    c[k] = c[k] * 2;
    return c;
}
print(built_keys());

// Arrays: in range, negative (from the end), a local operand.
function arrays() {
    a = [1, 2, 3, 4];
    i = 0;
    while (i < len(a)) {
        a[i] = a[i] * 10;
        i = i + 1;
    }
    j = -1;
    a[j] = a[j] + 5;
    step = 7;
    k = 2;
    a[k] = a[k] - step;
    a[k] = a[k] + k;
    return a;
}
print(arrays());

// One site meets numbers of every kind and values that are not numbers.
function bump(a, i, x) {
    a[i] = a[i] + x;
    return a[i];
}
print(bump([1], 0, 2), bump([1.5], 0, 2), bump([1], 0, 0.25));
print(bump(["s"], 0, 1), bump({k: "t"}, "k", "u"), bump([[1]], 0, [2]));
print(bump({k: 1}, "k", 1), bump([true], 0, 1));
print(bump([9223372036854775807], 0, 1));
print(bump([-9223372036854775807], 0, -1));

function divide(a, i, x) {
    a[i] = a[i] / x;
    return a[i];
}
print(divide([7], 0, 2), divide([7.0], 0, 2), divide({n: 1}, "n", 4));

// Subtracting zero from negative zero keeps its sign.
function minus_zero(a, i) {
    a[i] = a[i] - 0;
    a[i] = a[i] * 1;
    return a[i];
}
print(minus_zero([-0.0], 0), minus_zero([0.0], 0), minus_zero([3], 0));

// Int keys of an object, and an object held by two variables.
function int_keys() {
    o = {};
    o[1] = 5;
    k = 1;
    o[k] = o[k] + 1;
    alias = o;
    name = "n";
    alias[name] = 0;
    o[name] = o[name] - 2;
    return [o, alias];
}
print(int_keys());

// The operand local is the array itself, or the index.
function self_operand() {
    a = [1, 2];
    i = 1;
    a[i] = a[i] + i;
    try {
        a[i] = a[i] + a;
    } except (e) {
        print(e.type, e.message);
    }
    return a;
}
print(self_operand());

// The element is replaced by a container and back.
function kinds() {
    a = [1];
    i = 0;
    out = [];
    for (x in [1, [2], "s", 3]) {
        try {
            a[i] = a[i] + 1;
        } except (e) {
            print(e.type, e.message);
        }
        out.append(a[i]);
        a[i] = x;
    }
    return out;
}
print(kinds());

// A big constant is not fused but still correct.
function big() {
    a = [1];
    i = 0;
    a[i] = a[i] + 100000;
    a[i] = a[i] - 40000;
    return a;
}
print(big());
