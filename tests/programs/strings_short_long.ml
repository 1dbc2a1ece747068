// strings at the inline-storage boundary (15 bytes) behave like any other:
// concatenation, in-place appends, equality, keys, slicing, split and join
a = "abcdefghijklmno";
b = a + "p";
c = "abcdefghijklmn" + "o";
print(len(a), len(b), a == c, b == a + "p", b[-1], b[15], b[:15] == a);
s = "";
i = 0;
while (i < 20) {
    s = s + str(i % 10);
    i = i + 1;
}
print(s, len(s), s[14:17], s[::-1]);
o = {};
o[a] = 1;
o[c] = o[c] + 1;
o[b] = 3;
o[s[0:15]] = 4;
o["0123456789" + "01234"] = o["012345678901234"] + 1;
print(o);
print(keys(o), o[b[0:15]]);
u = "héllo wörld, ünïcode ✓ text";
print(len(u), u[1:4], u[-4:], u[::2], u[::-3], u[3:3], u[20:5], u[-100:2]);
print(u.split(" "), u.split("ö"), u.split(" ", 1), ",".join(["x", "yy", "", "zzz"]));
print("a,b,,c".split(","), "".join([]), "-".join(["only"]), "a  b".split(" "));
t = "✓";
t = t + "✓✓✓✓✓";
print(len(t), t[2:4], t == "✓✓✓✓✓✓");
print([1, 2, 3, 4, 5][1:4], [1, 2, 3, 4, 5][::-2], [1, 2, 3][5:9], [1, 2, 3][-9:1]);
print("abc"[0:100:1000000000000000000], "abcdef"[5:0:-9223372036854775807]);
