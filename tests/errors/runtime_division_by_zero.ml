// division by zero is an uncaught ZeroDivisionError
x = 0;
print(10 / x);
