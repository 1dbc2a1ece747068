// the identifier `builtin` names the module of builtin functions
print(typeof(builtin));
print(builtin);
print(builtin.len("abc"), builtin.str(1.5), builtin.abs(-3));
f = builtin.abs;
print(f(-4));
print(callable(builtin.print));
