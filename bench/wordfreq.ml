// wordfreq: string building, splitting and an object keyed by strings.
// Generates n words from an LCG (1 to 3 syllables from a fixed list of 16,
// skewed towards the first ones), joins them into one text, splits it again
// and counts each word. Output: the number of words and of distinct words,
// then the 10 most frequent words with their counts (ties by word).
// Size: n words (default 600000). Expected output starts: 600000 3270
import args;

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
             "be", "do", "fu", "gi", "ha", "ju", "ko", "pe"];

function generate(n) {
    words = [];
    x = 7;
    k = 0;
    while (k < n) {
        x = (x * 1103515245 + 12345) % 2147483648;
        parts = 1 + (x // 65536) % 3;
        w = "";
        p = 0;
        while (p < parts) {
            x = (x * 1103515245 + 12345) % 2147483648;
            r = x // 65536;
            w = w + SYLLABLES[(r % 16) * (r // 16 % 16) // 16];
            p = p + 1;
        }
        words.append(w);
        k = k + 1;
    }
    return " ".join(words);
}

function main(n) {
    text = generate(n);
    counts = {};
    total = 0;
    for (w in text.split(" ")) {
        try {
            counts[w] = counts[w] + 1;
        } except {
            counts[w] = 1;
        }
        total = total + 1;
    }
    ranked = [];
    for (w in counts) {
        ranked.append([-counts[w], w]);
    }
    ranked = sorted(ranked);
    print(total, len(counts));
    for (pair in ranked[:10]) {
        print(pair[1], -pair[0]);
    }
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 600000);
