// throw accepts any value: objects are payloads, strings become messages, others use str()
function show(v) {
    try { throw v; } except (e) { print(e.type + " | " + e.message); }
}
show({message: "m", type: "Custom"});
show({code: 42});
show("text");
show(42);
show(1.5);
show(null);
show(true);
show([1, "a"]);
show({type: 5, message: "type is not a string"});
try {
    throw {type: "HttpError", message: "not found", code: 404};
} except (e) {
    print(e.code, e["code"], e.missing);
}
try {
    try { throw {type: "T", message: "orig", extra: 1}; } except (e) { throw e; }
} except (e2) {
    print(e2.type, e2.message, e2.extra);
}
try {
    try { x = [][1]; } except (e) { throw e; }
} except (e2) {
    print(e2.type);
}
