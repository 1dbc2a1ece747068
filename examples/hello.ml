// A first ML program: functions, closures, objects and the standard library.
import math;
import functional;

function greet(name) {
    return "Hello, " + name + "!";
}

print(greet("mlpy"));

function make_counter() {
    count = 0;
    function next() {
        nonlocal count;
        count = count + 1;
        return count;
    }
    return {next: next};
}

counter = make_counter();
counter.next();
print("counter:", counter.next());

numbers = [3, 1, 4, 1, 5, 9, 2, 6];
squares = functional.map(fn(x) => x * x, numbers);
print("squares:", squares);
print("sorted:", sorted(numbers));
print("mean:", sum(numbers) / len(numbers));
print("sqrt(2) =", math.sqrt(2));

try {
    print(numbers[100]);
} except (e) {
    print("caught", e.type + ":", e.message);
}
