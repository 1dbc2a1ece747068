// objects: reading and writing fields of an object literal in a loop.
// Size: iterations (default 5000000). Expected output: 5000000 5000001 10000002
import args;

function main(n) {
    p = {x: 0, y: 0, z: 0};
    i = 0;
    while (i < n) {
        p.x = p.x + 1;
        p.y = p.y + p.x % 3;
        p.z = p.z + p.y % 5;
        i = i + 1;
    }
    print(p.x, p.y, p.z);
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 5000000);
