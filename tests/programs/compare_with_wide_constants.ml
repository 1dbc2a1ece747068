// A local compared with an int constant wider than 16 bits, in loops and
// in if statements, with ints, floats and a wrong type.
function count_to(limit_hint) {
    n = 0;
    while (n < 100000) { n = n + 25000; }
    m = 5000000000;
    while (m >= 4999999998) { m = m - 1; }
    return [n, m];
}
print(count_to(0));
function classify(x) {
    if (x > 70000) { return "big"; }
    elif (x <= -70000) { return "very negative"; }
    return "small";
}
print(classify(70001), classify(70000), classify(-70000), classify(1.5e5), classify(-1e9));
try {
    classify("text");
} except (e) {
    print(e.type);
}
