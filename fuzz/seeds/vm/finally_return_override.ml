// finally runs on every exit; a return inside finally replaces the pending outcome
function a() { try { return "a"; } finally { return "b"; } }
print(a());
function b() { try { return "try"; } finally { print("cleanup b"); } }
print(b());
function c() { try { throw "boom"; } finally { return "swallowed"; } }
print(c());
function d() {
    try { throw "first"; } except (e) { return "handled " + e.message; } finally { print("finally d"); }
}
print(d());
function e2() {
    x = 1;
    try { return x; } finally { x = 2; }
}
print(e2());
function f() {
    try { return "from try"; } except (e) { return "from except"; } finally { print("finally f"); }
}
print(f());
