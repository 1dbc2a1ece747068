// recursion through a native callback (functional.map calling the function
// that calls it) ends with a RecursionError, never a crash
import functional;

function down(n) {
    return functional.map(fn(x) => down(x + 1), [n]);
}

down(0);
