// A return drops whatever the frame still holds: locals of every kind,
// loop iterators left on the operand stack, handlers of try blocks it
// leaves. The result itself (a popped operand or a returned local) moves
// to the caller and must survive intact.
function first_big(rows) {
    for (row in rows) {
        for (x in row) {
            if (x > 10) {
                return {value: x, row: row};
            }
        }
    }
    return null;
}
rows = [[1, 2], [3, 40, 5], [60]];
r = first_big(rows);
print(r.value, len(r.row), r.row[1]);

// A returned local holding an object the caller does not hold.
function make(n) {
    o = {n: n, items: [n, n + 1]};
    tag = "t" + str(n);
    return o;
}
m = make(7);
print(m.n, m.items[1]);

// A returned local that the caller holds too (an argument).
function same(o) {
    return o;
}
shared = {k: 1};
s = same(shared);
s.k = 2;
print(shared.k);

// A return from inside try blocks of two depths: the handlers are left
// with the frame, and a later error is caught by the caller's own handler.
function inside_try(x) {
    try {
        try {
            return [x, "inner"];
        } except (e) {
            return "wrong";
        }
    } except (e) {
        return "wrong";
    }
}
try {
    v = inside_try(3);
    print(v[0], v[1]);
    throw "after";
} except (e) {
    print("caught", e);
}

// A return of a computed operand while a local holds a string and the
// closure itself is the only reference to its function.
function outer() {
    text = "abc";
    f = function(y) {
        return text + str(y * 2);
    };
    return f(21);
}
print(outer());
print(outer());
