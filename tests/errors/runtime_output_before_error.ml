// output printed before an uncaught error stays; the error goes to stderr
print("this line is printed first");
print("and this one");
n = int("not a number");
print("never printed");
