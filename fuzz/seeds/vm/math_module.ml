// math: sqrt, floor/ceil/round (ints), abs, pow, constants and friends
import math;
print(math.sqrt(16), math.sqrt(2), math.sqrt(-4) == 0);
print(math.floor(3.7), math.floor(-3.2), math.floor(5), math.ceil(3.2), math.ceil(-3.2));
print(math.round(2.5), math.round(3.5), math.round(2.4));
print(math.abs(-7), math.abs(-2.5), math.abs(3));
print(math.pow(2, 10), math.pow(2, -1), math.pow(2.0, 3), math.pow(2, 0.5));
print(math.pi, math.e);
print(math.sign(-3), math.sign(0), math.sign(9));
print(math.factorial(5), math.factorial(0), math.factorial(-1));
print(math.gcd(12, 18), math.lcm(4, 6), math.min(3, 7), math.max(3, 7));
print(math.ln(0) == -999, math.ln(-1) == -999);
print(math.degrees(math.pi), math.radians(180), math.atan2(1, 1));
print(math.sin(0), math.cos(0), math.exp(0));
print(math.exp(1000), math.pow(10.0, 400));
r = math.random();
print(r >= 0 && r < 1);
print(typeof(math.floor(2.5)), math.floor(2.0) + 1);
