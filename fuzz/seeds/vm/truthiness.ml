// falsy: false, null, 0, 0.0, -0.0, "", [], {}; everything else is truthy
function f() { return 0; }
values = [false, null, 0, 0.0, -0.0, "", [], {},
          float("nan"), "0", " ", [0], {a: null}, f, 1, -1, 0.5, true];
for (v in values) {
    if (v) { branch = "T"; } else { branch = "F"; }
    print(repr(v), bool(v), !v, branch, v ? "yes" : "no");
}
print(bool(print), bool(fn() => null));
n = 3;
while (n) { n = n - 1; }
print(n);
