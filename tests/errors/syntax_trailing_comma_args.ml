// trailing commas are not allowed in argument lists
print(1, 2,);
