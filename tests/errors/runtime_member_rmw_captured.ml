// a fused `self.f = self.f + x` whose addition fails raises a TypeError at
// its own line, with the method call in the traceback
function make() {
    self = {total: 0};
    self.add = fn(x) => {
        self.total = self.total + x;
    };
    return self;
}
acc = make();
acc.add(2);
acc.add(null);
