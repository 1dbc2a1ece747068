// nothing to report
import helpers;
function main(names) {
    out = [];
    for (n in names) { out = out + [helpers.greet(n)]; }
    return out;
}
print(main(["a", "b"]));
