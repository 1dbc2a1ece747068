// `&&` and `||` short-circuit and return an operand; `!` returns a boolean
print(0 || "d", 5 && 7, null || 0, 1 || 2, null && 1);
print(repr("" && 1), [] || "e", repr("" || ""));
state = {calls: 0};
function boom() { state.calls = state.calls + 1; return "boom"; }
print(1 || boom(), 0 && boom());
print(state.calls);
print(!null, !!0, !![], !"a", !{});
print(false && 1 || 2, true || false && false);
print(0 || null || "last");
print(1 && "a" && [2]);
