// calling a value that is not a function is a TypeError
x = 5;
x(1);
