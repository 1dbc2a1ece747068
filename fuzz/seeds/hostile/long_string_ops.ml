s = "ab" * 10000000;
t = s.replace("a", "xyz");
u = t.split("y");
v = "-".join(u);
print(len(v));
