// unbounded recursion through a function field called as a method ends with
// a RecursionError, never a crash of the interpreter
obj = {};
obj.down = fn(n) => obj.down(n + 1);
obj.down(0);
