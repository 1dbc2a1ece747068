// an unclosed parenthesis is a syntax error
print((1 + 2);
print(3);
