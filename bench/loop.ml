// loop: the bare interpreter loop on GLOBAL variables: a while loop at the
// top level of the file summing i % 7.
// Size: iterations (default 10000000). Expected output: 29999994
import args;

argv = args.rest();
n = len(argv) > 0 ? int(argv[0]) : 10000000;
i = 0;
s = 0;
while (i < n) {
    s = s + i % 7;
    i = i + 1;
}
print(s);
