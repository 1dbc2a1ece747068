// calling a function with the wrong number of arguments is a TypeError
function two(a, b) { return a + b; }
print(two(1));
