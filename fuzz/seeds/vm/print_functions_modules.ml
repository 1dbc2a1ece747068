// functions display as <function NAME> (anonymous: <function>), modules as <module NAME>
import math;
function greet() { return "hi"; }
print(greet);
print(fn(x) => x);
print(function() { return 1; });
print(math);
print(str(greet), "" + greet);
print([greet]);
