// string and array methods: Python meaning, errors, iteration over strings and objects
s = "  Hello World  ";
print(s.strip(), s.lstrip() + "|", s.rstrip() + "|", s.upper(), s.lower(), "a,b,,c".split(","), " a  b ".split(), "a b c".split(" ", 1));
print("hello".find("l"), "hello".rfind("l"), "hello".index("e"), "hello".count("l"), "hello".startswith("he"), "hello".endswith("lo"));
print("x".join(["a", "b"]), "-".join("abc"), "hello world".title(), "hELLO".capitalize(), "AbC".swapcase());
print("123".isdigit(), "abc".isalpha(), "a1".isalnum(), "  ".isspace(), "ABC".isupper(), "abc".islower());
print("ab".center(6, "*"), "ab".ljust(4) + "|", "ab".rjust(4, "0"), "aaa".replace("a", "b"), "aaa".replace("a", "b", 1));
try { "x".foo(); } except (e) { print(e.type, e.message); }
try { "abc".index("z"); } except (e) { print(e.type, e.message); }
a = [3, 1, 2];
r = a.append(4);
print(r, a);
p = a.pop();
q = a.pop(0);
print(p, q, a);
a.extend([5, 6]); a.insert(0, 9); print(a);
a.remove(5); print(a, a.index(2), a.count(9));
a.sort(); print(a); a.sort(true); print(a); a.reverse(); print(a);
b = a.copy(); a.clear(); print(a, b);
try { [].pop(); } except (e) { print(e.type, e.message); }
try { [1].remove(2); } except (e) { print(e.type, e.message); }
try { [1, "a"].sort(); } except (e) { print(e.type, e.message); }
try { (5).foo(); } except (e) { print(e.type, e.message); }
for (c in "héllo") { print(c); }
o = {a: 1};
try { for (k in o) { o.b = 2; } } except (e) { print(e.type, e.message); }
print();
print("a", 1, 2.0, null, [true]);
