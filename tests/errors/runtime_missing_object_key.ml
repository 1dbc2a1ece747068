// reading a missing object key with [] is an uncaught KeyError
o = {a: 1};
print(o["b"]);
