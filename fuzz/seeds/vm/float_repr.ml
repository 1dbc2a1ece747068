// floats print like Python's repr: shortest round-trip digits, sci notation outside 1e-4 <= |x| < 1e16
print(100.0, 1.0, 3.5, 2.0 * 4);
print(1e16, 1e15, 1e22);
print(0.0001, 0.00001, 1.5e-7);
print(123456789.123, 1.2345678901234567e20);
print(12345678901234567.0, 9999999999999998.0);
print(5e-324, 1.7976931348623157e308);
print(1 / 3, 2 / 3, 0.1);
print(-0.0, 0.0, -2.5e-5);
print(float("inf"), float("-inf"), float("nan"));
print(1e300 * 1e300, -(1e300 * 1e300));
print([1.0, 1e16, 1e-05], str(0.5));
print(2.5e15, 123e-2);
