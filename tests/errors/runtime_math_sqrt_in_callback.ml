// math.sqrt given a string by a map callback, after float and int
// arguments took its fast path at the same site: the general check's
// message, and a traceback through the callback
import functional;
import math;
function root(x) {
    return math.sqrt(x);
}
print(functional.map(fn(x) => root(x), [4.0, 9, true]));
print(functional.map(fn(x) => root(x), [16, "25"]));
