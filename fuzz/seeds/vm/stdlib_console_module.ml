// console.log/info/debug write to stdout formatted exactly like print
import console;
console.log("plain", 1, true, null, [1, "a"], 2.0);
console.info("ready");
console.debug("x =", 5);
console.log();
print("after");
