// string methods (Python meaning, code-point indices): case, search, counting
s = "hello world";
print(s.upper(), "HéLLO".lower(), "héllo".upper());
print(s.capitalize(), "hELLO".capitalize(), s.title(), "Hello".swapcase());
print(s.startswith("hell"), s.startswith("world"), s.endswith("world"));
print(s.find("o"), s.rfind("o"), s.find("z"), "héllo".find("l"));
print(s.index("w"), s.rindex("l"), s.count("l"), s.count("xyz"));
try { s.index("z"); } except (e) { print(e.type); }
print("123".isdigit(), "12a".isdigit(), "".isdigit());
print("abc".isalpha(), "ab1".isalpha(), "ab1".isalnum(), "ab 1".isalnum());
print(" \t".isspace(), "".isspace(), "ABC".isupper(), "AbC".isupper(), "abc".islower());
print(s.length, s);
