// user_utils: small helpers to try at the REPL.
//   ml> import user_utils
//   ml> user_utils.greet("Ada")
// Edit this file while the REPL runs, then `.reload user_utils`.
import string;

function greet(name) {
    return "Hello, " + name + "!";
}

function clamp(x, low, high) {
    if (x < low) {
        return low;
    }
    if (x > high) {
        return high;
    }
    return x;
}

function word_count(text) {
    counts = {};
    for (word in string.split(string.lower(text), " ")) {
        if (word != "") {
            counts[word] = getattr(counts, word, 0) + 1;
        }
    }
    return counts;
}

version = "1.0";
