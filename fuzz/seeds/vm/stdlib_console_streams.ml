// console.error/warn go to stderr (not stdout); log/info/debug to stdout in program order
import console;
console.log("one");
console.error("to stderr", 1);
console.warn("careful");
console.info({a: [1, "x"]}, "s");
console.debug();
console.log(null, true, 1.0 / 4, "a" + 1);
print(console.log("x") == null);
print(typeof(console.log), callable(console.warn));
