// dotted imports: members are checked through the namespace, also after
// two imports share a prefix
import pkg.tools;
import pkg.missing;
print(pkg.tools.scale(2, 3));
print(pkg.tools.scal(2, 3));
print(pkg.tools.scale(2));
