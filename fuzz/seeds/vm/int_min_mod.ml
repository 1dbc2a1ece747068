// the most negative int divided by -1: modulo is 0, floor division overflows to float
m = -9223372036854775807 - 1;
print(m % -1, m % 1);
print(m // -1);
print(typeof(m // -1));
