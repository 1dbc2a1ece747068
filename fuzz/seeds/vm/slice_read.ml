// slices follow Python: optional parts, negative bounds, clamping, negative steps
a = [0, 1, 2, 3, 4, 5];
print(a[1:3], a[:2], a[4:], a[:]);
print(a[-2:], a[:-2], a[::2], a[1::2]);
print(a[::-1], a[4:1:-1], a[::-2]);
print(a[1:100], a[-100:2], a[5:1], a[10:]);
s = "abcdef";
print(s[1:4], s[::-1], s[::-2], s[-3:]);
print(repr(s[3:3]), repr(s[10:]));
print("héllo"[1:3]);
b = a[:];
b[0] = 99;
print(a[0], b[0]);
try { a[::0]; } except (e) { print(e.type); }
