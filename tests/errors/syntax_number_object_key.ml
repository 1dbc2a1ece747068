// object literal keys must be identifiers, keywords or strings, not numbers
x = {1: "a"};
