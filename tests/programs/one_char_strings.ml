// One-character strings (from indexing, iteration and str(digit)) are
// shared behind the scenes; appending to one must never change another.
a = "abc"[0];
b = str(7);
s = a;
s = s + "x";
s = s + "y";
print(a, s);
t = b;
t = t + b;
print(b, t);
letters = [];
for (c in "hello") {
    letters.append(c);
}
w = letters[2];
w = w + "!";
print(letters, w, "hello"[2]);
digits = "";
i = 0;
while (i < 12) {
    digits = digits + str(i % 10);
    i = i + 1;
}
print(digits, str(0), str(9), str(10), "é"[0] + "ö");
