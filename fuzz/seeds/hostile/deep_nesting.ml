x = [];
for (i in range(200000)) { x = [x]; }
y = {};
for (i in range(200000)) { y = {"a": y}; }
print(len(str(x)) > 0, x == x);
