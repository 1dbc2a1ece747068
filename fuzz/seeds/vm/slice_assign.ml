// slice assignment splices (lengths may differ); extended slices must match in length
a = [1, 2, 3, 4, 5];
a[1:3] = [7, 8];
print(a);
a[1:3] = [9];
print(a);
a[1:1] = [0, 0];
print(a);
a[len(a):] = [6];
print(a);
a[:] = [];
print(a);
b = [0, 1, 2, 3, 4, 5];
b[::2] = ["x", "y", "z"];
print(b);
try { b[::2] = [1, 2]; } except (e) { print(e.type); }
print(b);
c = [1, 2, 3];
alias = c;
c[0:2] = [];
print(alias);
