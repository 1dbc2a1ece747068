// A computed value compared with a local in a branch (`a[j] < pivot`,
// `self.balance < x`): numbers of both kinds, NaN, strings and other kinds
// that the plain compare decides, loops testing at the bottom, a local
// that is not bound yet, and a type error caught.
function count_below(items, limit) {
    n = 0;
    for (v in items) {
        if (v + 0 < limit) { n = n + 1; }
    }
    return n;
}
print(count_below([1, 5, 2.5, 7, -1], 3), count_below([1, 5, 2.5], 2.5), count_below([], 1));
inf = 1e308 * 10;
nan = inf - inf;
print(count_below([nan, 1, inf], 2), count_below([1, 2], nan));

function each_compare(a, b) {
    out = "";
    if (a * 1 < b) { out = out + "<"; }
    if (a * 1 <= b) { out = out + "l"; }
    if (a * 1 > b) { out = out + ">"; }
    if (a * 1 >= b) { out = out + "g"; }
    if (a * 1 == b) { out = out + "="; }
    if (a * 1 != b) { out = out + "!"; }
    return out;
}
print(each_compare(1, 2), each_compare(2, 2.0), each_compare(3.5, 2), each_compare(9007199254740993, 9007199254740992.0));
print(each_compare("b", "a"), each_compare("a", "a"), each_compare([1], [1]));

// The test at the bottom of a loop, with the bound in a local.
function steps(limit) {
    x = 1;
    n = 0;
    while (x * 2 < limit) {
        x = x * 2;
        n = n + 1;
    }
    return n;
}
print(steps(1000), steps(1), steps(1e6));

// A field against a local, as a method does.
acct = {balance: 10};
acct.take = fn(x) => {
    if (acct.balance < x) { return false; }
    acct.balance = acct.balance - x;
    return true;
};
print(acct.take(4), acct.take(7), acct.take(6), acct.balance);

// The local is read only when the compare runs: bound late, or never.
function late(flag) {
    if (flag) { bound = 5; }
    if (len("abc") < bound) { return "below"; }
    return "not below";
}
print(late(true));
try {
    late(false);
} except (e) {
    print(e.type);
}
try {
    each_compare(1, "x" + "");
    print(count_below(["a"], 1));
} except (e) {
    print(e.type);
}
