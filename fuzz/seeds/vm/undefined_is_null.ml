// `undefined` is another spelling of `null`; None/True are ordinary identifiers
print(undefined);
print(undefined == null);
print(typeof(undefined));
x = undefined;
print(x == null, x);
print([undefined]);
try { print(None); } except (e) { print(e.type); }
True = "an ordinary identifier";
print(True);
