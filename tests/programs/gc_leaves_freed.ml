// Leaves (objects whose values are all numbers or null) are freed by a
// short path of their own; the collector must still see them die when it
// tracks them (stored into a container that existed before), and what a
// program can still reach stays intact.
import gc;

function make(depth) {
    if (depth == 0) {
        return {left: null, right: 1.5};
    }
    return {left: make(depth - 1), right: make(depth - 1)};
}
function check(node) {
    if (node.left == null) {
        return 1;
    }
    return 1 + check(node.left) + check(node.right);
}

// Leaves stored into an existing array (tracked), then dropped.
keep = [];
for (round in range(3)) {
    holder = [];
    for (i in range(200)) {
        holder.append({n: i, m: null});
    }
    kept = holder[7];
    holder = null;
    keep.append(kept);
    gc.collect();
}
print(len(keep), keep[0].n, keep[2].m);

// Trees made and dropped around collections; a cycle through a leaf's
// parent is freed while the leaf a global still holds stays.
long = make(6);
total = 0;
for (i in range(20)) {
    t = make(5);
    t.right.left = t;
    if (i == 10) {
        saved = t.left.left.left.left.left;
    }
    total = total + check(t.left);
    t = null;
    if (i % 5 == 0) {
        gc.collect();
    }
}
gc.collect();
print(total, check(long), saved.left, saved.right);
