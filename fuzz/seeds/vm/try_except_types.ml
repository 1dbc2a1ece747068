// runtime errors of each kind are caught by `except` and report their type name
function kind(f) {
    try {
        f();
        return "no error";
    } except (e) {
        return e.type;
    }
}
print(kind(fn() => [1] + 1));
print(kind(fn() => int("abc")));
print(kind(fn() => [1][5]));
print(kind(fn() => ({})["k"]));
print(kind(fn() => 1 / 0));
print(kind(fn() => not_defined_anywhere));
print(kind(fn() => null.x));
print(kind(fn() => [].nope()));
print(kind(fn() => next(iter([]))));
print(kind(fn() => range(1, 5, 0)));
print(kind(fn() => 5()));
print(kind(fn() => 1));
