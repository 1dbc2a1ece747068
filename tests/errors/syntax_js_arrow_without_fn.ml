// arrow functions need the `fn` keyword: `(x) => x` is not valid
f = (x) => x + 1;
