// an error inside a function field closing over `self`, called as a method
// from a plain function: every frame appears with its line
function make() {
    self = {n: 1};
    self.bump = fn(k) => {
        self.n = self.n // k;
        return self.n;
    };
    return self;
}
function drive(obj) {
    first = obj.bump(1);
    return obj.bump(0) + first;
}
drive(make());
