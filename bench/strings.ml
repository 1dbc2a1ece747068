// strings: building a string with s = s + str(i % 10) (ML has no +=);
// quadratic unless the implementation appends in place when it can.
// Output: the length, then the last 10 characters.
// Size: appends (default 5000000). Expected output: 5000000 0123456789
import args;

function main(n) {
    s = "";
    i = 0;
    while (i < n) {
        s = s + str(i % 10);
        i = i + 1;
    }
    print(len(s), s[-10:]);
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 5000000);
