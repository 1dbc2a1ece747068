# binarytrees: allocation of many short-lived small containers, recursion.
# The benchmarks-game binary-trees: a stretch tree, a long-lived tree, then
# many trees of depths 4, 6, ..., max_depth, each walked to count its nodes.
# A node is a pair (left, right); a leaf is (None, None).
# Size: max_depth (default 15).
import sys


def make(depth):
    if depth == 0:
        return (None, None)
    depth = depth - 1
    return (make(depth), make(depth))


def check(node):
    left, right = node
    if left is None:
        return 1
    return 1 + check(left) + check(right)


def main(n):
    min_depth = 4
    max_depth = max(min_depth + 2, n)
    stretch = max_depth + 1
    print(f"stretch tree of depth {stretch}\t check: {check(make(stretch))}")
    long_lived = make(max_depth)
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + min_depth)
        total = 0
        for _ in range(iterations):
            total = total + check(make(depth))
        print(f"{iterations}\t trees of depth {depth}\t check: {total}")
    print(f"long lived tree of depth {max_depth}\t check: {check(long_lived)}")


main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
