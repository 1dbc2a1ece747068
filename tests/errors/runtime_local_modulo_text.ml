// `local % k` runs as one instruction; a text there is still the modulo's
// error, reported at the function's line.
function text(s) {
    return s % 2;
}
print(text(7));
print(text("ab"));
