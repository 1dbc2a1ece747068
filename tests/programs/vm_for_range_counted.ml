// `for (x in range(...))` counts without building the array when `range`
// is the builtin; every other case behaves as calling it.
function collect(a, b, c) {
    out = [];
    for (i in range(a, b, c)) { out.append(i); }
    return out;
}
print(collect(0, 5, 1), collect(5, 0, -1), collect(0, 10, 3), collect(10, 0, -3));
print(collect(3, 3, 1), collect(3, 0, 1), collect(0, 3, -1), collect(-2, 2, 1));
for (i in range(4)) { print("one-arg", i); }
for (i in range(2, 4)) { print("two-arg", i); }
n = 0;
for (i in range(-1)) { n = n + 1; }
print("negative stop", n);
// Zero step raises, as calling range does.
try { for (i in range(0, 5, 0)) { print(i); } } except (e) { print(e.type, e.message); }
// Floats with integral values and booleans are accepted by range itself.
for (i in range(2.0)) { print("float arg", i); }
for (i in range(true, 3)) { print("bool arg", i); }
try { for (i in range(1.5)) { print(i); } } except (e) { print(e.type, e.message); }
try { for (i in range("3")) { print(i); } } except (e) { print(e.type, e.message); }
try { for (i in range()) { print(i); } } except (e) { print(e.type, e.message); }
// Huge bounds: the loop runs lazily and stops at a break.
for (i in range(9223372036854775800, 9223372036854775807, 3)) { print("near max", i); }
for (i in range(-9223372036854775807 - 1, -9223372036854775807 + 5, 4)) { print("near min", i); }
for (i in range(9223372036854775806, -9223372036854775807 - 1, -9223372036854775807)) { print("big step", i); }
k = 0;
for (i in range(1000000000000)) { k = k + i; if (i == 3) { break; } }
print("break", k);
// The loop variable keeps its last value; changing it does not change the count.
for (i in range(3)) { i = i * 10; print("body", i); }
print("after", i);
function last() { for (j in range(5)) { } return j; }
print(last());
// Arguments are evaluated once, left to right, before the loop.
function noisy(tag, v) { print("eval", tag); return v; }
for (i in range(noisy("a", 1), noisy("b", 3))) { print("loop", i); }
// Nested loops and continue.
s = [];
for (i in range(3)) { for (j in range(i)) { if (j == 1) { continue; } s.append([i, j]); } }
print(s);
// A shadowed `range` is called like any function.
function shadow() {
    range = function(n) { return ["custom", n]; };
    for (x in range(2)) { print("shadowed", x); }
}
shadow();
range_saved = range;
range = function(a, b) { return [b, a]; };
for (x in range(1, 2)) { print("global shadow", x); }
range = range_saved;
for (x in range(2)) { print("restored", x); }
import builtin;
for (x in builtin.range(2)) { print("member call", x); }
// A closure capturing the loop variable sees each value.
function make_closures() {
    out = [];
    for (i in range(3)) { out.append(function() { return i; }); }
    return out;
}
for (f in make_closures()) { print("closure sees", f()); }
