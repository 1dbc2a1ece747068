// objects: reading and writing fields of an object literal, 2,000,000 times.
// Expected output: 2000000 2000001 4000002
function main() {
    p = {x: 0, y: 0, z: 0};
    i = 0;
    while (i < 2000000) {
        p.x = p.x + 1;
        p.y = p.y + p.x % 3;
        p.z = p.z + p.y % 5;
        i = i + 1;
    }
    print(p.x, p.y, p.z);
}

main();
