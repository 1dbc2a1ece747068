// booleans act as the numbers 1 and 0 in arithmetic and numeric comparison
print(true + 1, true + true, false * 5, true * 3);
print(true + 1.5, true / 2, -true);
print(sum([true, true, false]));
print(true == 1, false == 0, true == 2, true == 1.0);
print(true < 2, false < true);
print(typeof(true), typeof(true + 1));
