// assignment targets: nested members, nested indexes, call results; right-hand side first
a = {b: {c: 1}};
a.b.c = 2;
print(a);
grid = [[0, 0], [0, 0]];
grid[1][0] = 5;
print(grid);
shared = {x: 0};
function get() { return shared; }
get().x = 7;
print(shared);
list = [1, 2];
function get_list() { return list; }
get_list()[0] = 9;
print(list);
function idx() { print("index evaluated"); return 0; }
function val() { print("value evaluated"); return 3; }
list[idx()] = val();
print(list);
o = {};
try { o["x"]["y"] = 1; } except (e) { print(e.type); }
try { o.x.y = 1; } except (e) { print(e.type); }
o.k = 1;
o.k = o.k + 1;
print(o);
