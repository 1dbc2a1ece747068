// Cycles that nothing refers to are freed by the cycle collector, and
// freeing them runs no ML code and changes nothing a program can still see.
import gc;

gc.collect();

// An array holding itself, an object holding itself, two objects holding
// each other.
function arrays(n) {
    for (i in range(n)) {
        a = [i];
        a.append(a);
    }
}
function objects(n) {
    for (i in range(n)) {
        o = {i: i};
        o.me = o;
        p = {peer: o};
        o.peer = p;
    }
}
// An object whose closure captures the object (object -> closure -> cell
// -> object), the way methods are usually written.
function make(i) {
    self = {n: i};
    self.get = fn() => self.n;
    self.add = fn(k) => self.n + k;
    return self;
}
// Two closures capturing each other through their cells.
function pair() {
    function ping(n) { if (n == 0) { return "ping"; } return pong(n - 1); }
    function pong(n) { if (n == 0) { return "pong"; } return ping(n - 1); }
    return ping(5);
}

arrays(100);
print("arrays freed:", gc.collect() >= 100);
objects(100);
print("objects freed:", gc.collect() >= 200);
total = 0;
for (i in range(100)) { total = total + make(i).add(1); }
print(total);
print("methods freed:", gc.collect() >= 300);
print(pair());
print("closures freed:", gc.collect() >= 2);
print("nothing left:", gc.collect());

// Kept values are left alone, however they are held.
keep = make(41);
ring = [1, 2];
ring.append(ring);
print(gc.collect(), keep.add(1), len(ring), ring[2][2][0]);

// Dropped later, they go at the next collection.
keep = null;
ring = null;
print("late:", gc.collect() >= 4);

// Statistics count every collection and every container freed.
s = gc.stats();
print(s.collections >= 6, s.full_collections >= 6, s.freed >= 600, s.tracked > 0);
print(typeof(s.longest_pause_ms), s.longest_pause_ms <= s.total_pause_ms);
