// W006: a function made on the spot equals nothing (arrays and objects
// compare by value, so `x == []` is a fine emptiness test)
f = fn(x) => x;
print(f == fn(x) => x);
print(f != function(x) { return x; });
print([] == [], {} == {});
