// E002: names never assigned anywhere; a nonlocal global and builtins are fine
function start() {
    nonlocal counter;
    counter = 0;
}
start();
print(counter, len([1]));
prnt("typo");
function f() {
    return totl + 1;
}
print(f);
