// str() with two arguments is an uncaught TypeError naming the call, also
// after the one-int fast path has run in the same function
function label(n, extra) {
    t = str(n);
    return t + str(n, extra);
}
print(str(12) + str(-3));
print(label(7, 8));
