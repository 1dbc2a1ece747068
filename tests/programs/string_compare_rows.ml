// Ordering of strings (by code points, inline and heap texts, shared and
// equal copies) in a function's compares, and sorting rows of ints and
// strings: ties on the first field decided by the second, equal rows
// keeping their order, rows of other kinds and mixed kinds as before.

function order(a, b) {
    out = [];
    if (a < b) { out.append("<"); }
    if (a <= b) { out.append("<="); }
    if (a > b) { out.append(">"); }
    if (a >= b) { out.append(">="); }
    if (a == b) { out.append("=="); }
    if (a != b) { out.append("!="); }
    return " ".join(out);
}

function compares() {
    long = "abcdefghijklmnopqrstuvwxyz";
    pairs = [["a", "b"], ["b", "a"], ["", "a"], ["", ""], ["ab", "abc"],
             ["abcdefgh", "abcdefgi"], ["abcdefgh", "abcdefgh0"],
             [long, long[:25]], [long, long[:23] + "x"], [long[:23], long[:24]],
             ["é", "z"], ["z", "é"], ["éa", "éb"], ["Z", "a"], [long, "" + long]];
    for (p in pairs) {
        print(repr(p[0]), repr(p[1]), order(p[0], p[1]));
    }
    best = "~";
    for (w in ["pear", "apple", "fig", "apples", "app"]) {
        if (w < best) { best = w; }
    }
    print(best);
    try {
        print("a" < 1);
    } except (e) {
        print("error:", e);
    }
}

function rows() {
    words = ["kaka", "ka", "lo", "mi", "ka", "lo", "zé", "ab"];
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
    print(sorted(ranked, true));
    same = ["x", "x"];
    print(sorted([[2, "b"], [1, "z"], [2, "a"], [1, "a"], [2, "b", 0], [2, "b"]]));
    print(sorted([[1, same[0]], [1, same[1]], [0, "y"]]));
    print(sorted([["b", 1], ["a", 2], ["a", 1], ["a"]]));
    print(sorted([[1.5, "a"], [1, "b"], [true, "c"], [0, "d"]]));
    try {
        print(sorted([[1, "a"], ["b", 2]]));
    } except (e) {
        print("error:", e);
    }
    try {
        print(sorted([[1, "a"], [1, 2]]));
    } except (e) {
        print("error:", e);
    }
}

compares();
rows();
