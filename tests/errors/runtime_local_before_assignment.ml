// reading a function-local variable before its first assignment is a NameError
x = "global";
function f() {
    y = x;
    x = "local";
}
f();
