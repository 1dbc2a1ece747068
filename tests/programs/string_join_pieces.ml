// join: pieces inline and on the heap, ASCII and not, with separators of
// no, one and several bytes; the result's length in characters, its last
// characters and its use as a key; a wrong item raises.

function show(s) {
    n = len(s);
    tail = n > 0 ? s[-1] : "-";
    return str(n) + " " + tail + " " + repr(s[-5:]) + " " + repr(s[:5]);
}

pieces = ["", "a", "héllo", "0123456789abcdefghijklm", "0123456789abcdefghijklmn", "✓✓✓✓✓✓✓", "😀",
          "a long piece of text well past the inline limit"];
for (sep in ["", " ", ", ", "é", "✓✓"]) {
    print(show(sep.join(pieces)));
    print(show(sep.join([])), show(sep.join(["x"])), show(sep.join(["", ""])));
    k = 0;
    while (k < len(pieces)) {
        j = sep.join(pieces[k:]);
        if (len(j) != len(j[:]) || j != sep.join(pieces[k:])) {
            print("mismatch at", k);
        }
        k = k + 1;
    }
}
words = [];
i = 0;
while (i < 5000) {
    words.append(["ka", "lo", "mí", "ne"][i % 4] + str(i % 7));
    i = i + 1;
}
text = " ".join(words);
print(len(text), text[-12:], text[9997:10003]);
print(len(text.split(" ")), text.split(" ")[4999]);
counts = {};
counts["-".join(["al", "pha"])] = 1;
print(counts["al-pha"]);
print("+".join("abc"), "".join({"k": 1, "v": 2}));
try { print(",".join(["a", 1])); } except (e) { print(e.type, e.message); }
try { print(",".join(["a", null, "b"])); } except (e) { print(e.type, e.message); }
