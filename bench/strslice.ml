// strslice: string slicing, concatenation, comparison, find and upper on
// short strings. Builds a text from 2000 numbered words, then takes a
// 16-character window at a pseudo-random place each step, rotates it (two
// slices and a concatenation), keeps the smallest rotation, folds characters
// into a checksum and appends a 2-character slice to a growing string every
// 10th step.
// Output: checksum, smallest rotation, length and tail of the built string.
// Size: steps (default 1500000).
// Expected output: 893671360 -alpha1008-a1007 300000 -E-BN1ET73-TLT6-
import args;

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon",
         "zeta", "eta", "theta", "iota"];

function main(n) {
    parts = [];
    for (i in range(2000)) {
        parts.append(WORDS[i % 9] + str(i));
    }
    text = "-".join(parts);
    span = len(text) - 16;
    best = text[0:16];
    checksum = 0;
    out = "";
    i = 0;
    while (i < n) {
        a = i * 7919 % span;
        piece = text[a:a + 16];
        rot = piece[5:] + piece[:5];
        if (rot < best) {
            best = rot;
        }
        pos = piece.find("e");
        checksum = (checksum * 31 + ord(rot[0]) + ord(piece[-1]) + pos) % 1000000007;
        if (i % 10 == 0) {
            out = out + piece[2:4].upper();
        }
        i = i + 1;
    }
    print(checksum, best, len(out), out[-16:]);
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 1500000);
