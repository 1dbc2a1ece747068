try { s = "a" * 100000 * 100000000; } except (e) { print(e.type); }
try { a = [1] * 100000000; b = a * 100000000; } except (e) { print(e.type); }
print(len("x".center(99999999)));
