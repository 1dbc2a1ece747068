// x = x - k on locals: ints, floats, the i64 edge, texts, unbound names.
function countdown(n) {
    steps = 0;
    while (n > 0) {
        n = n - 1;
        steps = steps + 1;
    }
    return [n, steps];
}
print(countdown(5), countdown(0), countdown(-3));

function step_kinds() {
    a = 10;
    a = a - 3;
    f = 2.5;
    f = f - 1;
    z = -0.0;
    z = z - 0;
    big = -9223372036854775807;
    big = big - 1;
    edge = -9223372036854775807;
    edge = edge - 2;
    neg = 5;
    neg = neg - -4;
    b = true;
    b = b - 1;
    return [a, f, z, big, edge, neg, b];
}
print(step_kinds());

function changes_type() {
    x = 3;
    out = [];
    i = 0;
    while (i < 4) {
        x = x - 1;
        out.append(x);
        if (i == 1) {
            x = x + 0.5;
        }
        i = i + 1;
    }
    return out;
}
print(changes_type());

function depth_walk(depth) {
    if (depth == 0) {
        return 1;
    }
    depth = depth - 1;
    return 1 + depth_walk(depth) + depth_walk(depth);
}
print(depth_walk(10));

function text_minus() {
    s = "abc";
    s = s - 1;
    return s;
}
try {
    print(text_minus());
} except (e) {
    print("error:", e);
}

function null_minus() {
    v = null;
    v = v - 1;
    return v;
}
try {
    print(null_minus());
} except (e) {
    print("error:", e);
}
