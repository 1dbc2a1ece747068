// algorithms.sorting: classic sorts written in ML (they return new arrays).
//   ml> import algorithms.sorting
//   ml> algorithms.sorting.quicksort([3, 1, 2])

function quicksort(xs) {
    if (len(xs) <= 1) {
        return xs;
    }
    pivot = xs[0];
    smaller = [];
    larger = [];
    for (x in xs[1:]) {
        if (x < pivot) {
            smaller.append(x);
        } else {
            larger.append(x);
        }
    }
    return quicksort(smaller) + [pivot] + quicksort(larger);
}

function insertion_sort(xs) {
    out = [];
    for (x in xs) {
        i = len(out);
        out.append(x);
        while (i > 0 && out[i - 1] > x) {
            out[i] = out[i - 1];
            i = i - 1;
        }
        out[i] = x;
    }
    return out;
}

function is_sorted(xs) {
    for (i in range(1, len(xs))) {
        if (xs[i - 1] > xs[i]) {
            return false;
        }
    }
    return true;
}
