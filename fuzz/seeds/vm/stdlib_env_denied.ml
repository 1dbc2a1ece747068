// env: reading and writing the environment need grants that are absent by default
import env;
try { env.get("HOME"); } except (e) { print(e.type + ": " + e.message); }
try { env.all(); } except (e) { print(e.type + ": " + e.message); }
try { env.set("MLPY_T_X", "1"); } except (e) { print(e.type + ": " + e.message); }
print(hasCapability("env.read"));
