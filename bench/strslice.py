# strslice: string slicing, concatenation, comparison, find and upper on
# short strings. Builds a text from 2000 numbered words, then takes a
# 16-character window at a pseudo-random place each step, rotates it (two
# slices and a concatenation), keeps the smallest rotation, folds characters
# into a checksum and appends a 2-character slice to a growing string every
# 10th step.
# Output: checksum, smallest rotation, length and tail of the built string.
# Size: steps (default 1500000).
# Expected output: 893671360 -alpha1008-a1007 300000 -E-BN1ET73-TLT6-
import sys

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon",
         "zeta", "eta", "theta", "iota"]


def main(n):
    parts = []
    for i in range(2000):
        parts.append(WORDS[i % 9] + str(i))
    text = "-".join(parts)
    span = len(text) - 16
    best = text[0:16]
    checksum = 0
    out = ""
    for i in range(n):
        a = i * 7919 % span
        piece = text[a:a + 16]
        rot = piece[5:] + piece[:5]
        if rot < best:
            best = rot
        pos = piece.find("e")
        checksum = (checksum * 31 + ord(rot[0]) + ord(piece[-1]) + pos) % 1000000007
        if i % 10 == 0:
            out = out + piece[2:4].upper()
    print(checksum, best, len(out), out[-16:])


main(int(sys.argv[1]) if len(sys.argv) > 1 else 1500000)
