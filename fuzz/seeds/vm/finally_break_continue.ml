// finally runs on break/continue; break/continue/throw inside finally replace the pending outcome
for (i in range(3)) {
    try {
        if (i == 1) { continue; }
        print("body", i);
    } finally {
        print("finally", i);
    }
}
while (true) {
    try { break; } finally { print("finally on break"); }
}
function f() {
    while (true) {
        try { return "from try"; } finally { break; }
    }
    return "after loop";
}
print(f());
count = 0;
for (i in range(3)) {
    try { throw "err"; } finally { count = count + 1; continue; }
}
print(count);
function g() { try { return 1; } finally { throw "from finally"; } }
try { g(); } except (err) { print(err.message); }
