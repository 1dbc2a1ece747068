// Slicing and indexing strings with int bounds (the VM's fast paths) agree
// with the general rules: clamping, negative bounds, huge bounds, one
// character and whole-string results, non-ASCII text by code point, and
// every other kind of bound or receiver still takes the general path.
a = "abcdefghijklmnopqrstuvwxyz";
u = "aé✓😀bcdéf";
big = 9223372036854775807;
small = -9223372036854775807 - 1;
print(a[0:3], a[23:], a[:2], a[-3:], a[:-24], a[-5:-2], a[3:3] == "", a[5:2] == "");
print(a[0:big] == a, a[small:2], a[small:small] == "", a[big:] == "", a[-big:3], a[2:small] == "");
print(u[0:3], u[1:2], u[3:4], u[-1:], u[-4:-1], u[2:], u[:2], u[5:5] == "", u[7:99]);
print(u[0:big] == u, u[small:3], u[-100:1]);
print(a[0], a[25], a[-1], a[-26], u[1], u[2], u[3], u[-1], u[-2]);
// Slices built in a loop, compared and searched, as text code does.
best = a[0:5];
total = 0;
i = 0;
while (i < 40) {
    at = i * 7 % 22;
    piece = a[at:at + 5];
    rot = piece[2:] + piece[:2];
    if (rot < best) {
        best = rot;
    }
    total = total + ord(rot[0]) + ord(piece[-1]) + piece.find("k");
    i = i + 1;
}
print(best, total);
w = "wörter✓";
j = 0;
while (j < len(w)) {
    print(j, w[j], w[j:j + 2], w[-j - 1], w.find(w[j]));
    j = j + 1;
}
// Other bounds and receivers: floats, bools, null, a step, arrays.
print(a[1.0:3], a[true:3], a[null:2], a[2:null] == a[2:], a[1:9:3], a[::-5]);
arr = [1, 2, 3, 4];
print(arr[1:3], arr[-2:], arr[:big], arr[0], arr[-1]);
// Errors keep their types and messages.
for (bad in [1, 26, -27, big, small]) {
    try {
        print(a[bad]);
    } except (e) {
        print(bad, e.type, e.message);
    }
}
try {
    print(u[9]);
} except (e) {
    print(e.type, e.message);
}
try {
    print(a["x":2]);
} except (e) {
    print(e.type, e.message);
}
try {
    print(a[1:2:0]);
} except (e) {
    print(e.type, e.message);
}
try {
    print(a[1.5]);
} except (e) {
    print(e.type, e.message);
}
try {
    n = 5;
    print(n[1:2]);
} except (e) {
    print(e.type, e.message);
}
try {
    print(a.find(1));
} except (e) {
    print(e.type, e.message);
}
print(a.find("c"), a.find("c", 3), a.find("xyz"), a.find(""), u.find("✓"), u.find("é", 2), u.find(""));
print("".find(""), "".find("a"), u.find("é", -9), u.find("d", -3), a.find("z", 25, 26));
