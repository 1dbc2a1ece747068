// `*` repeats strings (either order) and arrays (array * int); count <= 0 gives empty
print("=" * 5);
print(3 * "ab");
print([0] * 3);
print([1, 2] * 2);
print(repr("x" * 0), repr("x" * -2));
print([1] * 0, [1] * -1);
row = [[0]] * 2;
row[0][0] = 5;
print(row);
line = "-" * 3 + "+";
print(line);
