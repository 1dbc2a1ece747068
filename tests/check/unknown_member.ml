// E003: members an ML module does not define
import helpers;
import helpers as h;
print(helpers.greet("a"), helpers.version);
print(helpers.gret("a"));
print(h.nothing);
// built-in modules have fixed member tables too
import math;
print(math.sqrt(4), math.sqr(4));
