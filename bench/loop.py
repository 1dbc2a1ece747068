# loop: a while loop summing i % 7 (inside a function: Python's fastest form,
# locals instead of globals).
# Size: iterations (default 10000000). Expected output: 29999994
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000000
    i = 0
    s = 0
    while i < n:
        s = s + i % 7
        i = i + 1
    print(s)


main()
