// Pattern and Match methods come from one table each: the names methods()
// lists are the ones that can be called, each with its help line.
import regex;
p = regex.compile('(\d)(x)?');
m = p.search("a1b");
print(len(methods(p)), len(methods(m)));
print(help(p.sub));
print(help(m.span));
try { m.nosuch(1); } except (e) { print(e.type, e.message); }
try { p.nosuch(); } except (e) { print(e.type, e.message); }
print(m.span(1), p.subn("#", "a1"));
