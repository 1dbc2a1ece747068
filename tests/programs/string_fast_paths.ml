// The fast paths of strings give the same answers as the general ones:
// slices that are the whole string or one character, ASCII and non-ASCII
// text, one-byte and longer needles, splitting, and method names.
a = "hello, world";
u = "héllo, wörld ✓";
print(a[:] == a, a[0:len(a)], a[0:100], a[-100:], u[:], u[0:len(u)]);
print(a[1:2], a[-1:], a[4:5] + a[5:6], u[1:2], u[-1:], u[13:14]);
print(a[5:5] == "", u[3:1] == "", a[::-1], u[::-1], a[::3], u[1::4]);
print(a[-3:-1], u[-3:-1], a[2:-2:2], u[10:2:-3], ""[:], ""[0:5], ""[::-1]);
print(a[1.0:3], a[null:2], a[2:null], a[true:3]);
print(a.find("o"), a.rfind("o"), a.find("o", 5), a.find("o", 5, 8), a.find("z"));
print(u.find("ö"), u.find("l"), u.rfind("l"), u.find("✓"), u.find("l", -4));
print(a.find("or"), a.rfind("l"), u.find("wö"), u.rfind("lo"), u.find("", 3), u.find("", 99));
print(a.index("w"), u.rindex("l"), a.count("l"), u.count("l"), u.count("ö"), a.count(""), a.count("l", 4, -2));
print(a.find("hello, world!"), a.find("d", 11), a.find("d", 12), a.rfind("h", 1));
print(a.startswith("he"), a.endswith("d"), u.startswith("hé"), u.endswith("✓"), a.startswith("world", 7));
print("a b  c".split(" "), "a,b,,c,".split(","), "a::b::".split("::"), "x".split("x"));
print("a,b,c,d".split(",", 2), "a b c".split(" ", 0), "a::b::c".split("::", 1));
print(" a\tb\n\nc  ".split(), " a b c ".split(null, 1), "   ".split(), "".split(), "é ö ✓".split(" "));
print("abc" < "abd", "abc" < "ab", "é" > "z", u < a, a + u > a, "" < "a", "a" <= "a");
s = "abc";
m = s.upper;
print(m(), s.upper(), s.find("c"), s.startswith("ab"), s.isupper(), s.center(7, "*"));
try {
    s.uper();
} except (e) {
    print(e.type, e.message);
}
try {
    "abc".startswithstartswith();
} except (e) {
    print(e.type, e.message);
}
