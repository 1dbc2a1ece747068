// invalid operand combinations raise TypeError
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
check(fn() => [1] + 1);
check(fn() => ({} + 1));
check(fn() => null + 1);
check(fn() => null + null);
check(fn() => "a" - 1);
check(fn() => "a" * "b");
check(fn() => [1] * [2]);
check(fn() => -"a");
check(fn() => -null);
check(fn() => "a" % 2);
check(fn() => ({a: 1} + {b: 2}));
check(fn() => [1] + [2]);
