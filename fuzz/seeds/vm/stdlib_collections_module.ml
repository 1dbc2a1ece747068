// collections: array-first helpers that return new arrays and never mutate the input
import collections;
a = [3, 1, 2];
print(collections.append(a, 4), collections.prepend(a, 0), a);
print(collections.concat(a, [9]), collections.length(a));
print(collections.get(a, 1), collections.get(a, 10), collections.first(a), collections.last([]));
print(collections.slice(a, 1), collections.slice(a, 0, 2), collections.reverse(a));
print(collections.contains(a, 2), collections.indexOf(a, 2), collections.index_of(a, 7));
print(collections.removeAt(a, 0), collections.removeAt(a, 10), collections.isEmpty([]));
print(collections.take(a, 2), collections.drop(a, 2), collections.unique([1, 1, 2]));
print(collections.flatten([[1], [2, [3]]]), collections.zip([1, 2], ["a", "b"]));
print(collections.sort(a), collections.sort(a, true), a);
print(collections.sortBy(["bbb", "a", "cc"], fn(s) => len(s)));
print(collections.chunk([1, 2, 3], 2), collections.chunk([1], 0));
print(collections.map(a, fn(x) => x * 10), collections.filter(a, fn(x) => x > 1));
print(collections.reduce(a, fn(acc, x) => acc + x, 0), collections.find(a, fn(x) => x < 3));
print(collections.every(a, fn(x) => x > 0), collections.some(a, fn(x) => x > 2));
