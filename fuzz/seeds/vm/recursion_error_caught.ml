// runaway recursion raises a catchable RecursionError; the program continues normally
function down(n) { return down(n + 1); }
try {
    down(0);
} except (e) {
    print(e.type);
    print(e.message == "maximum recursion depth exceeded");
}
function depth(n) { return n == 0 ? 0 : 1 + depth(n - 1); }
print(depth(500));
function guarded(n) {
    try {
        return guarded(n + 1);
    } except (e) {
        return "caught at some depth";
    }
}
print(guarded(0));
print("still running");
