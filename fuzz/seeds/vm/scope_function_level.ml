// blocks (if/while/for/try) share the enclosing scope; each function call has its own
if (true) { inside_if = "visible after if"; }
print(inside_if);
i = 0;
while (i < 3) { last = i; i = i + 1; }
print(last);
try { t = "visible after try"; } except { }
print(t);
x = "global";
function f() { x = "local"; return x; }
print(f());
print(x);
function g() { return x; }
print(g());
function h() { only_in_h = 1; return only_in_h; }
print(h());
try { print(only_in_h); } except (err) { print(err.type); }
function outer() {
    function helper() { return "helper"; }
    return helper();
}
print(outer());
try { helper(); } except (err) { print(err.type); }
