// len() of strings/arrays/objects (0 for anything else) and range() with Python semantics
print(len("héllo"), len([1, 2]), len({a: 1}), len(""), len([]));
print(len(5), len(null), len(true));
print(range(5));
print(range(2, 5), range(0, 10, 3), range(5, 0, -1));
print(range(0), range(3, 1), range(-2, 2), range(10, 0, -3));
print(typeof(range(3)));
try { range(1, 2, 0); } except (e) { print(e.type); }
total = 0;
for (i in range(1, 101)) { total = total + i; }
print(total);
