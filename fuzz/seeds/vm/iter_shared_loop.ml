// a for loop over an iter() value advances that iterator: break leaves the rest
it = iter([1, 2, 3, 4, 5]);
for (x in it) {
    if (x == 2) {
        break;
    }
}
print(next(it, "E"));
for (x in it) {
    print(x);
}
print(next(it, "done"));
a = [1, 2];
for (x in iter(a)) {
    if (len(a) < 4) {
        a.append(x + 10);
    }
}
print(a);
