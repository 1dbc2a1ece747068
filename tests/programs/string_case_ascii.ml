// upper() and lower() on ASCII text of every size class and on text that
// is not ASCII (full Unicode mapping, which may change the length).
for (t in ["", "a", "Z9", "Hello, World", "fifteen bytes!!", "Sixteen Bytes!!!", "a much longer Mixed-Case text 123"]) {
    u = t.upper();
    l = t.lower();
    print(u, l, len(u) == len(t), u.lower() == l, l == t.lower());
}
s = "straße ǅ Éé";
print(s.upper(), s.lower(), len(s), len(s.upper()));
k = "key";
m = {};
m[k.upper()] = 1;
m["KEY"] = m["KEY"] + 1;
print(m, "abc".upper() == "ABC", "ABC".lower() < "abd");
try {
    print("abc".upper(1));
} except (e) {
    print(e.type, e.message);
}
