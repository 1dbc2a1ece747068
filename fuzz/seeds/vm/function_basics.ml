// functions: return values, implicit null, first-class values
function add(a, b) { return a + b; }
print(add(2, 3));
function nothing() { }
print(nothing());
function early(x) {
    if (x) { return; }
    return "not early";
}
print(early(true), early(false));
ops = [add, fn(a, b) => a * b];
print(ops[0](2, 3), ops[1](2, 3));
table = {sub: fn(a, b) => a - b};
print(table.sub(5, 3));
function apply(f, v) { return f(v); }
print(apply(fn(v) => v + 1, 41));
function compose(f, g) { return fn(x) => f(g(x)); }
print(compose(fn(x) => x * 2, fn(x) => x + 1)(5));
print(typeof(add), callable(add));
print(add, fn(x) => x);
