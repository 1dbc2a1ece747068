// functional: both argument orders, combinators, curry/memoize, list helpers (edge cases)
import functional;
f = functional;
double = fn(x) => x * 2;
print(f.map(double, [1, 2]), f.map([1, 2], double), f.filter(fn(x) => x > 1, [1, 2, 3]), f.filter([1, 2, 3], fn(x) => x > 1));
print(f.reduce(fn(a, b) => a + b, [1, 2, 3]), f.reduce([1, 2, 3], fn(a, b) => a + b, 10), f.reduce(fn(a, b) => a + b, [5], null));
try { f.reduce(fn(a, b) => a + b, []); } except (e) { print(e.type, e.message); }
print(f.find(fn(x) => x > 1, [1, 2, 3]), f.find(fn(x) => x > 5, [1]), f.some(fn(x) => x > 2, [1, 3]), f.every(fn(x) => x > 0, [1, 3]));
inc = fn(x) => x + 1;
print(f.compose(double, inc)(5), f.pipe(double, inc)(5), f.composeAll([double, inc])(1), f.pipeAll([double, inc])(1), f.compose()(7));
add3 = fn(a, b, c) => a + b + c;
c = f.curry(add3);
print(c(1)(2)(3), c(1, 2)(3), c(1)(2, 3), c(1, 2, 3), f.curry2(fn(a, b) => a - b)(10)(3));
print(f.partial(add3, 1, 2)(3), f.partial_apply(add3, 1)(2, 3), f.identity(4), f.constant(9)(), f.constant(9)(1, 2));
calls = 0;
function slow(n) { nonlocal calls; calls = calls + 1; return n * n; }
m = f.memoize(slow);
print(m(3), m(3), m(4), calls);
fib = f.memoize(fn(n) => n < 2 ? n : fib(n - 1) + fib(n - 2));
print(fib(80));
print(f.zip([1, 2], [3, 4, 5]), f.zipWith(fn(a, b) => a * b, [1, 2], [3, 4]), f.range(3), f.range(1, 7, 2), f.repeat("x", 3));
print(f.take(2, [1, 2, 3]), f.take([1, 2, 3], 2), f.drop(1, [1, 2, 3]), f.takeWhile(fn(x) => x < 3, [1, 2, 3, 1]));
print(f.flatten([[1, 2], 3, [[4]]]), f.chunk(2, [1, 2, 3, 4, 5]), f.chunk([1, 2, 3], 2));
print(f.groupBy(fn(x) => x % 2, [1, 2, 3, 4]), f.group_by(fn(s) => len(s), ["a", "bb", "c"]), f.partition(fn(x) => x > 2, [1, 3, 2, 4]));
print(f.unique([1, 2, 1, "a", "a", 1.0]), f.reverse([1, 2, 3]), f.times(3, fn(i) => i * i), f.times(fn(i) => i, 2));
print(f.ifElse(fn(x) => x > 0, fn(x) => "pos", fn(x) => "neg")(-1), f.cond([[fn(x) => x > 5, fn(x) => "big"], [fn(x) => true, fn(x) => "small"]])(3), f.juxt([double, inc])(5));
print(f.sort([3, 1, 2]), f.sort([3, 1, 2], true));
f.forEach(fn(x) => print("each", x), [1, 2]);
f.for_each([3], fn(x) => print("each", x));
try { f.map(5, [1]); } except (e) { print(e.type, e.message); }
try { f.groupBy(fn(x) => x > 1, [1, 2]); } except (e) { print(e.type, e.message); }
print(f.compose);
print(f.compose(double));
