// builtins: conversions, rounding, ranges, sorting, min/max quirks, iterators (edge cases)
print(round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(1234.5678, -2), round(1250, -2), round(7, 2));
print(int("3.7"), int(" 1e3 "), int(-3.9), int(true), float("inf"), float(" 2.5 "), float(3));
try { int("abc"); } except (e) { print(e.type, e.message); }
try { int(null); } except (e) { print(e.type, e.message); }
print(str(1.0), str(null), str(true), repr("x"), repr([1, "a"]));
print(hex(255), hex(-255), bin(5), oct(8), chr(65), ord("é"));
try { ord("ab"); } except (e) { print(e.type, e.message); }
try { chr(-1); } except (e) { print(e.type, e.message); }
print(format(3.14159, ".2f"), format(42, "05d"), format(1234567.891, ",.2f"));
print(range(5), range(5, 0, -1), range(0, 10, 3), range(2.0, 4));
try { range(0, 1, 0); } except (e) { print(e.type, e.message); }
try { range(1000000000000); } except (e) { print(e.type, e.message); }
print(enumerate(["a", "b"], 1), zip([1, 2, 3], "ab"), zip());
print(sorted([3, 1, 2]), sorted([3, 1, 2], true), sorted({b: 1, a: 2}), sorted("cab"));
try { sorted([1, "a"]); } except (e) { print(e.type, e.message); }
print(reversed("abc"), reversed([1, 2]), keys({a: 1, b: 3}), values({a: 1, b: 3}));
print(sum([1, 2, 3]), sum([1.5, 2]), sum([1], 10), sum([true, true]));
try { sum(["a"]); } except (e) { print(e.type, e.message); }
print(min([3, 1, 2]), max(3, 9, 2), min([]), max(), max("abc"), min(1, 1.0));
print(all([]), any([]), all([1, 0]), any([0, "x"]));
it = iter([1, 2, 3]);
print(typeof(it), next(it), next(it), next(it), next(it, "done"));
try { next(it); } except (e) { print(e.type, e.message); }
print(abs(-3), abs(-2.5), abs(true));
print(len("héllo"), len([1]), len({}), len(5), len(null));
print(callable(print), callable(5), isinstance(5, "number"), typeof(null), bool([]), bool("0"));
