// reading a variable that exists nowhere is an uncaught NameError
x = 1;
print(nope);
