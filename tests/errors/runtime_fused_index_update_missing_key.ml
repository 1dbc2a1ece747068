// `c[w] = c[w] + 1` on a key the object lacks raises the read's KeyError,
// at the read, from inside the fused element update
function count(words) {
    c = {a: 1};
    for (w in words) {
        c[w] = c[w] + 1;
    }
    return c;
}
print(count(["a", "a"]));
count(["a", "b"]);
