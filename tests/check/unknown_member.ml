// E003: members an ML module does not define
import helpers;
import helpers as h;
print(helpers.greet("a"), helpers.version);
print(helpers.gret("a"));
print(h.nothing);
