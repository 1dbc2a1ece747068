// mandelbrot: a float loop with compares (the benchmarks-game Mandelbrot set
// on an n x n grid, 50 iterations, escape at |z|^2 > 4). Instead of a PBM
// image it packs each row's bits into bytes (8 pixels a byte, the last byte
// of a row padded with zero bits) and folds the bytes into a checksum.
// Output: the number of points in the set, then the checksum.
// Size: n (default 480). Expected output: 91558 978180457
import args;

function main(n) {
    inside = 0;
    checksum = 0;
    y = 0;
    while (y < n) {
        ci = 2.0 * y / n - 1.0;
        byte = 0;
        bits = 0;
        x = 0;
        while (x < n) {
            cr = 2.0 * x / n - 1.5;
            zr = 0.0;
            zi = 0.0;
            bit = 1;
            i = 0;
            while (i < 50) {
                tr = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = tr;
                if (zr * zr + zi * zi > 4.0) {
                    bit = 0;
                    break;
                }
                i = i + 1;
            }
            inside = inside + bit;
            byte = byte * 2 + bit;
            bits = bits + 1;
            if (bits == 8) {
                checksum = (checksum * 31 + byte) % 1000000007;
                byte = 0;
                bits = 0;
            }
            x = x + 1;
        }
        if (bits > 0) {
            while (bits < 8) {
                byte = byte * 2;
                bits = bits + 1;
            }
            checksum = (checksum * 31 + byte) % 1000000007;
        }
        y = y + 1;
    }
    print(inside, checksum);
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 480);
