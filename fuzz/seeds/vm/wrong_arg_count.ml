// too few or too many arguments raise TypeError, for user functions and builtins
function two(a, b) { return [a, b]; }
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
check(fn() => two(1));
check(fn() => two(1, 2, 3));
check(fn() => two(1, 2));
check(fn() => (fn(x) => x)());
check(fn() => len());
check(fn() => len("a", "b"));
check(fn() => (fn() => 1)(1));
