// an error raised in a function called by a filter callback, after many
// callbacks returned normally, points at each frame, the native's caller
// included
import functional;
function check(x) {
    return x.size > 0;
}
function pick(items) {
    return functional.filter(fn(x) => x == 7 ? check(x) : x % 2 == 0, items);
}
print(len(pick(range(5))));
print(pick(range(10)));
