// typeof names, isinstance(v, name) and callable()
import math;
print(typeof(1), typeof(1.5), typeof("s"), typeof(true), typeof(null));
print(typeof([]), typeof({}), typeof(fn() => 1), typeof(print));
print(typeof(math), typeof(builtin), typeof(iter([])));
try { [][0]; } except (e) { print(typeof(e)); }
print(isinstance(1, "number"), isinstance(1.5, "number"), isinstance(1, "string"));
print(isinstance([], "array"), isinstance({}, "object"), isinstance(null, "null"));
print(isinstance(true, "boolean"), isinstance(true, "number"));
print(callable(print), callable(fn() => 1), callable(math.sqrt));
print(callable(1), callable("print"), callable(null), callable({}));
