// object keys are strings or ints: 1 and "1" differ, integral float keys become ints
d = {};
d[1] = "int one";
d["1"] = "string one";
print(d);
print(len(d), d[1], d["1"]);
print(d[1.0]);
d[2.0] = "two";
print(keys(d));
d.name = "via member";
print(d["name"]);
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
check(fn() => d[3]);
check(fn() => d["missing"]);
check(fn() => d[true]);
check(fn() => d[null]);
check(fn() => d[[1]]);
check(fn() => d[{}]);
e = {a: 1, b: 2};
e.a = 3;
print(e);
