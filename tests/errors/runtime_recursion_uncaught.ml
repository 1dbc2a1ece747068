// unbounded recursion ends with a RecursionError, never a crash of the interpreter
function down(n) {
    return down(n + 1);
}
down(0);
