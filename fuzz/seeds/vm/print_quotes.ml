// nested strings are quoted like Python's repr: single quotes unless only ' occurs
print(["it's"]);
print(['say "hi"']);
print(["both ' and \""]);
print(["line\n", "tab\t", "cr\r"]);
print(["back\\slash"]);
print(["\x01", "\x1f"]);
print(["é", "日本"]);
print({"it's": 1, 'q"': 2});
print(repr("a'b"), repr('a"b'), repr(""));
print("top level strings are not quoted: it's");
print([""], ["  "]);
