// sorted() and < on arrays of plain values (rows such as [count, word]),
// with ties, prefixes, floats against ints, nested rows and type errors.
rows = [[-3, "b"], [-3, "a"], [-10, "z"], [2], [2, "a"], [], [-3, "a", 1], [1.5, "x"], [1, "y"]];
print(sorted(rows));
print(sorted(rows, true));
print([1, 2] < [1, 2, 0], [1, 2] < [1, 2], [1, 3] > [1, 2, 9], [] < [0]);
print([1, "b"] <= [1, "b"], [1, "b"] >= [1, "c"], [true, 2] < [1, 3]);
print(sorted([[1, [2, "b"]], [1, [2, "a"]], [0, [9]], [1, [2]]]));
try { print(sorted([[2, [1]], [2, 1]])); } except (e) { print(e.type, e.message); }
same = [4, "q"];
print(sorted([same, [4, "p"], same]));
try {
    print([1, "a"] < ["a", 1]);
} except (e) {
    print(e.type, e.message);
}
try {
    print(sorted([[1, 2], [1, "x"]]));
} except (e) {
    print(e.type, e.message);
}
try {
    print([1, [2]] < [1, 2]);
} except (e) {
    print(e.type, e.message);
}
words = ["ka", "lo", "mi", "ka", "ne", "lo", "ka"];
counts = {};
for (w in words) {
    try {
        counts[w] = counts[w] + 1;
    } except {
        counts[w] = 1;
    }
}
ranked = [];
for (w in counts) {
    ranked.append([-counts[w], w]);
}
print(sorted(ranked));
