// A missing key names a near key of a record-sized object; an object with
// more than 256 keys (data, such as counts by word) gets no hint.
small = {width: 1, height: 2};
try { print(small["widht"]); } except (e) { print(e.type, e.message); }
big = {};
for (i in range(300)) { big["key" + i] = i; }
big["width"] = 1;
try { print(big["widht"]); } except (e) { print(e.type, e.message); }
// Counting with try/except over many distinct keys.
counts = {};
for (i in range(2000)) {
    w = "w" + (i * 7919 % 1000);
    try { counts[w] = counts[w] + 1; } except { counts[w] = 1; }
}
print(len(counts), counts["w0"], counts["w999"]);
