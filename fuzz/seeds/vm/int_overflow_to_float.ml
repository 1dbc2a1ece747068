// ints are i64 [spec 3.1 DECISION]: overflow of + - * // and unary - promotes to float
big = 9223372036854775807;
print(big);
print(big + 1);
print(-big - 2);
print(3037000500 * 3037000500);
print(-(-big - 1));
print((-big - 1) // -1);
print(9223372036854775808);
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
print(fact(20));
print(fact(21));
print(typeof(big + 1));
print(-big - 1);
