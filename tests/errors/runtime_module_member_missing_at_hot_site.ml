// mlpy-flags: -M ../programs/fixtures/modules
// a call site that found `f` in one module many times, then meets a module
// without it: the same AttributeError, at the call, as on a first read
import math;
import site_b;
function call(m) {
    return m.f(2);
}
for (i in range(5)) {
    print(call(site_b));
}
print(call(math));
