// escape sequences are processed; unknown escapes are kept verbatim (backslash included)
print("a\tb");
print("line1\nline2");
print("q\"q", 'it\'s');
print("back\\slash", "ends with \\");
print("\x41\x42", "\u00e9");
print("\d+", '\bcat\b', "(\\d{2})", "\q");
print(len("a\nb"), len("\0"), ord("\0"), len("\d"), ord("\r"));
print("single 'inside' double", 'double "inside" single');
print("raw
newline");
print(len("x
y"));
