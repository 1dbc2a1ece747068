// Small objects and arrays made and dropped in loops, in every shape the
// freeing code takes apart: leaves, nodes holding nodes, objects past the
// inline size, fields overwritten, arrays of pairs, records returned
// from functions, linked lists, chains deeper than the nesting limit;
// values still shared elsewhere survive their holders' death intact, and
// cycles through small objects are still freed by the collector.
import gc;

function point(x, y) {
    return {x: x, y: y};
}

function list(n) {
    head = null;
    for (i in range(n)) {
        head = {value: i, next: head};
    }
    return head;
}

function list_sum(node) {
    total = 0;
    while (node != null) {
        total = total + node.value;
        node = node.next;
    }
    return total;
}

shared = [1, 2, 3];
text = "shared " + "text";
total = 0;
for (i in range(2000)) {
    p = point(i, i + 1);
    q = point(p, shared);
    wide = {a: i, b: q, c: text, d: [point(i, i)], e: shared};
    gone = {a: i, b: point(1, 2), c: shared};
    gone.b = null;
    pairs = [[i, [i, i]], [point(i, text), shared]];
    total = total + q.x.y + wide.d[0].x + len(wide.e) + gone.a + pairs[0][1][1] + len(pairs[1][0].y);
}
print("total", total);
print("shared intact", shared, text);

// Linked lists built and dropped whole, one kept.
kept = null;
sum = 0;
for (i in range(50)) {
    l = list(500);
    sum = sum + list_sum(l);
    if (i == 7) {
        kept = l;
    }
}
print("lists", sum, list_sum(kept));

// A chain of alternating objects and arrays far deeper than the native
// nesting limit, dropped; then another kept and walked.
function chain(n) {
    c = {end: true};
    for (i in range(n)) {
        c = i % 2 == 0 ? {next: c, i: i} : [c, i];
    }
    return c;
}
c = chain(30000);
c = null;
c = chain(1001);
depth = 0;
while (typeof(c) != "object" || !c.end) {
    c = typeof(c) == "array" ? c[0] : c.next;
    depth = depth + 1;
}
print("chain depth", depth);

// A value shared by a dying node survives and keeps its own contents.
node = point(point(shared, "in"), 5);
inner = node.x;
node = null;
print("inner", inner.x, inner.y);

// Keys kept in order through growth past the small size, many fields.
o = {k0: 0};
for (i in range(1, 12)) {
    o["k" + i] = i;
}
o.k3 = "again";
print(keys(o));
o = null;

// Cycles through two-field objects are still found and freed.
gc.collect();
before = gc.stats().freed;
for (i in range(300)) {
    a = {other: null, n: i};
    b = {other: a, n: i};
    a.other = b;
}
a = null;
b = null;
gc.collect();
print("cycle objects freed", gc.stats().freed - before);
