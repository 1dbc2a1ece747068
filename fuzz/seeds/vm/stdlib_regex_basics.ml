// regex: Python `re` syntax; unknown escapes like '\d' stay verbatim in string literals
import regex;
m = regex.search('(\d+)-(\d+)', "tel 12-345 x");
print(m.group(0), m.group(1), m.groups(), m.start(), m.end(), m.span());
print(typeof(m), regex.match('\d', "a1"));
print(regex.findall('\d+', "a1b22c333"), regex.findall('(\w)=(\d)', "a=1 b=2"));
print(regex.sub('\d', "#", "a1b2"), regex.sub('(\w+)@(\w+)', '\2 at \1', "joe@site"));
print(regex.split(',\s*', "a, b,c"), regex.count('a', "banana"), regex.escape("a.b"));
print(regex.test('abc', "ABC", regex.IGNORECASE()), regex.test('abc', "ABC"));
print(regex.IGNORECASE(), regex.MULTILINE(), regex.DOTALL());
print(regex.search('(?P<year>\d{4})', "in 2024").group("year"));
p = regex.compile('\d+');
print(typeof(p), p.findall("1 22"), p.test("x"), p.pattern);
print(p.toString());
print(regex.search('\d+', "abc 123").toString());
try { regex.compile('('); } except (e) { print(e.type); }
