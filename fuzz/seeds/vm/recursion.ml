// recursion, mutual recursion, and at least 1000 nested ML calls
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
print(fib(20));
function is_even(n) { return n == 0 ? true : is_odd(n - 1); }
function is_odd(n) { return n == 0 ? false : is_even(n - 1); }
print(is_even(10), is_odd(7), is_even(7));
function sum_to(n) {
    if (n == 0) { return 0; }
    return n + sum_to(n - 1);
}
print(sum_to(999));
function hanoi(n, from, to, via) {
    if (n == 0) { return 0; }
    return hanoi(n - 1, from, via, to) + 1 + hanoi(n - 1, via, to, from);
}
print(hanoi(10, "a", "c", "b"));
