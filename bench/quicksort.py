# quicksort: array indexing and element stores, comparisons, recursion.
# Builds n ints from an LCG with arr.append(x), sorts them in place with a
# recursive Lomuto quicksort and checks the result is sorted.
# Output: first, middle and last element, then 1 if sorted.
# Size: n (default 200000). Expected output: 863 1074830325 2147480685 1
import sys


def partition(a, lo, hi):
    pivot = a[hi]
    i = lo
    for j in range(lo, hi):
        if a[j] < pivot:
            a[i], a[j] = a[j], a[i]
            i = i + 1
    a[i], a[hi] = a[hi], a[i]
    return i


def quicksort(a, lo, hi):
    if lo < hi:
        p = partition(a, lo, hi)
        quicksort(a, lo, p - 1)
        quicksort(a, p + 1, hi)


def main(n):
    arr = []
    x = 42
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        arr.append(x)
    quicksort(arr, 0, n - 1)
    ok = 1
    for k in range(1, n):
        if arr[k - 1] > arr[k]:
            ok = 0
    print(arr[0], arr[n // 2], arr[n - 1], ok)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 200000)
