// W007: assigning to a member of an imported module fails at run time
import helpers;
import math;
helpers.version = "2.0";
math.pi = 3;
o = {};
o.version = 1;
print(o, helpers.version);
