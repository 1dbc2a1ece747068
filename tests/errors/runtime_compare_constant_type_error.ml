// a string on the stack ordered against a float constant in a branch
function f(s) {
    if (s + "!" < 2.5) {
        return 1;
    }
    return 0;
}
print(f("a"));
