// `{x, y} = obj` reads keys "x" and "y" into variables of the same names
{x, y} = {y: 2, x: 1, z: 3};
print(x, y);
point = {x: 10, y: 20};
{x} = point;
print(x);
try { {x, missing} = point; } except (e) { print(e.type); }
function norm1(p) {
    {x, y} = p;
    return x + y;
}
print(norm1({x: 3, y: -4}));
print(x, y);
