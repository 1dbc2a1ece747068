# objects: reading and writing fields of an object, 2,000,000 times.
# Python's fastest reasonable form is an instance of a class with __slots__
# (about 2x faster than a dict with p["x"] on CPython 3.11).
# Expected output: 2000000 2000001 4000002
class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z


def main():
    p = Point(0, 0, 0)
    for _ in range(2000000):
        p.x = p.x + 1
        p.y = p.y + p.x % 3
        p.z = p.z + p.y % 5
    print(p.x, p.y, p.z)


main()
