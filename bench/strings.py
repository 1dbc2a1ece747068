# strings: building a string with s = s + str(i % 10).
# Output: the length, then the last 10 characters.
# Size: appends (default 5000000). Expected output: 5000000 0123456789
import sys


def main(n):
    s = ""
    for i in range(n):
        s = s + str(i % 10)
    print(len(s), s[-10:])


main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000000)
