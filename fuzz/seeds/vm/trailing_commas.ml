// trailing commas are accepted in array and object literals
a = [1, 2, 3,];
print(a, len(a));
o = {x: 1, y: 2,};
print(o, len(o));
nested = [
    {k: "v",},
    [4,],
];
print(nested);
