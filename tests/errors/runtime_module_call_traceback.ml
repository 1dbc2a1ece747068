// a native module function called as `math.f(...)` runs in place; its
// error still carries the traceback through every ML frame
import math;

function norm(x) {
    return math.sqrt(x);
}

function outer(v) {
    return norm(v) + 1;
}

print(outer(4));
print(outer("four"));
