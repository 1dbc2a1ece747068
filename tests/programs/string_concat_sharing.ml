// Concatenation never changes a string another name still holds: adding
// to an empty string, appending in place in a loop, and short and long
// results alike, ASCII and not.
t = "xy";
s = "";
s = s + t;
s = s + "z";
print(t, s, "" + t == t, t + "" == t, "" + "" == "", len("" + ""));
words = ["ka", "lo", "mé", "✓"];
built = [];
for (w in words) {
    acc = "";
    k = 0;
    while (k < 3) {
        acc = acc + w;
        k = k + 1;
    }
    built.append(acc);
}
print(words, built);
long = "";
i = 0;
while (i < 40) {
    long = long + str(i % 10);
    if (i == 13) {
        snap = long;
    }
    i = i + 1;
}
print(long, snap, len(long), len(snap));
u = "é";
v = u + "abcdefghijklmnopq";
w = v + v;
print(u, v, len(v), w, len(w), w[17], w[18], w[-1]);
e = "";
print(e + e + "" == "", e + u + e == u);
