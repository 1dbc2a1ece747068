// Many small objects alive at once, shared and aliased objects, objects
// changed while they are iterated or read, and cycles of objects freed:
// what an object's reference-counted box has to get right.
import gc;

// A tree of 2^13 - 1 nodes alive at once, then walked.
function tree(depth) {
    if (depth == 0) { return {left: null, right: null}; }
    return {left: tree(depth - 1), right: tree(depth - 1)};
}
function count(node) {
    if (node.left == null) { return 1; }
    return 1 + count(node.left) + count(node.right);
}
big = tree(12);
print("tree:", count(big));

// 20,000 records kept in an array, 20,000 more in a linked list.
points = [];
for (i in range(20000)) { points.append({x: i, y: 2 * i}); }
sum = 0;
for (p in points) { sum = sum + p.y - p.x; }
print("records:", len(points), sum);
list = null;
for (i in range(20000)) { list = {head: i, tail: list}; }
total = 0;
node = list;
while (node != null) { total = total + node.head; node = node.tail; }
print("list:", total);

// One object held from many places: a write through one is seen by all.
shared = {n: 0, tag: "s"};
holders = [];
for (i in range(100)) { holders.append({item: shared, i: i}); }
alias = shared;
alias.n = 7;
print(holders[0].item.n, holders[99].item.n, shared == alias, holders[5].item == shared);
for (h in holders) { h.item.n = h.item.n + 1; }
print(shared.n, alias.n);
holders = null;
print(alias.n, alias.tag);
// Equal contents, different objects; the same object compared with itself.
print({a: 1} == {a: 1}, shared == {n: 107, tag: "s"});

// Changed while iterated: values may change, keys may not be added.
o = {a: 1, b: 2};
for (k in o) { o[k] = o[k] * 10; }
print(o);
try {
    for (k in o) { o.c = 3; }
} except (e) {
    print(e.type);
}
print(o);
// A method that changes its own object, called while its fields are read.
counter = {n: 1};
counter.bump = fn() => { counter.n = counter.n * 2; return counter.n; };
print(counter.n + counter.bump() + counter.n);
// A function over objects that changes each as it reads it.
import functional;
rows = [{v: 3}, {v: 1}, {v: 2}];
vs = functional.map(fn(r) => { r.v = r.v * 2; r.seen = true; return r.v + len(r); }, rows);
print(vs, rows[0]);
// An object holding itself prints without looping.
me = {name: "me"};
me.self = me;
print(me);
me.self = null;

// Cycles of objects are freed by the collector; the objects still held
// are left as they were.
gc.collect();
function ring(i) {
    a = {i: i};
    b = {peer: a};
    a.peer = b;
    return b;
}
kept = ring(-1);
before = gc.stats().freed;
for (i in range(300)) { ring(i); }
print("rings freed:", gc.collect() >= 600, gc.stats().freed - before >= 600);
print(kept.peer.i, kept.peer.peer == kept);
function account(i) {
    self = {balance: i};
    self.deposit = fn(x) => { self.balance = self.balance + x; return self; };
    return self;
}
acc = account(10);
for (i in range(300)) { account(i).deposit(1); }
print("accounts freed:", gc.collect() >= 300, acc.deposit(5).balance);
print("nothing left:", gc.collect());
kept = null;
acc = null;
print("late:", gc.collect() >= 3);

function count_next(node) {
    k = 0;
    while (node != null) { k = k + 1; node = node.next; }
    return k;
}
// Dropping what is left: a deep list of objects frees without recursion.
deep = null;
for (i in range(100000)) { deep = {next: deep}; }
deep = null;
// The same with every node registered with the collector (each stored
// into an existing object).
for (i in range(100000)) { n = {next: null}; n.next = deep; deep = n; }
print(count_next(deep));
deep = null;
n = null;
big = null;
points = null;
list = null;
print("done");
