// a missing string key read inside a function: KeyError with both frames
function lookup(table, word) {
    return table[word];
}
counts = {};
for (w in "a b c d e f g h i j k l".split(" ")) {
    counts[w] = 1;
}
print(lookup(counts, "b"));
print(lookup(counts, "b" + "b"));
