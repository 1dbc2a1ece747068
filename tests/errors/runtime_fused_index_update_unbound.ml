// the fused element update of a local that was never assigned raises the
// NameError of reading it
function f(flag) {
    if (flag) {
        a = [1];
    }
    i = 0;
    a[i] = a[i] + 1;
    return a;
}
print(f(true));
f(false);
