// Native functions called in the middle of expressions, with operands
// pending below them, failing inside try, and calling back into ML.
import functional;
function twice(x) { return x * 2; }
total = 1 + len([1, 2, 3]) * (2 + abs(-4)) + len(str(12345));
print(total);
try {
    n = 10 + len(1, 2);
} except (e) {
    print("caught", e.type);
}
try {
    n = 10 + int("not a number");
} except (e) {
    print("caught", e.type);
}
mapped = functional.map(fn(x) => x + len(str(x)) + twice(x), [1, 22, 333]);
print(mapped, len(mapped) + max(mapped[0], mapped[2]));
words = [];
for (w in ["a", "bb", "ccc"]) {
    words.append(str(len(w)) + w + str(len(words)));
}
print(words);
