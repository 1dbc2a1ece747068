// arrays compare lexicographically, element by element, with the same rules
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9]);
print([] < [0], [] < [], [1, 2] <= [1, 2], [1, 2] >= [1, 3]);
print(["a", 1] < ["b", 0], [[1]] < [[2]], [1.5] > [1]);
print([1, "a"] < [2, 5]);
