// number literal forms: ints have no `.`/exponent, everything else is a float
print(42, typeof(42));
print(42.0);
print(5.);
print(.5);
print(1e3);
print(1E3);
print(2.5e-3);
print(1e+2);
print(0);
print(007);
print(-12);
print(3.14);
print(1.0 == 1);
