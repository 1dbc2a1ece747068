// functional.map/filter/reduce accept function-first and collection-first orders; sort
import functional;
nums = [1, 2, 3, 4, 5];
double = fn(x) => x * 2;
odd = fn(x) => x % 2 == 1;
print(functional.map(double, nums), functional.map(nums, double));
print(functional.filter(odd, nums), functional.filter(nums, odd));
print(functional.reduce(fn(acc, x) => acc + x, nums, 0));
print(functional.reduce(nums, function(acc, x) { return acc + x; }, 10));
print(functional.reduce(fn(a, b) => a * b, nums));
print(functional.reduce(fn(a, b) => a + b, nums, null));
print(functional.reduce(fn(acc, s) => acc + s, ["a", "b", "c"], ">"));
print(functional.sort([3, 1, 2]), functional.sort([3, 1, 2], true));
try { functional.reduce(fn(a, b) => a + b, []); } except (e) { print(e.type); }
print(functional.reduce(fn(a, b) => a + b, [], 0));
print(nums);
squares = functional.map(nums, function(x) {
    y = x * x;
    return y;
});
print(squares);
