// Arrays and texts that grow past a megabyte by appends (their buffers
// then move into memory mappings) keep every element, in order, through
// growth, copies, slices, sorting and a shrink back to small.
a = [];
i = 0;
while (i < 300000) {
    a.append(i * 7 % 1000);
    i = i + 1;
}
print(len(a), a[0], a[1], a[299999], sum(a));
b = a[:];
b.append(-1);
print(len(a), len(b), b[300000], b[123456] == a[123456]);
c = a[100:200000:3];
print(len(c), c[0], c[len(c) - 1], sum(c));
s = sorted(a);
print(s[0], s[299999], s[150000]);
words = [];
k = 0;
while (k < 200000) {
    words.append("w" + str(k % 97));
    k = k + 1;
}
text = " ".join(words);
print(len(text), text[:12], text[len(text) - 6:]);
back = text.split(" ");
print(len(back), back[0], back[199999], back == words);
while (len(a) > 10) {
    a.pop();
}
print(a);
a.append("x");
print(len(a), a[10]);
nested = [];
j = 0;
while (j < 70000) {
    nested.append([j, str(j)]);
    j = j + 1;
}
print(len(nested), nested[69999], nested[35000][1]);
