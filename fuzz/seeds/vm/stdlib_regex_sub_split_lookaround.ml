// regex: sub/subn with backreferences and functions, split with groups, findall with 0/1/2 groups, lookaround
import regex;
print(regex.findall('\d', "a1b2"), regex.findall('(\d)x', "1x2y3x"), regex.findall('(\w)(\d)?', "a1b"));
print(regex.findall('x*', "abxd"), regex.sub('x*', "-", "abxd"));
print(regex.sub('(\w+) (\w+)', '\2 \1', "hello world"), regex.sub('(?P<a>\d+)', '<\g<a>>', "a1b22"));
print(regex.sub('(\d)', '\g<1>0', "1 2"), regex.sub('a', "b", "aaaa", 2), regex.sub('a(b)?', '[\1]', "a ab"));
print(regex.subn('\s+', " ", "a   b \t c"), regex.sub('o', '\n', "foo") == "f\n\n");
print(regex.sub('\d+', fn(m) => str(int(m.group()) * 2), "3 apples, 10 pears"));
print(regex.split('[,;]', "a,b;c"), regex.split('(,)', "a,b"), regex.split(',', "a,b,c,d", 2));
print(regex.split('(a)|b', "xbyaz"), regex.split('x*', "axbc"));
print(regex.findall('(?<=\$)\d+', "cost $15 and $7, not 3"), regex.findall('\w+(?=!)', "hi! no yes!"));
print(regex.findall('(?<!-)\b\d+', "-5 6 -7 8"), regex.findall('\b(?!un)\w+', "undo redo unit tie"));
print(regex.search('(\w)\1', "abccd").value(), regex.search('(?P<q>[\'"]).*?(?P=q)', "say 'hi' now").value());
print(regex.fullmatch('a|ab', "ab").value(), regex.fullmatch('\d+', "12x"), regex.match('b', "ab"), regex.match('a', "ab").value());
print(regex.escape("1+1=2? (yes) [ok] $5.99"), regex.isValid('(a'), regex.isValid('a{2}'), regex.count('an', "banana"));
print(regex.search('\d+', "abc 123").expand('[\g<0>]'), regex.search('(\w+)@(\w+)', "me@host").expand('\2 at \1'));
print(regex.findall('{x}', "a{x}b"), regex.findall('a{,2}', "aaa"), regex.findall('[[]', "a[b"), regex.search('\x41\u00e9', "Aé").value());
