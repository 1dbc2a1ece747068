# objects: reading and writing fields of an object in a loop.
# Python's fastest reasonable form is an instance of a class with __slots__
# (about 2x faster than a dict with p["x"] on CPython 3.11).
# Size: iterations (default 5000000). Expected output: 5000000 5000001 10000002
import sys


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z


def main(n):
    p = Point(0, 0, 0)
    for _ in range(n):
        p.x = p.x + 1
        p.y = p.y + p.x % 3
        p.z = p.z + p.y % 5
    print(p.x, p.y, p.z)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000000)
