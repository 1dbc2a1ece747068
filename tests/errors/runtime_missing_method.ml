// calling a missing key as a method on an object is an AttributeError
o = {};
o.f();
