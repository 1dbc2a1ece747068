// the builtin module holds the same function values as the global names
print(builtin.len == len, builtin.print == print);
x = builtin;
import builtin;
print(x == builtin);
len = 5;
print(builtin.len([1, 2]), len);
