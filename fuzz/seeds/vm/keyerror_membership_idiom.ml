// corpus idiom: test membership by catching KeyError (memoized fibonacci)
cache = {};
stats = {computed: 0};
function fib(n) {
    try {
        v = cache[n];
        return v;
    } except (e) { }
    stats.computed = stats.computed + 1;
    r = n < 2 ? n : fib(n - 1) + fib(n - 2);
    cache[n] = r;
    return r;
}
print(fib(30));
print(stats.computed, len(cache));
print(cache[10]);
seen = {};
for (w in ["a", "b", "a", "c", "b", "a"]) {
    try { seen[w] = seen[w] + 1; } except (e) { seen[w] = 1; }
}
print(seen);
