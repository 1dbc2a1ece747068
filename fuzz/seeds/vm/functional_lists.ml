// functional list helpers, including the swapped (collection-first) orders
import functional;
print(functional.zipWith(fn(a, b) => a + b, [1, 2], [10, 20]));
print(functional.take(2, [1, 2, 3]), functional.take([1, 2, 3], 2));
print(functional.drop(1, [1, 2, 3]), functional.drop([1, 2, 3], 1));
print(functional.chunk(2, [1, 2, 3, 4, 5]), functional.chunk([1, 2, 3], 2));
print(functional.flatten([[1], [2, [3]], []]));
print(functional.groupBy(fn(x) => x % 2, [1, 2, 3, 4]));
print(functional.partition(fn(x) => x > 2, [1, 2, 3, 4]));
print(functional.unique([1, 2, 1, 3, 2]));
print(functional.times(3, fn(i) => i * i), functional.times(fn(i) => i, 2));
print(functional.find(fn(x) => x > 1, [1, 2, 3]), functional.find(fn(x) => x > 9, [1]));
print(functional.some(fn(x) => x > 2, [1, 2, 3]), functional.every(fn(x) => x > 2, [1, 2, 3]));
print(functional.takeWhile(fn(x) => x < 3, [1, 2, 3, 1]));
print(functional.repeat("a", 3), functional.range(1, 4), functional.reverse([1, 2]));
print(functional.zip([1, 2], [3, 4]));
seen = [];
print(functional.forEach(fn(x) => seen.append(x), [7, 8]), seen);
