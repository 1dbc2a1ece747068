// closures: higher-order functions and closures. Each round builds an adder
// closure, composes it with a lambda, maps the composition over a 200-element
// array, filters with a lambda, folds with a lambda (functional.map, filter,
// reduce), and feeds a counter closure that keeps its state in an enclosing
// variable (nonlocal).
// Output: the folded total and the counter's final value.
// Size: rounds (default 16000). Expected output: 536042088 1131428
import args;
import functional;

function make_adder(k) {
    return fn(x) => x + k;
}

function compose(f, g) {
    return fn(x) => f(g(x));
}

function make_counter() {
    n = 0;
    function step(d) {
        nonlocal n;
        n = n + d;
        return n;
    }
    return step;
}

function main(rounds) {
    xs = range(200);
    counter = make_counter();
    total = 0;
    r = 0;
    while (r < rounds) {
        f = compose(fn(x) => x * x % 1009, make_adder(r % 7));
        ys = functional.map(f, xs);
        zs = functional.filter(fn(y) => y % 3 == 0, ys);
        s = functional.reduce(fn(acc, y) => acc + y, zs, 0);
        total = (total + s) % 1000000007;
        counter(len(zs));
        r = r + 1;
    }
    print(total, counter(0));
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 16000);
