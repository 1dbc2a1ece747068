// an element store of a local that was never assigned
function put(a, flag) {
    if (flag) {
        t = 1;
    }
    i = 0;
    a[i] = t;
}
put([1], false);
