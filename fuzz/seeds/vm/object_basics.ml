// objects: literals with identifier and string keys, insertion order, reference semantics
o = {name: "Ada", "full name": "Ada Lovelace", n: 3};
print(o.name, o["full name"], o["n"]);
o.age = 36;
o["n"] = 4;
print(o);
print(keys(o));
print(values(o));
print(len(o));
nested = {inner: {v: [1, 2]}};
nested.inner.v[0] = 9;
print(nested);
alias = o;
alias.name = "Grace";
print(o.name);
grow = {};
for (k in ["a", "b"]) { grow[k] = k + k; }
print(grow);
