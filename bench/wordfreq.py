# wordfreq: string building, splitting and a dictionary keyed by strings.
# Generates n words from an LCG (1 to 3 syllables from a fixed list of 16,
# skewed towards the first ones), joins them into one text, splits it again
# and counts each word. Output: the number of words and of distinct words,
# then the 10 most frequent words with their counts (ties by word).
# Size: n words (default 600000). Expected output starts: 600000 3270
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
             "be", "do", "fu", "gi", "ha", "ju", "ko", "pe"]


def generate(n):
    syl = SYLLABLES
    words = []
    x = 7
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        parts = 1 + (x // 65536) % 3
        w = ""
        for _ in range(parts):
            x = (x * 1103515245 + 12345) % 2147483648
            r = x // 65536
            w = w + syl[(r % 16) * (r // 16 % 16) // 16]
        words.append(w)
    return " ".join(words)


def main(n):
    text = generate(n)
    counts = {}
    total = 0
    for w in text.split(" "):
        counts[w] = counts.get(w, 0) + 1
        total = total + 1
    ranked = sorted([(-c, w) for w, c in counts.items()])
    print(total, len(counts))
    for neg, w in ranked[:10]:
        print(w, -neg)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 600000)
