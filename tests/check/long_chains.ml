// long chains are not nesting (see also tests/check.rs for 10,000 terms)
x = 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16;
s = "ab".upper().lower().upper().lower().upper().lower().upper().lower();
print(x, s, undefined_at_the_end);
