// assignment is a statement, not an expression: a = b = 1 is an error
a = b = 1;
