// there are no block comments: /* ... */ is a syntax error
/* a block comment */
print("unreachable");
