// a for-loop variable stays bound after the loop with its last value
for (i in range(3)) { }
print(i);
for (ch in "xyz") { }
print(ch);
j = "before";
for (j in []) { }
print(j);
for (k in [1, 2, 3, 4]) {
    if (k == 2) { break; }
}
print(k);
function f() {
    for (n in [10, 20]) { }
    return n;
}
print(f());
