// `//` is floor division right after an operand end (ident, number, string, literal, `)` or `]`)
x = 9;
print(x // 2);
print(x//2);
print(9 // 2);
print((x + 1) // 3);
a = [17];
print(a[0] // 5);
print(true // 1);
try { v = "s" // 2; } except (e) { print(e.type); }
try { v = null // 2; } except (e) { print(e.type); }
// the documented pitfall: a trailing "comment" after the last element is a division
two = 2;
arr = [1, 4 // two
];
print(arr);
