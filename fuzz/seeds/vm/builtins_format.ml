// format(v, spec): Python format-spec mini-language
print(format(3.14159, ".2f"), format(42, "05d"), format(1234567.891, ",.2f"));
print(format(255, "x"), format(255, "X"), format(5, "b"), format(8, "o"));
print(format(0.5, "%"), format(0.256, ".1%"));
print(format(12345.678, ".2e"), format(1e-5, ".2e"));
print(format(0.0001234, "g"), format(1234567, "g"), format(100000, "g"), format(3.0, "g"));
print(format(123.456, ".4g"), format(0.00001234, ".3g"));
print("[" + format(3.14159, "8.3f") + "]", format(3.14159, "*^10.2f"));
print(format(5, "08.3f"), format(-5, "06d"), format(42, "+d"), format(-3.5, "+.1f"));
print(format(1234567, ",d"), format(-1234.5, ",.1f"), format(42, "f"));
print("[" + format("hi", ">5") + "]", "[" + format("hi", "<5") + "]", "[" + format("hi", "^6") + "]");
print(format(3, "*>4"), format("abc", "s"), format("ab", "-<4"));
print(typeof(format(1, "d")));
