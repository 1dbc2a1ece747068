// after `=>`: `{}` or `{key:` is an object literal, any other `{` starts a block
empty = fn() => {};
print(empty());
mk = fn(p) => {x: p};
print(mk(5));
quoted = fn() => {"k": 1};
print(quoted());
kw = fn() => {if: 1};
print(kw());
dbl = fn(x) => { return x * 2; };
print(dbl(5));
noret = fn(x) => { y = x; };
print(noret(1));
multi = fn(x) => { y = x + 1; return y * y; };
print(multi(2));
curried = fn(a) => fn(b) => a + b;
print(curried(1)(2));
choose = fn(x) => x ? "yes" : "no";
print(choose(0), choose(1));
