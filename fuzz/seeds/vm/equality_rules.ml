// `==` never fails: numbers by value, containers structurally, functions by identity
print(1 == 1.0, true == 1, false == 0, 0 == -0.0);
print("1" == 1, null == false, 0 == "", null == 0, [] == {});
print(null == null, "a" == "a", "a" == "A");
print([1, 2] == [1, 2], [1, [2]] == [1, [2.0]], [] == [], [1] == [1, 1]);
print({a: 1, b: 2} == {b: 2, a: 1}, {a: 1} == {a: 1, b: 2}, {} == {});
print({a: [1]} == {a: [1]}, {a: 1} == {a: "1"});
function f() { return 1; }
g = f;
print(f == g, f != g);
print((fn() => 1) == (fn() => 1));
print(null != 0, "abc" != "abd", [1] != 1);
print(print == print);
