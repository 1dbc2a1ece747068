// a module in a package folder, for namespace.ml
function scale(x, k) { return x * k; }
