// an extra closing bracket is a syntax error
x = [1, 2]];
print(x);
