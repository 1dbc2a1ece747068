// an element store of a local past the end of the array
function put(a, i) {
    t = "x";
    a[i] = t;
}
put([1, 2], 2);
