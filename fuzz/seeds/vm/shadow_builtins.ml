// builtins can be shadowed by ordinary variables and functions; `builtin.x` reaches the original
len = 0;
print(len);
print(builtin.len([1, 2]));
function max(a, b) { return "mine"; }
print(max(1, 2));
print(builtin.max(1, 2));
values = [3, 4];
range = 10 - 3;
print(range, values);
function stats(xs) {
    sum = 0;
    for (x in xs) { sum = sum + x; }
    sorted = "local";
    return [sum, sorted];
}
print(stats([1, 2, 3]));
print(sorted([2, 1]));
print(builtin.range(3));
