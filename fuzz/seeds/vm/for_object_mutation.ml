// adding a key to an object while iterating over it raises RuntimeError; changing values is fine
o = {a: 1, b: 2};
for (k in o) { o[k] = o[k] * 10; }
print(o);
try {
    for (k in o) {
        print(k);
        o.c = 3;
    }
} except (e) {
    print(e.type);
}
