// `import m;` binds m, `import m as x;` binds only x; repeated imports share one module
import math as m;
print(m.sqrt(9));
try { print(math.pi); } except (e) { print(e.type); }
print("imports may appear between statements");
import math;
print(math == m, typeof(m));
try { print(m.nope); } except (e) { print(e.type); }
import functional;
print(functional.map(fn(x) => x + 1, [1]));
function uses_import() { return math.floor(2.7); }
print(uses_import());
