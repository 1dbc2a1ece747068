// While loops whose counter step (`i = i + k`) runs together with the loop
// test after it: ints, the bound on either side, floats, a bound that
// changes type, counters that overflow or are not numbers, nesting and
// `continue`, and the first test reached by a jump.

function count_up(n) {
    i = 0;
    steps = 0;
    while (i < n) {
        steps = steps + 1;
        i = i + 1;
    }
    return [i, steps];
}

function count_by(n, k) {
    i = 0;
    seen = [];
    while (i < n) {
        seen.append(i);
        i = i + 3;
    }
    return seen;
}

function bound_first(n) {
    i = 0;
    total = 0;
    while (n > i) {
        total = total + i;
        i = i + 1;
    }
    return total;
}

function float_counter() {
    x = 0.5;
    out = [];
    while (x < 3) {
        out.append(x);
        x = x + 1;
    }
    return out;
}

function float_bound() {
    i = 0;
    while (i <= 2.5) {
        i = i + 1;
    }
    return i;
}

function mixed_bound(limits) {
    res = [];
    for (lim in limits) {
        i = 0;
        while (i < lim) {
            i = i + 1;
        }
        res.append(i);
    }
    return res;
}

function nested(n) {
    pairs = 0;
    i = 0;
    while (i < n) {
        j = 0;
        while (j < i) {
            if (j % 2 == 0) {
                j = j + 1;
                continue;
            }
            pairs = pairs + 1;
            j = j + 1;
        }
        i = i + 1;
    }
    return pairs;
}

function never_runs() {
    i = 10;
    runs = 0;
    while (i < 5) {
        runs = runs + 1;
        i = i + 1;
    }
    return [i, runs];
}

function near_max() {
    i = 9223372036854775805;
    lim = 9223372036854775807;
    n = 0;
    while (i < lim) {
        n = n + 1;
        i = i + 1;
    }
    return [i, n];
}

function overflow() {
    i = 9223372036854775806;
    zero = 0;
    trace = [];
    while (i > zero) {
        trace.append(i);
        if (len(trace) >= 3) {
            break;
        }
        i = i + 1;
    }
    return trace;
}

function text_counter() {
    s = "a";
    n = 0;
    try {
        while (s < 5) {
            s = s + 1;
            n = n + 1;
        }
    } except (e) {
        return "text: " + str(e);
    }
    return s;
}

function bad_bound() {
    i = 0;
    try {
        while (i < "3") {
            i = i + 1;
        }
    } except (e) {
        return "bound: " + str(e);
    }
    return i;
}

print(count_up(5), count_up(0), count_up(-3));
print(count_by(10, 3));
print(bound_first(6));
print(float_counter(), float_bound());
print(mixed_bound([3, 2.5, 0, -1]));
print(nested(7));
print(never_runs());
print(near_max());
print(overflow());
print(text_counter());
print(bad_bound());
