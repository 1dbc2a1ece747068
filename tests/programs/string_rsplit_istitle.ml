// str.rsplit(sep?, maxsplit?) and str.istitle(), as Python's str does them

print("a,b,c".rsplit(","));
print("a,b,c".rsplit(",", 1));
print("a,b,c".rsplit(",", 0));
print("a,b,c".rsplit(",", -1));
print("a,b,c".rsplit(",", 5));
print(",a,,b,".rsplit(","));
print(",a,,b,".rsplit(",", 2));
print("aaa".rsplit("aa"));
print("aaaa".rsplit("aa", 1));
print("x::y::z".rsplit("::", 1));
print("  a  b c  ".rsplit());
print("  a  b c  ".rsplit(null, 1));
print("  a  b c  ".rsplit(null, 0));
print("  a  b c  ".rsplit(null, 2));
print("a\tb\nc d".rsplit(null, 2));
print("   ".rsplit());
print("   ".rsplit(null, 0));
print("".rsplit());
print("".rsplit(","));
print("héllo wörld ünï".rsplit(" ", 1));
print("héllo\u3000wörld".rsplit());
print("path/to/file.txt".rsplit("/", 1));
print("Hello World".istitle());
print("Hello world".istitle());
print("hello".istitle());
print("HELLO".istitle());
print("A".istitle());
print("".istitle());
print("123".istitle());
print("Hello 123 World".istitle());
print("They'Re".istitle());
print("They're".istitle());
print("ǅungla".istitle());
print("Ǆungla".istitle());
print("ᾈ".istitle());
print("A1B".istitle());
print("Hello_World".istitle());
print("HeLLo".istitle());
print("1st Place".istitle());
print("Élan Vital".istitle());
print("Ünïcode Çase".istitle());
print("ΣΊΣΥΦΟΣ".istitle());
print("Σίσυφος".istitle());
print(" Leading Space".istitle());
print("A.B.C".istitle());
for (bad in [""]) { try { "abc".rsplit(bad); } except (e) { print(e.type + ": " + e.message); } }
try { "abc".rsplit(1); } except (e) { print(e.type); }
try { "abc".istitle(1); } except (e) { print(e.type); }
print("k=v=w".rsplit("=", 1)[0], "Title".istitle() && "title".title().istitle());
