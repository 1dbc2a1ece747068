// calls may follow any postfix expression: calls, indexing, members, parentheses, literals
add = fn(a) => fn(b) => a + b;
print(add(1)(2));
arr = [fn(x) => x * 2];
print(arr[0](5));
print((fn(x) => x + 1)(1));
o = {m: fn() => fn() => "deep"};
print(o.m()());
print(function() { return 7; }());
print({f: fn() => 9}.f());
make = fn() => {k: [10, 20]};
print(make().k[1]);
print([1, 2, 3].length, "abc".upper());
table = {ops: [fn() => "first", fn() => "second"]};
print(table.ops[1]());
