// iter() makes an iterator; next() advances it, returning a default or raising when exhausted
it = iter([1, 2]);
print(typeof(it));
print(next(it), next(it));
print(next(it, "done"));
try { next(it); } except (e) { print(e.type + ": " + e.message); }
chars = iter("ab");
print(next(chars), next(chars), next(chars, "end"));
ks = iter({x: 1, y: 2});
print(next(ks), next(ks));
print(next(iter([]), 0));
