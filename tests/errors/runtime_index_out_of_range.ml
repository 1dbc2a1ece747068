// indexing past the end of an array is an uncaught IndexError
a = [1, 2, 3];
print(a[5]);
