// quicksort: array indexing and element stores, comparisons, recursion.
// Builds n ints from an LCG with arr.append(x), sorts them in place with a
// recursive Lomuto quicksort and checks the result is sorted.
// Output: first, middle and last element, then 1 if sorted.
// Size: n (default 200000). Expected output: 863 1074830325 2147480685 1
import args;

function partition(a, lo, hi) {
    pivot = a[hi];
    i = lo;
    j = lo;
    while (j < hi) {
        if (a[j] < pivot) {
            t = a[i];
            a[i] = a[j];
            a[j] = t;
            i = i + 1;
        }
        j = j + 1;
    }
    t = a[i];
    a[i] = a[hi];
    a[hi] = t;
    return i;
}

function quicksort(a, lo, hi) {
    if (lo < hi) {
        p = partition(a, lo, hi);
        quicksort(a, lo, p - 1);
        quicksort(a, p + 1, hi);
    }
}

function main(n) {
    arr = [];
    x = 42;
    k = 0;
    while (k < n) {
        x = (x * 1103515245 + 12345) % 2147483648;
        arr.append(x);
        k = k + 1;
    }
    quicksort(arr, 0, n - 1);
    ok = 1;
    k = 1;
    while (k < n) {
        if (arr[k - 1] > arr[k]) {
            ok = 0;
        }
        k = k + 1;
    }
    print(arr[0], arr[n // 2], arr[n - 1], ok);
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 200000);
