// keywords are allowed as object-literal keys and after `.`
o = {if: 1, for: 2, null: 3, return: 4, "two words": 5};
print(o);
print(o.if, o.for, o.null, o.return, o["two words"]);
o.while = 6;
print(o["while"]);
read = "not a keyword outside capability";
allow = 2;
print(read, allow);
