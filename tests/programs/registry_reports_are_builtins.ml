// The registry's reports are builtins like any other: in the `builtin`
// module, documented, and a rebinding shadows them only in its scope.
import builtin;
print(builtin.module_info == module_info, builtin.performance_report == performance_report);
print(help(memory_report));
info = module_info("json");
print(info.type, info.loaded);
import json;
print(module_info("json").loaded, module_info("no_such_module"));
print(keys(memory_report()));
print(sorted(keys(performance_report().summary)));
function f() { module_info = 1; return module_info; }
print(f(), typeof(module_info));
try { module_info(); } except (e) { print(e.type, e.message); }
