// ordering a string against a number is a TypeError
print("10" < 5);
