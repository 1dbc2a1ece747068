# closures: higher-order functions and closures. Each round builds an adder
# closure, composes it with a lambda, maps the composition over a 200-element
# list, filters with a lambda, folds with a lambda, and feeds a counter
# closure that keeps its state in an enclosing variable (nonlocal).
# Output: the folded total and the counter's final value.
# Size: rounds (default 16000). Expected output: 536042088 1131428
import sys
from functools import reduce


def make_adder(k):
    return lambda x: x + k


def compose(f, g):
    return lambda x: f(g(x))


def make_counter():
    n = 0

    def step(d):
        nonlocal n
        n = n + d
        return n

    return step


def main(rounds):
    xs = list(range(200))
    counter = make_counter()
    total = 0
    for r in range(rounds):
        f = compose(lambda x: x * x % 1009, make_adder(r % 7))
        ys = list(map(f, xs))
        zs = list(filter(lambda y: y % 3 == 0, ys))
        s = reduce(lambda acc, y: acc + y, zs, 0)
        total = (total + s) % 1000000007
        counter(len(zs))
    print(total, counter(0))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 16000)
