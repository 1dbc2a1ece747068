// a name assigned anywhere in a function is local for the whole body
x = "global";
function f() {
    print(x);
    x = "local";
}
try { f(); } except (err) { print(err.type + ": " + err.message); }
function g() {
    if (false) { x = 1; }
    return x;
}
try { g(); } except (err) { print(err.type); }
function h() {
    for (x in []) { }
    return x;
}
try { h(); } except (err) { print(err.type); }
e = "global e";
function k() {
    try { throw "caught"; } except (e) { }
    return e;
}
print(k());
print(e);
print(x);
