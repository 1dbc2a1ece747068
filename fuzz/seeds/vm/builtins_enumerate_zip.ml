// enumerate() and zip() return arrays of arrays
print(enumerate(["a", "b"]));
print(enumerate(["a", "b"], 1));
print(enumerate([]));
print(zip([1, 2, 3], ["a", "b"]));
print(zip([1], [2], [3]));
print(zip([], [1]));
for (pair in enumerate(["x", "y"])) {
    [i, v] = pair;
    print(i, v);
}
