// ordering: numbers (incl. bools) numerically, strings by code point; chains are left-associative
print(1 < 2, 2 <= 2, 3 > 3, 3 >= 3);
print(1 < 1.5, 2.5 > 2, true < 2, -1 < false);
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "b" > "abc");
print("apple" <= "apple", "é" > "z");
print(1 < 2 < 3);
print(3 > 2 > 1);
print(1 < 2 == true);
