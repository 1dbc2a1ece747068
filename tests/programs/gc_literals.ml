// Object literals of every size, built again and again at one site (the
// site remembers its keys), holding scalars or containers; deep structures
// built from literals drop without deep native recursion; cycles made
// through literal objects later are still found by the collector.
import gc;

function record(i) {
    return {};
}
function one(i) {
    return {x: i};
}
function two(a, b) {
    return {left: a, right: b};
}
function three(i) {
    return {id: i, name: "n" + i, tags: [i]};
}
function dup(i) {
    return {k: i, k: i + 1};
}

total = 0;
for (i in range(3)) {
    e = record(i);
    o = one(i);
    t = two(i, [i]);
    h = three(i);
    d = dup(i);
    total = total + len(e) + o.x + t.left + t.right[0] + h.id + len(h.tags) + d.k;
    print(len(e), o, t, h, d);
}
print("total", total);

// The same site with values of changing kinds, including containers.
kinds = [null, true, 1, 2.5, "s", [1], {a: 1}, fn() => 1, one];
for (k in kinds) {
    p = two(k, k);
    print(typeof(p.left), p.left == p.right);
}

// A tree of literals, dropped whole; another kept and checked.
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
for (i in range(20)) {
    make(8);
}
kept = make(10);
print("nodes", count(kept));

// A chain far deeper than the drop nesting limit, of objects and arrays.
chain = null;
for (i in range(50000)) {
    chain = {next: chain, value: i};
}
print("chain head", chain.value, chain.next.value);
chain = null;
list = [];
for (i in range(50000)) {
    list = [list, i];
}
print("list head", list[1]);
list = null;

// Cycles through literal objects: a node made by a literal, then linked
// back to by its child.
gc.collect();
before = gc.stats().freed;
for (i in range(1000)) {
    child = {parent: null, i: i};
    parent = two(child, i);
    child.parent = parent;
}
child = null;
parent = null;
freed = gc.collect() + gc.stats().freed - before;
print("cycles freed", freed >= 2000);
print("kept still whole", count(kept), kept.left.left != null);
