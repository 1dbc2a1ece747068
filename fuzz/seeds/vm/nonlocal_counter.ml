// `nonlocal` lets an inner function update a variable of its enclosing function
function make_counter() {
    count = 0;
    function next() {
        nonlocal count;
        count = count + 1;
        return count;
    }
    return {next: next, peek: fn() => count};
}
seq = make_counter();
seq.next();
seq.next();
print(seq.next());
print(seq.peek());
other = make_counter();
print(other.next(), seq.next());
function outer() {
    v = "outer";
    function middle() {
        v = "middle";
        function inner() { nonlocal v; v = "inner"; }
        inner();
        return v;
    }
    m = middle();
    return [m, v];
}
print(outer());
function pair() {
    a = 1;
    b = 2;
    function swap() { nonlocal a, b; [a, b] = [b, a]; }
    swap();
    return [a, b];
}
print(pair());
