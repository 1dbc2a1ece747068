// `//` comments: at line start, after `;`, after `}`, and after non-operand tokens
// a whole-line comment
x = 1; // after a statement
if (x == 1) {
    print("one"); // inside a block
} // after a closing brace (not an operand end)
y = // after `=` a comment starts
    5;
print( // after `(`
    y);
z = 1 + // after an operator
    2;
print(z);
arr = [1, // after a comma
       2];
print(arr);
obj = {a: // after a colon
       3};
print(obj);
function f() {
    return // after `return`
        7;
}
print(f());
g = fn() => // after `=>`
    8;
print(g());
