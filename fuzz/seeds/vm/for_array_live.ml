// for-in iterates the live array object: in-place changes are seen, rebinding the name is not
a = [1, 2, 3];
for (x in a) {
    if (x == 1) {
        a.append(4);
        a[2] = 30;
    }
    print(x);
}
print(a);
b = [1, 2];
for (x in b) {
    b = b + [x * 10];
}
print(b);
