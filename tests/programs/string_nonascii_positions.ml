// Indexing, slicing and searching long non-ASCII text by code point, in
// every order (the positions found are remembered between lookups, so
// these walks must agree with a fresh count wherever they start).
s = "aé✓😀b" * 400;
n = len(s);
marks = 0;
for (i in range(n)) {
    if (s[i] == "✓") {
        marks = marks + 1;
    }
}
back = "";
i = n - 1;
while (i >= n - 7) {
    back = back + s[i];
    i = i - 1;
}
jumps = "";
for (k in range(8)) {
    jumps = jumps + s[k * 7919 % n];
}
print(n, marks, back, jumps, s[-1], s[1000], s[-1000]);
print(s[997:1003], s[-3:], s[1:2], s[n - 2:n + 5], s[1995:2005:3], len(s[3:-3]));
print(s.find("😀", 1500), s.rfind("é", 0, 1000), s.count("b", 10, 30), s.startswith("😀b", 3), s.endswith("😀", 0, 4));
t = s;
t = t + "Z";
print(len(t), t[-2:], s[-1:], t[2000]);
w = "";
for (k in range(300)) {
    w = w + "ö";
    if (w[k] != "ö") {
        print("bad", k);
    }
}
print(len(w), w[150:152]);
