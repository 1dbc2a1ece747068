// a field read of a local right after another local is loaded (`x + o.v`)
// on a value that is no object: the error points at the read
function scale(x, o) {
    return x *
        o.v;
}
print(scale(2, {v: 3}));
print(scale(2, 4));
