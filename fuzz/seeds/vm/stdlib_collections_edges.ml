// collections edge cases: Python index and slice rules, stable sortBy, unique by ==, errors
import collections;
a = [10, 20, 30, 40];
print(collections.get(a, -1), collections.get(a, -4), collections.get(a, -5), collections.get(a, 2.0));
print(collections.take(a, -1), collections.drop(a, -1), collections.take(a, 99), collections.drop(a, 99));
print(collections.slice(a, -2), collections.slice(a, 1, -1), collections.slice(a, 3, 1), collections.slice(a, -99, 99));
print(collections.removeAt(a, 3), collections.remove_at(a, -1), collections.removeAt(a, -1) == a);
print(collections.first([]), collections.last(a), collections.is_empty(a), collections.length([]));
print(collections.unique([1, 1.0, true, "1", [1], [1], null, null, 2.5, 2.5]));
print(collections.contains([[1, 2]], [1, 2]), collections.indexOf([1, 2.0], 2), collections.contains([{a: 1}], {a: 1}));
print(collections.flatten([1, [], [2, 3], "ab", [[4]]]), collections.zip([1, 2, 3], ["a"]), collections.zip([], [1]));
words = ["pear", "fig", "apple", "kiwi", "date"];
print(collections.sortBy(words, fn(w) => len(w)), collections.sortBy(words, fn(w) => len(w), true));
print(collections.sort(["b", "a", "C"]), collections.sort([]), words);
print(collections.chunk([1, 2, 3, 4, 5], 2), collections.chunk([], 3), collections.chunk([1, 2], -1), collections.chunk([1, 2], 5));
print(collections.reduce([], fn(acc, x) => acc + x, "empty"), collections.reduce(["a", "b"], fn(acc, x) => acc + x, ""));
print(collections.every([], fn(x) => false), collections.some([], fn(x) => true), collections.find([1, 2], fn(x) => x > 5));
b = [1, 2, 3];
print(collections.map(b, fn(x) => { b.append(x); return x; }), len(b));
try { collections.sort([1, "a"]); } except (e) { print(e.type + ": " + e.message); }
try { collections.sortBy([1, 2], fn(x) => x == 1 ? "s" : 1); } except (e) { print(e.type); }
try { collections.length("abc"); } except (e) { print(e.type + ": " + e.message); }
try { collections.map([1], 5); } except (e) { print(e.type + ": " + e.message); }
try { collections.reduce([1], fn(a, x) => a + x); } except (e) { print(e.type + ": " + e.message); }
try { collections.get(a, 1.5); } except (e) { print(e.type); }
try { collections.filter([1, 2], fn(x) => x.missing()); } except (e) { print(e.type); }
