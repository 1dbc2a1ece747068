// an error raised deep inside code that builds many small objects: the
// objects alive at that point are freed as the error unwinds, and the
// traceback shows every frame
function node(depth, fail) {
    if (depth == 6) {
        leaf = {left: null, right: null};
        if (fail) { return leaf["middle"]; }
        return leaf;
    }
    return {left: node(depth + 1, fail), right: {x: depth}};
}
function build() {
    trees = [];
    for (i in range(50)) { trees.append(node(0, false)); }
    return node(0, true);
}
build();
