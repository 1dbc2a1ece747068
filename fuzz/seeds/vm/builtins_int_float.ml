// int() and float() conversions
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
print(int(true), int(false), int(3.9), int(-3.9), int(5.0));
print(int("42"), int(" 7 "), int("3.7"), int("1e3"), int("-5"));
check(fn() => int("abc"));
check(fn() => int(""));
check(fn() => int(null));
check(fn() => int([1]));
print(float(true), float(false), float(3), float(2.5));
print(float("1e2"), float(" 2.5 "), float("inf"), float("nan"), float("-3"));
check(fn() => float("abc"));
print(typeof(int("8")), int("8") + 1, float("8") + 1);
