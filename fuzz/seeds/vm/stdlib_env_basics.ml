// env: get with defaults, typed getters (get_int, get_float, get_bool), set, delete, require
// mlpy-flags: --grant env.read --grant env.write
import env;
env.set("MLPY_T_NAME", "mlpy");
env.set("MLPY_T_NUM", 42);
env.set("MLPY_T_FLOAT", " 2.5 ");
env.set("MLPY_T_FLAG", "Yes");
print(env.get("MLPY_T_NAME"), env.get("MLPY_T_NUM"), typeof(env.get("MLPY_T_NUM")));
print(env.get("MLPY_T_MISSING"), env.get("MLPY_T_MISSING", "fallback"), env.has("MLPY_T_NAME"), env.has("MLPY_T_MISSING"));
print(env.get_int("MLPY_T_NUM"), env.get_int("MLPY_T_NAME"), env.get_int("MLPY_T_NAME", 7), env.get_int("MLPY_T_MISSING", 8080));
print(env.get_float("MLPY_T_FLOAT"), env.get_float("MLPY_T_NUM"), env.get_float("MLPY_T_NAME"), env.get_float("MLPY_T_MISSING", 1.5));
print(env.get_bool("MLPY_T_FLAG"), env.get_bool("MLPY_T_NAME"), env.get_bool("MLPY_T_MISSING"), env.get_bool("MLPY_T_MISSING", true));
env.set("MLPY_T_FLAG", "1");
env.set("MLPY_T_EMPTY", "");
print(env.get_bool("MLPY_T_FLAG"), repr(env.get("MLPY_T_EMPTY")), env.has("MLPY_T_EMPTY"));
print(env.all()["MLPY_T_NAME"], typeof(env.all()));
print(env.require("MLPY_T_NAME"));
env.delete("MLPY_T_NAME");
env.delete("MLPY_T_NAME");
print(env.has("MLPY_T_NAME"), env.get("MLPY_T_NAME", "gone"));
try { env.require("MLPY_T_NAME"); } except (e) { print(e.type + ": " + e.message); }
try { env.set("A=B", "x"); } except (e) { print(e.type + ": " + e.message); }
try { env.get(1); } except (e) { print(e.type); }
print(requiredCapabilities(env.get), requiredCapabilities(env.set));
