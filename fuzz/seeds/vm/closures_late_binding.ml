// closures capture variables, not values: they see later assignments
fs = [];
for (i in range(3)) {
    fs = fs + [fn() => i];
}
print(fs[0](), fs[1](), fs[2]());
x = 1;
get_x = fn() => x;
x = 5;
print(get_x());
function make() {
    out = [];
    for (j in [1, 2, 3]) {
        out = out + [fn() => j * 10];
    }
    j = 100;
    return out;
}
r = make();
print(r[0](), r[2]());
function make_adder(n) {
    return fn(v) => v + n;
}
add2 = make_adder(2);
add10 = make_adder(10);
print(add2(1), add10(1));
function outer() {
    v = "early";
    g = fn() => v;
    v = "late";
    return g;
}
print(outer()());
