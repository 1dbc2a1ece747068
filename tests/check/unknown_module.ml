// E001: an import of a module found nowhere, with a suggestion
import math;
import mathh;
import no_such_thing_at_all;
print(math.pi);
