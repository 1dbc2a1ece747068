// `a[i] = t` with `t` a local: swaps, values of every kind, the array
// itself, shared arrays, and the cases the plain store decides (negative
// and out-of-range indexes, objects, strings, an unbound local).
function reverse(a) {
    i = 0;
    j = len(a) - 1;
    while (i < j) {
        t = a[i];
        a[i] = a[j];
        a[j] = t;
        i = i + 1;
        j = j - 1;
    }
    return a;
}
print(reverse([1, 2, 3, 4, 5]), reverse(["x", [1], {k: 2}, null, 2.5]));

function fill(a, v) {
    for (i in range(len(a))) {
        a[i] = v;
    }
    return a;
}
shared = [0];
filled = fill([1, 2, 3], shared);
shared.append(9);
print(filled, filled[0] == filled[2]);
print(fill([1, 2], "s"), fill([], 1));

// The array stored into itself makes a cycle the collector frees.
function self_ref() {
    a = [1, 2];
    i = 0;
    a[i] = a;
    return len(a[0][0][0]);
}
print(self_ref());

// An alias: the stored local is the index.
function store_index(a, i) {
    a[i] = i;
    return a;
}
print(store_index([7, 7, 7], 1));

// Negative indexes, objects and other kinds take the plain path.
function put(c, k, v) {
    c[k] = v;
    return c;
}
print(put([1, 2, 3], -1, "last"), put({a: 1}, "b", 2), put([1, 2], 1.0, 5));
for (bad in [[[1], 3], [[1], -5], ["abc", 0], [[1], "k"], [null, 0]]) {
    try {
        put(bad[0], bad[1], 0);
    } except (e) {
        print(e.type);
    }
}

// A local that is not yet bound when the store runs.
function unbound(a, flag) {
    if (flag) {
        t = 1;
    }
    i = 0;
    a[i] = t;
    return a;
}
print(unbound([0], true));
try {
    unbound([0], false);
} except (e) {
    print(e.type);
}
