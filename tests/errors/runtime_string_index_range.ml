// a string index past the end is an uncaught IndexError at its line
function last(s, i) {
    return s[i];
}
print(last("héllo", -1));
print(last("héllo", 5));
