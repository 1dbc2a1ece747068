// A frame that returned a constant leaves its caller resuming at the
// right place: the caller's later error points at the caller's line.
function flag(n) {
    if (n > 0) {
        return true;
    }
    return null;
}
function use(n) {
    v = flag(n);
    w = flag(0);
    return v + w;
}
print(use(1));
