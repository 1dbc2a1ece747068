// a misspelt builtin: the error names the nearest one and shows the line
function show(x) {
    return prnt(x);
}
show(1);
