// sorted() (stable, any iterable, optional reverse) and reversed() return new arrays
nums = [3, 1, 2];
print(sorted(nums), nums);
print(sorted(nums, true));
print(sorted(["b", "a", "C"]));
print(sorted({b: 1, a: 2}), sorted("cba"));
print(sorted([[2], [1, 5], [1]]));
print(sorted([2, 1.5, true]));
print(sorted([1, 1.0, true]), sorted([true, 1, 1.0]));
print(sorted([]));
try { sorted([1, "a"]); } except (e) { print(e.type); }
print(reversed([1, 2, 3]), reversed("abc"), reversed([]));
r = [1, 2];
print(reversed(r), r);
