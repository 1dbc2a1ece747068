// a native that raises on its arguments (here a method of a string built
// for the call, and math.sqrt given too many): the traceback points at the
// call in each waiting frame
import math;
function parse(s) {
    return int(s.strip());
}
function outer(xs) {
    total = 0;
    for (x in xs) {
        total = total + parse(x + " ");
    }
    return total;
}
print(outer(["1", "2"]));
print(outer(["3", "x4"]));
