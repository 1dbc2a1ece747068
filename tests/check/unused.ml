// W001, W002: unused locals and imports; parameters, loop variables and
// names starting with _ are not reported
import math;
import json;
function f(x, unused_param) {
    total = 0;
    scratch = 1;
    _ignored = 2;
    for (i in range(3)) { total = total + x; }
    function helper() { return 1; }
    return total;
}
print(f(1, 2), json.stringify([1]));
