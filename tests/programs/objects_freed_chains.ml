// Objects freed with the objects that held them, in the shapes the freeing
// loop tells apart: a chain through the first field or the second, trees
// whose nodes hold two dying objects, nodes holding strings, arrays,
// closures or shared objects beside a dying child, chains deeper than the
// native nesting limit, nodes registered with the collector (stored into
// an existing container) and cycles through tree nodes.
import gc;

function chain_first(n) {
    c = null;
    for (i in range(n)) {
        c = {next: c, value: i};
    }
    return c;
}

function chain_second(n) {
    c = null;
    for (i in range(n)) {
        c = {value: "v" + i, next: c};
    }
    return c;
}

function length(c) {
    n = 0;
    while (c != null) {
        n = n + 1;
        c = c.next;
    }
    return n;
}

function tree(d) {
    if (d == 0) {
        return {left: null, right: null};
    }
    return {left: tree(d - 1), right: tree(d - 1)};
}

function count(t) {
    if (t.left == null) {
        return 1;
    }
    return 1 + count(t.left) + count(t.right);
}

// Deeper than any nesting limit, through either field.
kept = chain_first(10);
for (i in range(3)) {
    a = chain_first(100000);
    b = chain_second(100000);
    print("chains", length(a), length(b));
}
a = null;
b = null;
print("kept", length(kept), kept.value);

// A comb: every node holds a dying node in both fields.
comb = null;
for (i in range(50000)) {
    comb = {left: comb, right: {left: null, right: i}};
}
comb = null;
print("comb freed");

// Trees, with a shared subtree, a shared array and a closure beside
// dying children.
shared_tree = tree(3);
shared_array = [1, 2, 3];
total = 0;
for (i in range(200)) {
    t = {left: tree(4), right: shared_tree};
    u = {left: shared_array, right: tree(2)};
    w = {left: fn(x) => x + i, right: tree(1)};
    total = total + count(t.left) + count(shared_tree) + len(u.left) + count(u.right) + w.left(1) + count(w.right);
}
print("trees", total, count(shared_tree), shared_array);

// Nodes registered with the collector: stored into an existing array and
// object after they were made, then dropped with their tree.
holder = [];
box = {item: null};
for (i in range(500)) {
    t = tree(3);
    holder.append(t);
    box.item = t.left;
    t.right.left = {left: null, right: null};
    holder = [];
}
box.item = null;
print("registered", len(holder));

// Cycles through tree nodes: freed by a collection, not by reference
// counting.
for (i in range(300)) {
    t = tree(2);
    t.left.left.left = t;
    t.right.right = {left: t, right: null};
}
t = null;
freed = gc.collect();
print("cycles freed", freed >= 300 * 4);
print("done", length(kept));
