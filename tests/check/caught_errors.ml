// errors in code whose errors are caught are warnings: a try body with
// except, and function literals passed to a function that catches
function probe(f) {
    try { return f(); } except (e) { return e.type; }
}
function one(a) { return a; }
try { print(missing_name); } except (e) { print(e.type); }
print(probe(fn() => one(1, 2)));
print(probe(fn() => also_missing));
try { x = 1; } finally { print(x); }
