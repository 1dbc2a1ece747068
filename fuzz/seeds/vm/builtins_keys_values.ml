// keys() and values() list an object's entries in insertion order
o = {b: 1, a: 2};
o.c = 3;
print(keys(o), values(o));
print(keys({}), values({}));
d = {};
d[2] = "two";
d["x"] = [1];
print(keys(d), values(d));
k = keys(o);
k[0] = "changed";
print(keys(o));
