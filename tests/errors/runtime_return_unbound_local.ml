// `return x` of a local never assigned on this path raises where the
// return is, and the caller's line is in the traceback; the earlier call,
// which returned the bound local, left nothing behind.
function pick(c) {
    if (c) {
        x = {v: 1};
    }
    return x;
}
function caller(c) {
    return pick(c);
}
print(caller(true).v);
print(caller(false));
