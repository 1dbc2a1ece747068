// a division stored straight into a field raises at the division
function step(p, d) {
    p.x = p.y / d;
}
step({x: 1.0, y: 2.0}, 2);
step({x: 1.0, y: 2.0}, 0);
