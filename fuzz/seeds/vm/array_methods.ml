// array methods mutate in place and return null (except pop, index, count, copy)
a = [3, 1, 2];
print(a.append(4), a);
a.extend([5, 6]);
a.insert(0, 0);
print(a);
a.insert(100, 7);
a.remove(3);
print(a);
print(a.pop(), a.pop(0), a);
print(a.index(2), a.count(1), [1, 1, 2].count(1));
a.sort();
print(a);
a.sort(true);
print(a);
a.reverse();
print(a);
b = a.copy();
b.append(9);
print(a, b);
a.clear();
print(a, len(a));
function check(f) {
    try { print(f()); } except (e) { print(e.type); }
}
check(fn() => [1].remove(5));
check(fn() => [].pop());
check(fn() => [1].index(5));
check(fn() => [].nope());
