// for-in walks arrays, strings (characters), objects (keys in order), iterators and ranges
for (x in [1, "a", null]) { print(x); }
for (c in "hé") { print(c); }
for (k in {b: 1, a: 2}) { print(k); }
d = {};
d[7] = "seven";
for (k in d) { print(k, typeof(k)); }
for (v in iter([7, 8])) { print(v); }
for (i in range(2)) { print(i); }
it = iter([1, 2, 3]);
next(it);
for (v in it) { print("rest", v); }
for (x in []) { print("never"); }
try { for (x in 5) { } } except (e) { print(e.type); }
try { for (x in null) { } } except (e) { print(e.type); }
