// corpus idiom: find a length by indexing until IndexError
function length_of(arr) {
    i = 0;
    while (true) {
        try {
            t = arr[i];
        } except (e) {
            break;
        }
        i = i + 1;
    }
    return i;
}
print(length_of([5, 6, 7]));
print(length_of([]));
print(length_of("hello"));
