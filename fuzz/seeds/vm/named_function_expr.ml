// `function` expressions: optional name bound only inside the body; full statement bodies
fact = function f(n) { return n <= 1 ? 1 : n * f(n - 1); };
print(fact(5));
try { print(f); } except (err) { print(err.type); }
g = function(a, b) {
    t = a * 2;
    return t + b;
};
print(g(3, 4));
try { print(t); } except (err) { print(err.type); }
function () { print("never runs"); };
function () { print("called immediately"); }();
nums = [3, 1, 2];
print(builtin.sorted(nums, true));
print(call(function(x, y) { return x - y; }, 10, 4));
