// `return <constant>;` at its edges: ints at and past the 32-bit bounds
// (the widest a small-int instruction holds), negative ones, a constant
// return that jumps land on (the implicit end after an if), returns from
// inside nested loops (iterators left on the operand stack) and across
// finally blocks, from callbacks of map/filter/reduce, and after a frame
// that returned through an exception handler.
function bounds(i) {
    if (i == 0) {
        return 2147483647;
    }
    if (i == 1) {
        return -2147483648;
    }
    if (i == 2) {
        return 2147483648;
    }
    if (i == 3) {
        return -2147483649;
    }
    return -1;
}
print(bounds(0), bounds(1), bounds(2), bounds(3), bounds(4));
print(bounds(0) + 1, bounds(1) - 1);

// The implicit `return null` at the end is the target of the if's jump.
function maybe(x) {
    if (x) {
        print("then");
    }
}
print(maybe(true), maybe(false));

// Returns from two nested loops leave both loops' iterators behind.
function find(rows, want) {
    for (row in rows) {
        for (x in row) {
            if (x == want) {
                return true;
            }
        }
    }
    return false;
}
print(find([[1, 2], [3, 4]], 4), find([[1, 2], [3, 4]], 5));
function first_big(rows) {
    for (row in rows) {
        for (x in range(len(row))) {
            if (row[x] > 100) {
                return x;
            }
        }
    }
    return null;
}
print(first_big([[1, 200]]), first_big([[1]]));

// A constant return inside try/finally runs the finally first; a return
// in the finally overrides it.
function with_finally(log) {
    try {
        return 5;
    } finally {
        log.append("finally");
    }
}
log = [];
print(with_finally(log), log);
function override() {
    try {
        return 1;
    } finally {
        return false;
    }
}
print(override());
function nested_try() {
    try {
        try {
            return null;
        } finally {
            print("inner finally");
        }
    } finally {
        print("outer finally");
    }
}
print(nested_try());
// A handler left by a constant return does not catch a later throw in
// the caller.
function leave_handler() {
    try {
        return 3;
    } except (e) {
        return 4;
    }
}
try {
    leave_handler();
    throw "later";
} except (e) {
    print("caller caught", e);
}

// Callbacks entered from natives return constants to them.
import functional;
print(functional.map(fn(x) => 7, [1, 2, 3]));
function keep_odd(x) {
    if (x % 2 == 1) {
        return true;
    }
    return false;
}
print(functional.filter(keep_odd, [1, 2, 3, 4, 5]));
function ignore(acc, x) {
    return 0;
}
print(functional.reduce(ignore, [1, 2, 3], 9));

// Deep recursion through constant returns.
function depth(n) {
    if (n == 0) {
        return 0;
    }
    depth(n - 1);
    return 1;
}
print(depth(500));
