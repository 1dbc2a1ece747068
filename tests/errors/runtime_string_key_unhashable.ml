// an unhashable key written inside a function: TypeError with both frames
function store(table, key) {
    table[key] = 1;
}
t = {};
store(t, "fine");
store(t, [1, 2]);
