// ordering unrelated kinds (string vs number, null, objects) is a TypeError
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
check(fn() => "1" < 2);
check(fn() => null < 1);
check(fn() => null >= null);
check(fn() => ({} < {}));
check(fn() => [1] < ["a"]);
check(fn() => [1] < 2);
check(fn() => "a" > []);
check(fn() => 2 > true);
