// parameter type annotations are parsed and ignored
function add(a: number, b: number) {
    return a + b;
}
print(add(2, 3));
concat = fn(s: string, n: int) => s + n;
print(concat("n=", 4));
g = function(x: anything) { return x; };
print(g("ok"));
