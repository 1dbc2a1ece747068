// Returns of constant scalars (null, true, false, small ints, a wide int),
// explicit and implicit: each gives the caller its value from every kind of
// frame (plain, recursive, method field, inside try blocks) and leaves the
// frame's locals and handlers behind.
function nothing() {
}
function bare(x) {
    x = [x];
    return;
}
function explicit_null() {
    return null;
}
function is_small(n) {
    if (n < 10) {
        return true;
    }
    return false;
}
function sign(n) {
    if (n < 0) {
        return -1;
    }
    if (n == 0) {
        return 0;
    }
    return 1;
}
function wide() {
    return 3000000000;
}
function in_try(x) {
    try {
        o = {x: x};
        return 7;
    } except (e) {
        return 8;
    }
}
function count(node) {
    if (node == null) {
        return 0;
    }
    return 1 + count(node.next);
}
print(nothing(), bare(1), explicit_null());
print(is_small(3), is_small(30));
print(sign(-5), sign(0), sign(9));
print(wide(), wide() + 1);
print(in_try(1));
try {
    throw "after try-return";
} except (e) {
    print("caught", e);
}
chain = {next: {next: {next: null}}};
print(count(chain));
// A method field returning constants, called on its object.
acct = {limit: 5};
acct.ok = function(n) {
    if (n > 5) {
        return false;
    }
    return true;
};
print(acct.ok(3), acct.ok(9));
// Values returned as constants compare and add like any other.
print(sign(4) + sign(-4), is_small(1) == true, nothing() == null);
