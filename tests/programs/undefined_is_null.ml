// `undefined` is another spelling of `null`
print(undefined);
print(undefined == null);
print(typeof(undefined));
x = undefined;
print(x == null, x);
print([undefined]);
