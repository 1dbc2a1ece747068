// `o.name` on an object is null when missing; calling a missing key or non-object member fails
o = {};
print(o.missing);
node = {value: null};
print(node.value == null, node.next == null);
print({}.x);
print(o.length);
o.length = 5;
print(o.length);
try { o.f(); } except (e) { print(e.type + ": " + e.message); }
o.k = 1;
try { o.k(); } except (e) { print(e.type); }
try { o.keys(); } except (e) { print(e.type); }
x = null;
try { print(x.y); } except (e) { print(e.type); }
n = 5;
try { print(n.y); } except (e) { print(e.type); }
try { print(true.x); } except (e) { print(e.type); }
try { print([1].nope); } except (e) { print(e.type); }
try { print("s".nope()); } except (e) { print(e.type); }
