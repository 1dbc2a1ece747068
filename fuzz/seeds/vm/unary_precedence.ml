// unary `-`/`!` bind tighter than binary operators but looser than postfix
a = {b: 5};
print(-a.b);
arr = [1, 2];
print(-arr[1]);
print(!0 == true, !1 == false);
print(-2 * 3, -2 + 3, - -3);
print(!true || true, !(true || true));
f = fn() => 4;
print(-f());
print(-[7, 8][0]);
