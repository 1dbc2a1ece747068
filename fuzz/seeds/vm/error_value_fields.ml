// the value bound by except: kind "error", fields, display form is the message
try { [1][3]; } except (e) {
    print(typeof(e), isinstance(e, "error"));
    print(e.type);
    print(sorted(keys(e)));
    print(str(e) == e.message);
    print(bool(e));
}
try { throw {message: "shown", type: "T"}; } except (e) {
    print(e);
    print("got: " + e);
    print(str(e));
}
try { throw {n: 1}; } except (e) {
    print(sorted(keys(e)));
    print(e["n"], e.n);
}
print(e.n);
