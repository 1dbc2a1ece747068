// an unterminated string literal is a syntax error (file has no final newline)
x = "abc;