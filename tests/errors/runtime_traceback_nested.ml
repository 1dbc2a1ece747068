// an uncaught error inside nested calls prints one `at` line per frame
function inner(x) {
    return x / 0;
}
function outer(x) {
    return inner(x) + 1;
}
outer(5);
