// a field update that meets a field of another kind at a warm site
// raises at its operator
function add(o, x, y) {
    o.f = o.f - x * y;
}
add({f: 1}, 2, 3);
add({f: 1.5}, 2, 3);
add({f: "s"}, 2, 3);
