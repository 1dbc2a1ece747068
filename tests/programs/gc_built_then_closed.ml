// Arrays and objects built from older values (literals, recursion,
// natives) are not registered with the cycle collector when made; a cycle
// closed later through any kind of store is still freed, and what is kept
// stays whole.
import gc;
import functional;

function tree(depth) {
    if (depth == 0) { return {left: null, right: null}; }
    return {left: tree(depth - 1), right: tree(depth - 1)};
}
function count(node) {
    if (node.left == null) { return 1; }
    return 1 + count(node.left) + count(node.right);
}
function deepest(node) {
    while (node.left != null) { node = node.right; }
    return node;
}

gc.collect();
before = gc.stats().tracked;
kept = tree(12);
print("built:", count(kept), "newly registered:", gc.stats().tracked - before);

// Closed by a field write deep inside: the leaf now points at the root.
function closed_by_field() {
    t = tree(10);
    deepest(t).up = t;
    return count(t);
}
print(closed_by_field(), "freed:", gc.collect());

// Closed by a push into an array the tree holds.
function closed_by_push() {
    list = [];
    t = {items: list, sub: tree(4)};
    list.append(t);
    return len(t.items);
}
print(closed_by_push(), "freed:", gc.collect());

// Closed by a captured variable: the literal holds a closure that
// captures the variable the literal is then stored into.
function closed_by_capture(n) {
    self = null;
    self = {n: n, sub: tree(3), get: fn() => self.n};
    return self.get();
}
total = 0;
for (i in range(20)) { total = total + closed_by_capture(i); }
print(total, "freed:", gc.collect());

// A linked list built by construction, its tail made to point at its
// head; and a list of pairs from a native, closed through one pair.
function ring(n) {
    head = null;
    for (i in range(n)) { head = {value: i, next: head}; }
    tail = head;
    while (tail.next != null) { tail = tail.next; }
    tail.next = head;
    return head.value;
}
print(ring(1000), "freed:", gc.collect());
function pairs(n) {
    ps = functional.map(fn(i) => [i, [i]], range(n));
    ps[n - 1][1].append(ps);
    return len(ps);
}
print(pairs(500), "freed:", gc.collect());

// A cycle closed through a module global is freed once the global lets go.
holder = {sub: tree(2)};
holder.sub.left.back = holder;
holder = null;
print("global:", gc.collect());

// Nothing kept was touched, and nothing is left over.
print(count(kept), deepest(kept).left, gc.collect());
