// `local % k` with a constant: ints of both signs, floats, a negative
// divisor, values that change type in a loop, errors.
function mods(x) {
    return [x % 7, x % 1, x % -3, x % 2];
}
print(mods(20), mods(0), mods(-20), mods(9223372036854775807));
print(mods(7.5), mods(-7.5), mods(-0.0));

function buckets(n) {
    counts = [0, 0, 0];
    i = 0;
    while (i < n) {
        counts[i % 3] = counts[i % 3] + 1;
        i = i + 1;
    }
    return counts;
}
print(buckets(10));

function mixed() {
    out = [];
    for (v in [5, 5.5, -5, true, 12]) {
        out.append(v % 4);
    }
    return out;
}
print(mixed());

function zero(x) {
    return x % 0;
}
try {
    print(zero(5));
} except (e) {
    print("error:", e);
}

function text(s) {
    return s % 2;
}
try {
    print(text("ab"));
} except (e) {
    print("error:", e);
}
