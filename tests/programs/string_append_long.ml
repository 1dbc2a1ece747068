// Appending to a string that is not shared grows it in place, also past
// the size where its text moves into a memory mapping of its own; a copy
// taken on the way keeps its own text.
s = "é";
i = 0;
kept = null;
while (i < 300000) {
    s = s + "0123456789";
    if (i == 150000) {
        kept = s;
    }
    i = i + 1;
}
print(len(s), len(kept), s[:3], s[-3:], kept[-2:], s[1500001:1500005]);
print(s.find("9012"), s.rfind("é"), s.count("5"), s[len(kept)] == "0", s == kept + s[len(kept):]);
t = s + "!";
print(len(t), t[-2:], len(s));
