// a file that does not parse runs nothing: exit 2 even though line 2 is valid
print("must not be printed");
x = ;
