// `[a, b] = expr` unpacks an iterable of exactly that length
[a, b, c] = [1, 2, 3];
print(a, b, c);
[a, b] = [b, a];
print(a, b);
[x, y] = "hi";
print(x, y);
[only] = [42];
print(only);
function pair() { return ["left", "right"]; }
[l, r] = pair();
print(l, r);
try { [p, q] = [1, 2, 3]; } except (e) { print(e.type + ": " + e.message); }
try { [p, q, s] = [1, 2]; } except (e) {
    print(e.type, e.message[0:27] == "not enough values to unpack");
}
function local_unpack() { [m, n] = [5, 6]; return m * n; }
print(local_unpack());
try { print(m); } except (e) { print(e.type); }
