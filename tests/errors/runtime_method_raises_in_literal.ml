// an error raised inside a method while an object literal's values are
// computed: the traceback names the literal's line and the method's
function make() {
    self = {scale: 0};
    self.ratio = fn(x) => x // self.scale;
    return self;
}
function point(m, x) {
    return {x: x,
            y: m.ratio(x),
            z: 0};
}
m = make();
m.scale = 2;
print(point(m, 9));
m.scale = 0;
print(point(m, 9));
