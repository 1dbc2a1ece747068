// `c ? a : b` binds looser than `||` and is right-associative
print(1 + (true ? 2 : 3));
print(1 + (false ? 2 : 3));
print(false ? 1 : true ? 2 : 3);
print(true ? false ? 1 : 2 : 3);
print(0 || 1 ? "y" : "n");
print(true ? 1 : 2 + 10, false ? 1 : 2 + 10);
print(1 < 2 ? "lt" : "ge");
sign = fn(x) => x > 0 ? "pos" : x < 0 ? "neg" : "zero";
print(sign(5), sign(-5), sign(0));
print([true ? "a" : "b", false ? "a" : "b"]);
x = null;
print(x == null ? "none" : x.field);
