# fib: recursive function calls, argument passing, integer + - <.
# Size: n (default 33). Expected output: 3524578
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 33
    print(fib(n))


main()
