// break/continue affect only the innermost loop
for (i in range(10)) {
    if (i == 2) { continue; }
    if (i == 5) { break; }
    print(i);
}
for (a in [1, 2]) {
    for (b in [1, 2, 3]) {
        if (b == 2) { break; }
        print(a, b);
    }
}
n = 0;
while (true) {
    n = n + 1;
    if (n % 2 == 0) { continue; }
    if (n > 5) { break; }
    print("odd", n);
}
print(n);
for (c in "abc") {
    try {
        if (c == "b") { continue; }
        print(c);
    } except (e) { }
}
