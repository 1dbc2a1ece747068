// misspelt names and members name the nearest known one
import math;
o = {alpha: 1, beta: 2};
try { o["alpah"]; } except (e) { print(e.message); }
try { o.bta(); } except (e) { print(e.message); }
try { "abc".uper(); } except (e) { print(e.message); }
try { math.sqr(2); } except (e) { print(e.message); }
try { mth.pi; } except (e) { print(e.message); }
try { jsn.parse("1"); } except (e) { print(e.message); }
try { lenn([1]); } except (e) { print(e.message); }
try { o["zzz"]; } except (e) { print(e.message); }
// the hint is found when the message is read, after the object's function returned
function look(k) { local = {gamma: 3, delta: 4}; return local[k]; }
try { look("gama"); } except (e) { print(e.message); }
// a KeyError kept and read later names a key near it in the object as it was then
counts = {apple: 1};
try { counts["aple"]; } except (e) { kept = e; }
print(str(kept));
