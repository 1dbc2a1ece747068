// The pieces of a split know their length in characters: ASCII text and
// text with other characters, one-byte and longer separators, whitespace
// runs, limits; each piece is measured, indexed from the end, sliced,
// compared and used as a key.

function show(pieces) {
    out = [];
    for (p in pieces) {
        last = len(p) > 0 ? p[-1] : "-";
        out.append(str(len(p)) + ":" + last + ":" + p[1:] + ":" + p[::-1]);
    }
    return " ".join(out);
}

texts = ["kalo mi nesa", "a,,b,c,", "héllo wörld ✓", "x✓y,z,😀", " lead  trail ",
         "0123456789abcdefghijklmnopqrstuvwxyz 0123456789abcdefghijklm"];
for (t in texts) {
    print(show(t.split(" ")));
    print(show(t.split(",")));
    print(show(t.split()));
    print(show(t.split(" ", 1)));
    print(show(t.split("lo")));
}
counts = {};
for (w in "ka lo ka mi lo ka".split(" ")) {
    try {
        counts[w] = counts[w] + 1;
    } except {
        counts[w] = 1;
    }
}
print(counts["ka"], counts["lo"], counts["mi"], "ka lo".split(" ")[0] == "ka");
