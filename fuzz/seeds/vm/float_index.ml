// integral floats are accepted wherever an int is required; fractional/nan/inf are TypeError
a = [10, 20, 30, 40];
print(a[4 / 2]);
mid = len(a) / 2;
print(a[mid - 1]);
print("hello"[1.0], a[-1.0]);
print(a[1.0:3.0]);
print(range(3.0), range(0, 6.0, 2.0));
print("ab" * 2.0, [0] * 2.0);
print(chr(65.0), hex(255.0));
a[0.0] = 11;
print(a);
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
check(fn() => a[1.5]);
check(fn() => a[float("nan")]);
check(fn() => a[float("inf")]);
check(fn() => range(2.5));
check(fn() => "ab" * 1.5);
