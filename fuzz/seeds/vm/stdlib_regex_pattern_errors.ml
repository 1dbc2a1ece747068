// regex: Pattern methods (pos/endpos, toString with flags, property), and errors for bad patterns and arguments
import regex;
p = regex.compile('\d+', regex.IGNORECASE() + regex.MULTILINE());
print(p, p.getPattern(), p.getFlags(), p.pattern, typeof(p));
print(regex.compile('a', regex.DOTALL() + regex.ASCII()).toString(), regex.compile("it's").toString());
print(p.search("a1 b22 c333", 3), p.search("a1 b22 c333", 3, 5), p.match("a1 22", 3).value(), p.match("a1 22", 2));
print(p.fullmatch("x123y", 1, 4).value(), p.findall("1 2 3 4", 2, 5), len(p.finditer("1 2 3")), p.count("1 2 3"));
print(p.split("a1b2c"), p.split("a1b2c", 1), p.sub("#", "a1b2"), p.sub("#", "a1b2", 1), p.subn("#", "a1b2"));
print(p.test("abc"), p.test("a9"), regex.compile(p) == p, regex.search(p, "x42").value());
print(regex.search('^b', "ab"), regex.compile('^b', regex.MULTILINE()).search("a\nb", 1).span());
print(methods(p));
print(methods(regex.search('a', "a")));
for (bad in ['(', 'a)', '[a', 'x**', '\q', '(?P<1>a)', '(a)\2', '(?P=n)', 'a{2']) {
    try { regex.compile(bad); print("compiled", bad); } except (e) { print(e.type, bad); }
}
try { regex.search(5, "x"); } except (e) { print(e.type, e.message); }
try { regex.search('a', null); } except (e) { print(e.type, e.message); }
try { regex.sub('(a)', '\2', "a"); } except (e) { print(e.type, e.message); }
try { regex.search(p, "x", 2); } except (e) { print(e.type, e.message); }
try { p.nope(); } except (e) { print(e.type); }
print(regex.compile('a{2').search("a{2").value());
try { regex.compile('a', 4096); } except (e) { print(e.type, e.message); }
try { regex.test('(a|aa)+\1c', "a" * 40); } except (e) { print(e.type); }
