// a field used as an operand that is not a number raises at the operator
function gap(a, o) {
    return a - o.x;
}
print(gap(3, {x: 1}));
print(gap(3, {x: "one"}));
