// `nonlocal` with no enclosing function binding refers to the module global
total = 0;
function add(n) {
    nonlocal total;
    total = total + n;
}
add(5);
add(7);
print(total);
function reset() { total = 0; }
reset();
print(total);
function read_missing() {
    nonlocal never_defined_anywhere;
    return never_defined_anywhere;
}
try { read_missing(); } except (err) { print(err.type); }
