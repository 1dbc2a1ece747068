// binarytrees: allocation of many short-lived small containers, recursion.
// The benchmarks-game binary-trees: a stretch tree, a long-lived tree, then
// many trees of depths 4, 6, ..., max_depth, each walked to count its nodes.
// A node is an object {left, right}; a leaf has null children.
// Size: max_depth (default 15).
import args;
import math;

function make(depth) {
    if (depth == 0) {
        return {left: null, right: null};
    }
    depth = depth - 1;
    return {left: make(depth), right: make(depth)};
}

function check(node) {
    if (node.left == null) {
        return 1;
    }
    return 1 + check(node.left) + check(node.right);
}

function main(n) {
    min_depth = 4;
    max_depth = max(min_depth + 2, n);
    stretch = max_depth + 1;
    print("stretch tree of depth " + stretch + "\t check: " + check(make(stretch)));
    long_lived = make(max_depth);
    for (depth in range(min_depth, max_depth + 1, 2)) {
        iterations = math.pow(2, max_depth - depth + min_depth);
        total = 0;
        i = 0;
        while (i < iterations) {
            total = total + check(make(depth));
            i = i + 1;
        }
        print("" + iterations + "\t trees of depth " + depth + "\t check: " + total);
    }
    print("long lived tree of depth " + max_depth + "\t check: " + check(long_lived));
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 15);
