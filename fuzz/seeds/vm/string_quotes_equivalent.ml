// single- and double-quoted strings mean the same thing
print('abc' == "abc");
print(len(''), len(""));
print('a' + "b");
print(typeof('x'));
