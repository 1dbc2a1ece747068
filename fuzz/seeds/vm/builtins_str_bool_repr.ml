// str() gives the display form, repr() the nested form, bool() truthiness
print(str(true), str(1.0), str(null), str(42), str(-0.5));
print(str([1, "a", null]), str({k: "v"}), str("plain"));
print(typeof(str(1)), len(str(123)));
print(repr("x"), repr(true), repr(1.5), repr(null), repr(5));
print(repr(["a"]), repr("it's"), repr({"k": [true]}));
print(len(repr("ab")));
print(bool(0), bool(1), bool(""), bool("0"), bool([]), bool({}));
print(bool(null), bool(0.0), bool([0]), bool(-1));
