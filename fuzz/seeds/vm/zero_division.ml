// division, floor division and modulo by zero raise ZeroDivisionError (int and float)
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
check(fn() => 1 / 0);
check(fn() => 1 // 0);
check(fn() => 1 % 0);
check(fn() => 1.0 / 0.0);
check(fn() => 5 % 0.0);
check(fn() => 2.5 // 0);
check(fn() => 0 / 0);
check(fn() => 1 / false);
check(fn() => 1 / 1);
