// A return releases every value its frame still holds (arguments, locals,
// leftover operands) while the result moves to the caller. Values the
// caller still holds must stay intact; values only the frame held go away
// without disturbing the caller's operands, which are written over the
// callee's old slots by the next call.

// An argument the caller holds too, returned through several frames.
function pass(o, depth) {
    if (depth == 0) {
        return o;
    }
    return pass(o, depth - 1);
}
shared = {n: 1, items: [1, 2]};
back = pass(shared, 50);
back.n = 2;
print(shared.n, len(shared.items), back == shared);

// Arguments only the frame holds (fresh arrays, strings, closures), and
// locals of each kind, some never assigned.
function consume(a, s, f) {
    b = [a, a];
    t = s + "!";
    g = fn(x) => f(x) + 1;
    if (len(a) > 100) {
        unused = 1;
    }
    return len(b) + len(t) + g(len(a));
}
total = 0;
i = 0;
while (i < 200) {
    total = total + consume([i, i + 1], "ab" + str(i), fn(x) => x * 2);
    i = i + 1;
}
print(total);

// The caller's operands sit just below the callee's old slots: results of
// calls that held objects, kept on the operand stack while the next call
// runs, stay what they were.
function wrap(o) {
    inner = {o: o, tag: "w"};
    return inner;
}
pair = [wrap({v: 1}).o.v, wrap({v: 2}).o.v, wrap(shared).o.n];
print(pair);

// A tree built and walked by recursion: every node passes through the
// frames of both functions, held by its parent meanwhile.
function make(depth) {
    if (depth == 0) {
        return {left: null, right: null};
    }
    return {left: make(depth - 1), right: make(depth - 1)};
}
function count(node) {
    if (node.left == null) {
        return 1;
    }
    return 1 + count(node.left) + count(node.right);
}
tree = make(8);
print(count(tree), count(tree.left), count(make(3)));

// A return from inside a loop over an object's keys leaves the iterator
// on the operand stack; the iterated object is the caller's.
function find_key(o, want) {
    for (k in o) {
        if (k == want) {
            return k + "=" + str(o[k]);
        }
    }
    return "none";
}
obj = {a: 1, b: 2, c: 3};
print(find_key(obj, "b"), find_key(obj, "z"), len(obj));

// A method field called on a receiver the caller holds: the receiver
// outlives every call.
counter = {n: 0};
counter.bump = fn(d) => {
    counter.n = counter.n + d;
    return counter;
};
j = 0;
while (j < 100) {
    counter.bump(j).n;
    j = j + 1;
}
print(counter.n);

// A global function that replaces itself while it runs (`nonlocal` of a
// name no enclosing function has is the module global): its frame keeps
// it alive to the end, the return releases the last reference, and the
// frame's values (an argument array, a local object) go with it.
h = fn(items) => {
    nonlocal h;
    h = "gone";
    box = {items: items, n: len(items)};
    return box.n + len(h);
};
print(h([1, 2, 3]), h);

// The same through recursion: only the outermost call runs the original
// all the way down; the next call finds the replacement.
function countdown(n) {
    nonlocal countdown;
    if (n == 0) {
        countdown = fn(k) => "replaced " + str(k);
        return [0];
    }
    rest = countdown(n - 1);
    return [n, rest];
}
print(countdown(2), countdown(5));
