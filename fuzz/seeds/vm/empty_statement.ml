// `;` alone is an empty statement; literal expression statements are allowed
;
;;
x = 1;;
if (true) { ; }
function f() { ; return 2; ; }
{a: 1};
{};
[1, 2];
[x, x];
"just a string";
print(x, f());
