// statements must end with a semicolon
x = 1 y = 2;
print(x);
