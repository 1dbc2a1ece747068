// there is no spread operator
print(...[1, 2]);
