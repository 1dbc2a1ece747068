// a call site that called a function field of objects of one layout many
// times meets an object of that layout whose field is no function
function make(n) {
    self = {n: n};
    self.get = fn() => self.n;
    return self;
}
function total(objs) {
    t = 0;
    for (o in objs) { t = t + o.get(); }
    return t;
}
objs = [make(1), make(2), make(3)];
print(total(objs));
objs[1].get = "text";
print(total(objs));
