// Frames on the fast call path: a frame list that has to grow past its
// first allocation (the fast path hands over to the general one and comes
// back), the depth limit still raised after that, handlers resuming at the
// right instruction in a deep frame, loops that continue after calls return,
// and natives calling back into ML at depth.
import functional;

// Deeper than the frame list's first allocation, several times over.
function sum_to(n) {
    if (n == 0) {
        return 0;
    }
    return n + sum_to(n - 1);
}
print(sum_to(100), sum_to(3000), sum_to(100));

// Extra locals above the arguments start unbound in every frame.
function spread(n) {
    if (n > 0) {
        inner = spread(n - 1);
    }
    if (n % 2 == 0) {
        even = n;
    }
    try {
        return even + 1000;
    } except (e) {
        return e.type;
    }
}
print(spread(0), spread(1), spread(200));

// The depth limit, after the list has grown, and again after the error.
function down(n) { return down(n + 1); }
function limit() {
    try {
        down(0);
    } except (e) {
        return e.type;
    }
}
print(limit(), sum_to(2000), limit());

// A handler in a deep frame resumes its own loop at the right place.
function deep_catch(n) {
    if (n > 0) {
        return deep_catch(n - 1);
    }
    caught = [];
    i = 0;
    while (i < 3) {
        try {
            if (i == 1) {
                throw "one";
            }
            caught.append(i);
        } except (e) {
            caught.append(e.message);
        }
        i = i + 1;
    }
    return caught;
}
print(deep_catch(150));

// A loop whose body calls: each return resumes the loop mid-body.
function step(x) { return x + 1; }
function count(n) {
    total = 0;
    i = 0;
    while (i < n) {
        total = step(total) + step(0) - 1;
        i = step(i);
    }
    return total;
}
print(count(1000));

// Natives calling back into ML from a deep frame, and callbacks that recurse.
function nested_map(n) {
    if (n > 0) {
        return nested_map(n - 1);
    }
    return functional.map(fn(k) => sum_to(k * 10), [1, 2, 3]);
}
print(nested_map(120));
print(functional.reduce(fn(acc, k) => acc + sum_to(k), [100, 200, 300], 0));

// Wrong argument counts on the fast path's arity check still fail cleanly.
function two(a, b) { return a + b; }
try {
    two(1);
} except (e) {
    print(e.type);
}
print(two(1, 2));
