// sum(), min(), max(), all(), any()
print(sum([1, 2, 3]), sum([1, 2.5]), sum([]), sum([], 10), sum([1, 2], 10));
print(sum([1.5, 2.5]), sum([true, true]));
try { sum(["a", "b"]); } except (e) { print(e.type); }
print(min([3, 1, 2]), max([3, 1, 2]), min(3, 1, 2), max(1, 2.5));
print(min(["b", "a"]), max("a", "c", "b"));
print(min([]), max());
print(max("abc"));
print(max([1, 5], [2]));
print(all([1, true, "x"]), all([1, 0]), all([]));
print(any([0, null, ""]), any([0, 2]), any([]));
