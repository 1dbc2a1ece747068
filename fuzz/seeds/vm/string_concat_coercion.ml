// `+` with exactly one string operand converts the other with str()
print("n=" + 5);
print(5 + "a");
print("x" + true, "y" + false);
print("v: " + null);
print("f" + 2.0, "g" + 0.5, "h" + 1e20);
print("a" + [1, 'b', null]);
print("o" + {k: 1});
s = "abc";
print(s + 1);
print(1 + 2 + "x", "x" + 1 + 2);
print("x" + (1 + 2));
print("a" + "b");
function named() { return 1; }
print("f: " + named);
print("" + -0.0);
