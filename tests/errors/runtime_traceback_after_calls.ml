// after many calls have returned (and a handler has resumed a frame), an
// uncaught error still points at the instruction each frame was running
function leaf(x) {
    return x + 1;
}
function middle(n) {
    total = 0;
    for (i in range(n)) {
        total = total + leaf(i);
    }
    try {
        throw "handled";
    } except (e) {
        total = total + 1;
    }
    return total + {}.missing;
}
function top(n) {
    a = leaf(n);
    return a + middle(n);
}
print(top(100));
