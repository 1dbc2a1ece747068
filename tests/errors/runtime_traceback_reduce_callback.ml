// an error raised part-way through a collections.reduce fold, whose
// accumulator is an object moved through every call, points at each frame
import collections;
function add(acc, x) {
    acc.total = acc.total + x;
    return x == 4 ? acc.missing.total : acc;
}
print(collections.reduce([1, 2, 3], add, {total: 0}).total);
result = collections.reduce([1, 2, 3, 4, 5], fn(a, x) => add(a, x), {total: 0});
