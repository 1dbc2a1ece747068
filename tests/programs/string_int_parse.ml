// int() of number texts: the plain-digits fast path (a sign and up to 18
// digits) and everything it hands to the general parser (spaces,
// underscores, 19 digits, points, exponents), plus the errors.
for (t in ["0", "-0", "+0", "7", "-7", "+7", "007", "-007", "42", "123456789",
           "999999999999999999", "-999999999999999999", "+999999999999999999",
           "9223372036854775807", "-9223372036854775808", " 12", "12 ", "\t-3\n",
           "1_000", "-1_000_000", "3.7", "-3.7", "1e3", "  +5  "]) {
    print(repr(t), int(t));
}
// Round trips through str() at every power of ten
total = 0;
p = 1;
for (k in range(18)) {
    for (n in [p - 1, p, -p, -(p + 1)]) {
        if (int(str(n)) != n) {
            print("mismatch", n);
        }
        total = total + 1;
    }
    p = p * 10;
}
print("round trips", total);
for (bad in ["", "-", "+", "1a", "a1", "--1", "+-1", "1-", "12 34", "_1", "1_", "1__0", "٣", "9223372036854775808x"]) {
    try {
        print(int(bad));
    } except (e) {
        print(repr(bad), "->", e);
    }
}
try { int([1]); } except (e) { print(e); }
try { int("1", 2, 3); } except (e) { print(e); }
