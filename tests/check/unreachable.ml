// W003: code after return, throw, break or continue
function f(x) {
    return x;
    print("never");
}
function g() {
    throw "boom";
    x = 1;
    return x;
}
while (true) {
    break;
    print("never");
}
print(f(1), g);
