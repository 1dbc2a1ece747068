// `x = x - k` on a local runs as one instruction; a text there is still
// the subtraction's type error, at the subtraction, not a concatenation.
function shorten(label) {
    label = label - 1;
    return label;
}
print(shorten(4));
print(shorten("four"));
