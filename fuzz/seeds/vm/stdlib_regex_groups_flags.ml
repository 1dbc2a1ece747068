// regex: groups, named groups, groupDict, lastGroup, flags and Match positions in code points
import regex;
m = regex.search('(?P<key>\w+)=(?P<val>\d+)?', "é key=42");
print(m.group(), m.group("key"), m.group(2), m.group("nope"), m.group(7));
print(m.groups(), m.groupDict(), m.groupCount(), m.lastGroup());
print(m.start(), m.end(), m.span(1), m.start("val"), m.span(5), m.value());
n = regex.search('(a)(b)?', "xa");
print(n.groups(), n.groupDict("-"), n.start(2), n.end(2), n.span(2), n.lastGroup());
print(regex.search('((?P<x>a)(b))', "ab").lastGroup(), regex.search('(?P<x>a)(?P<y>b)', "ab").lastGroup());
print(regex.search('ABC', "xabc", regex.IGNORECASE()).span());
print(regex.findall('^\w+$', "one\ntwo\nthree", regex.MULTILINE()));
print(regex.findall('^\w+$', "one\ntwo"), regex.search('a.b', "a\nb"), regex.search('a.b', "a\nb", regex.DOTALL()).value() == "a\nb");
print(regex.findall('\d+ # digits
  [a ]', "12a 3 4b", regex.VERBOSE()));
print(regex.findall('\w+', "héllo wörld"), regex.findall('\w+', "héllo wörld", regex.ASCII()));
print(regex.IGNORECASE() + regex.MULTILINE(), regex.UNICODE(), regex.VERBOSE(), regex.ASCII());
print(regex.search('(?i)hello', "HeLLo there").value());
print(regex.search('x$', "ax\n").span(), regex.search('x\Z', "ax\n"));
print(regex.finditer('ü(.)', "aüxüy")[1].toString());
print(regex.findall('\bx', "éx x", regex.ASCII()), regex.findall('\bx', "éx x"), regex.findall('\Bx', "éx ax", regex.ASCII()));
