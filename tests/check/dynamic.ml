// dynamic access gets no error: getattr, hasattr, object members, builtin
import helpers;
print(getattr(helpers, "not_there", 1), hasattr(helpers, "gret"));
o = {a: 1};
print(o.b, builtin.len([1]));
