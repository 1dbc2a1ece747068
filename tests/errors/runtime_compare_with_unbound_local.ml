// a computed value compared with a local that was never assigned
function late(flag) {
    if (flag) {
        bound = 5;
    }
    if (len("abc") < bound) {
        return 1;
    }
    return 0;
}
print(late(false));
