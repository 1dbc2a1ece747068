// Each member instruction remembers where it found its key last time; the
// guess is checked, so objects of other shapes, missing keys, keys added
// later and keys made at run time must all still be found correctly.
function getx(o) { return o.x; }
function setx(o, v) { o.x = v; return o; }
function incx(o) { o.x = o.x + 1; return o.x; }
shapes = [
    {x: 1},
    {a: 0, x: 2},
    {a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0, h: 0, i: 0, x: 3},
    {x: 4, a: 0},
    {},
    {y: 5},
];
for (o in shapes) { print(getx(o), getx(o)); }
for (o in shapes) { setx(o, "set"); print(keys(o), getx(o)); }
for (o in shapes) { o.x = 10; print(incx(o), incx(o)); }
// Keys built at run time are different strings with the same text.
k = "x";
dyn = {};
dyn[k + ""] = 7;
print(getx(dyn), incx(dyn), dyn.x);
made = {};
for (name in ["p", "q", "x"]) { made[name] = name + "!"; }
print(getx(made));
// A field read through an upvalue, then the captured object replaced.
function Holder() {
    self = {a: 1, b: 2};
    read = function() { return self.b; };
    first = read();
    self = {b: 20, a: 10};
    second = read();
    self = {c: 3};
    third = read();
    return [first, second, third];
}
print(Holder());
// Method calls through the same site on objects of different shapes.
function run(o) { return o.f(2); }
print(run({f: function(v) { return v + 1; }}), run({z: 0, f: function(v) { return v * 10; }}));
print(run({g: 1, h: 2, f: function(v) { return "third " + v; }}));
// Int keys and string keys are distinct.
m = {};
m[1] = "int key";
m["1"] = "str key";
print(m[1], m["1"], len(keys(m)));
