// A container that holds only scalars and strings cannot be part of a cycle,
// so the collector ignores it until a container is stored into it. Each
// writer below turns such a container into a cycle only after it was made;
// every one of those cycles must still be freed by a collection.
import gc;
import functional;

gc.collect();

// Runs `make` 10 times (each call leaves its cycle behind) and reports
// whether a collection freed at least `per_call` containers per call.
function check(name, per_call, make) {
    for (i in range(10)) { make(i); }
    freed = gc.collect();
    print(name, freed >= 10 * per_call);
}

function case1(i) { o = {n: i}; o.me = o; }
check("member store", 1, case1);
function case2(i) { o = {n: i}; o["me"] = o; }
check("index store on an object", 1, case2);
function case3(i) { o = {}; o[i] = o; }
check("int key on an object", 1, case3);
function case4(i) { a = [i, i]; a[1] = a; }
check("index store on an array", 1, case4);
function case5(i) { a = [i]; a[-1] = a; }
check("negative index", 1, case5);
function case6(i) { a = []; a.append(a); }
check("append", 1, case6);
function case7(i) { a = ["x"]; f = a.append; f(a); }
check("append through a variable", 1, case7);
function case8(i) { a = [1]; a.extend([a]); }
check("extend", 1, case8);
function case9(i) { a = [1, 2]; a.insert(1, a); }
check("insert", 1, case9);
function case10(i) { a = [1, 2, 3]; a[0:2] = [a]; }
check("slice store", 1, case10);
function case11(i) { b = {k: 1}; a = [1] + [b]; b.a = a; }
check("unique array plus", 2, case11);
function case12(i) { o = {n: i}; o.get = fn() => o.n; }
check("closure stored later", 2, case12);
function case13(i) {
    o = {n: i};
    function set() { o.me = o; }
    set();
}
check("through a captured object", 1, case13);
function case14(i) {
    o = {n: i};
    g = functional.groupBy(fn(x) => "k", [1, o]);
    o.groups = g;
}
check("groupBy", 2, case14);

// Objects and arrays of scalars are left out of collections but still
// freed by reference counting, and a late store keeps them intact.
total = 0;
for (i in range(1000)) {
    leaf = {left: null, right: null, n: i, s: "leaf"};
    total = total + leaf.n;
}
print(total);
kept = {n: 1};
kept.self = kept;
list = [1, "two"];
list.append(list);
print(gc.collect(), kept.self.self.n, list[2][2][1]);
kept = null;
list = null;
print("late:", gc.collect() >= 2);
