// `a[i] = a[i] - 1` past the end raises the read's IndexError at the read
function countdown(a, i) {
    a[i] = a[i] - 1;
    return a;
}
print(countdown([3, 4], 1));
countdown([3, 4], 2);
