// an error raised at the bottom of a deep recursion that a functional.map
// callback started (the stack grew while the native waited): the traceback
// names the native's caller, the callback and the recursion (folded)
import functional;
function boom(n, from) {
    if (n == 0) {
        return from > 100 ? 1 // 0 : 0;
    }
    return boom(n - 1, from) + 1;
}
function run(items) {
    return functional.map(fn(x) => boom(x, x), items);
}
print(run([5, 10]));
print(run([20, 3000]));
