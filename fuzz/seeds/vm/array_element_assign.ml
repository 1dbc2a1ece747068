// `a[i] = v` replaces an element (negative counts from the end); arrays never grow by index
a = [1, 2, 3];
a[1] = 20;
a[-1] = 30;
print(a);
try { a[3] = 4; } except (e) { print(e.type); }
try { a[-4] = 4; } except (e) { print(e.type); }
print(a);
a = a + [4];
print(a);
b = a;
b[0] = 99;
print(a);
c = a + [];
c[0] = 0;
print(a[0], c[0]);
s = "abc";
try { s[0] = "x"; } except (e) { print(e.type); }
print(s);
