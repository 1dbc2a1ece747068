// the fused element update with an operand that is no number raises the
// operation's TypeError at the operator
function add(a, i, x) {
    a[i] = a[i] * x;
    return a;
}
print(add([3], 0, 2));
add({k: 3}, "k", null);
