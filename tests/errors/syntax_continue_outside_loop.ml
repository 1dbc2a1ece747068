// continue inside a function but outside any loop is a compile-time error
function f() {
    continue;
}
