// E004: wrong argument counts to functions of this file and of ML modules
import helpers;
function two(a, b) { return a + b; }
print(two(1, 2));
print(two(1));
print(helpers.pair(1, 2, 3));
print(helpers.greet());
// rebound names are not checked: which function runs depends on the path
function maybe(a) { return a; }
if (len([]) == 0) { maybe = fn(a, b) => a; }
print(maybe(1, 2));
