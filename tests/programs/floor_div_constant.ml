// `x // k` with a small int constant: ints of both signs, the i64 edges,
// floats, a negative or zero divisor, values that change type, errors.
function divs(x) {
    return [x // 7, x // 1, x // -3, x // 2, (x + 1) // 65536];
}
print(divs(20), divs(0), divs(-20), divs(-1));
print(divs(9223372036854775807), divs(-9223372036854775807 - 1));
print(divs(7.5), divs(-7.5), divs(-0.0), divs(true));

function digits(n) {
    out = [];
    while (n > 0) {
        out.append(n % 10);
        n = n // 10;
    }
    return out;
}
print(digits(9075), digits(0));

function mixed() {
    out = [];
    for (v in [5, 5.5, -5, -5.5, 12, 1e300]) {
        out.append(v // 4);
    }
    return out;
}
print(mixed());

function by_zero(x) {
    return x // 0;
}
for (v in [5, 5.5]) {
    try {
        print(by_zero(v));
    } except (e) {
        print("error:", e);
    }
}

function text(s) {
    return s // 2;
}
try {
    print(text("ab"));
} except (e) {
    print("error:", e);
}
