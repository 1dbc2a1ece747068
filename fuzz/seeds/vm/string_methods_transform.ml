// string methods (Python meaning): strip, replace, split, join, padding
print("[" + "  hi  ".strip() + "]", "[" + "  hi  ".lstrip() + "]", "[" + "  hi  ".rstrip() + "]");
print("a-b-c".replace("-", "+"), "aaa".replace("a", "bb"));
print("a,b,,c".split(","), "a b  c".split(), " x ".split());
print("one two".split(" "), "abc".split(","));
print(",".join(["a", "b", "c"]), "".join(["x", "y"]), repr("-".join([])));
print("[" + "hi".center(6) + "]", "abc".center(6, "-"), "hi".center(2));
print("hi".ljust(5, "."), "[" + "hi".rjust(5) + "]", "7".rjust(3, "0"));
s = "unchanged";
t = s.upper();
print(s, t);
