// int op int stays int (except `/`); any float operand makes a float
print(1 + 2, 1 + 2.0, 2.0 + 1);
print(5 - 7, 5 - 7.0);
print(2 * 3, 2 * 3.0, 1.5 * 2);
print(10 / 5, 7 / 2, 1 / 4, -9 / 3);
print(0.1 + 0.2);
print(2 + 3 * 4, (2 + 3) * 4);
print(10 - 2 - 3, 100 / 10 / 5, 2 * 3 % 4);
print(-3, -(2.5), - -3);
print(typeof(1), typeof(1.5), typeof(10 / 5));
print(3 * 0.1);
print(1e300 * 1e300, -1e308 * 10);
