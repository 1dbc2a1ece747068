import regex;
import json;
s = "ab" * 1000000;
print(len(regex.findall("a", s)));
print(len(json.parse("[" + ("[" * 126) + ("]" * 126) + "]")));
print(json.parse("[" * 129));
