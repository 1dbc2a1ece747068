// W004, W005: a local that hides a builtin or an imported module
import math;
function area(r) {
    len = 2;
    math = 3;
    return len * math * r;
}
function pick(max) { return max; }
print(area(1), pick(2), math.pi);
