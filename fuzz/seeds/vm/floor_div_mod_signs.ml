// `//` floors toward -infinity and `%` takes the sign of the divisor
print(7 // 2, -7 // 2, 7 // -2, -7 // -2);
print(7.5 // 2, -7.5 // 2, 7 // 2.0);
print(7 % 3, -7 % 3, 7 % -3, -7 % -3);
print(-7.5 % 2, 7.5 % 2, 5.0 % 3, -7 % 3.0);
print(6 % 3, 0 // 5);
print(typeof(7 // 2), 7 // 2 == 3);
