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
