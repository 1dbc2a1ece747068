// fib: recursive function calls, argument passing, integer + - <.
// Size: n (default 33). Expected output: 3524578
import args;

function fib(n) {
    if (n < 2) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

argv = args.rest();
n = len(argv) > 0 ? int(argv[0]) : 33;
print(fib(n));
