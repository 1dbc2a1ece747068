// Objects keyed by strings read and written with obj[key]: small objects
// (a scan) and big ones (a hash index), keys equal in text but made in
// different ways, non-ASCII and long keys, int keys beside string keys,
// and the errors of missing and unhashable keys.
function count_words(words) {
    counts = {};
    for (w in words) {
        try {
            counts[w] = counts[w] + 1;
        } except (e) {
            counts[w] = 1;
        }
    }
    return counts;
}
words = "the cat and the dog and the bird saw the cat".split(" ");
small = count_words(words);
print(len(small), small["the"], small["cat"], small["bird"]);
keys = [];
for (k in small) {
    keys.append(k);
}
print(keys);
// Many keys: the object gets a hash index; keys come from slices and
// concatenations, so no two equal keys are the same string.
many = [];
i = 0;
while (i < 200) {
    many.append("key" + str(i % 37));
    many.append(("xkey" + str(i % 53))[1:]);
    i = i + 1;
}
big = count_words(many);
print(len(big), big["key0"], big["key36"], big["key52"], big["key" + "4" + "0"]);
print(big["key1"] + big["key2"], hasattr(big, "key53"), hasattr(big, "key52"));
// Long (heap) and non-ASCII keys.
long = "a key longer than twenty-three bytes";
odd = {};
odd[long] = 1;
odd["ключ"] = 2;
odd["😀"] = 3;
odd[long[0:5] + long[5:]] = odd[long] + 10;
odd["клю" + "ч"] = odd["ключ"] + 10;
print(odd[long], odd["ключ"], odd["😀"], len(odd));
// Int and string keys stay apart; floats with an int value are ints.
mixed = {};
mixed[1] = "int";
mixed["1"] = "str";
mixed[2.0] = "float two";
print(mixed[1], mixed["1"], mixed[2], len(mixed));
// Setting an existing key keeps its place; deleting and re-adding moves it.
order = {b: 1, a: 2, c: 3};
order["a"] = 20;
print(order);
k = 0;
while (k < 12) {
    order["n" + str(k)] = k;
    k = k + 1;
}
order["b"] = 10;
print(order["b"], order["n11"], len(order));
// Missing and unhashable keys.
try {
    print(big["missing"]);
} except (e) {
    print("get:", e);
}
try {
    print(small["the "]);
} except (e) {
    print("get small:", e);
}
try {
    big[[1]] = 2;
} except (e) {
    print("set:", e);
}
try {
    print(big[[1]]);
} except (e) {
    print("get:", e);
}
try {
    small[null] = 1;
} except (e) {
    print("set null:", e);
}
print(len(big), len(small));
