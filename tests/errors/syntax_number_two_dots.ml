// 1.5.5 is not a number literal
x = 1.5.5;
