// destructuring an array of the wrong length is a ValueError
[a, b] = [1, 2, 3];
