// return at top level is a compile-time error
return 1;
