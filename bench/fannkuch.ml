// fannkuch: small-integer array permutation, element swaps, nested loops.
// The benchmarks-game fannkuch-redux: over all permutations of 0..n-1 (in a
// fixed order), count the prefix reversals ("flips") until 0 comes first.
// Output: the checksum (flips added for even-numbered permutations and
// subtracted for odd ones), then the maximum number of flips.
// Size: n (default 9). Expected output: 8629, then Pfannkuchen(9) = 30
import args;

function fannkuch(n) {
    perm1 = range(n);
    perm = [0] * n;
    count = [0] * n;
    max_flips = 0;
    checksum = 0;
    perm_count = 0;
    r = n;
    while (true) {
        while (r != 1) {
            count[r - 1] = r;
            r = r - 1;
        }
        for (i in range(n)) {
            perm[i] = perm1[i];
        }
        flips = 0;
        k = perm[0];
        while (k != 0) {
            i = 0;
            j = k;
            while (i < j) {
                t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                i = i + 1;
                j = j - 1;
            }
            flips = flips + 1;
            k = perm[0];
        }
        if (flips > max_flips) {
            max_flips = flips;
        }
        if (perm_count % 2 == 0) {
            checksum = checksum + flips;
        } else {
            checksum = checksum - flips;
        }
        while (true) {
            if (r == n) {
                return [checksum, max_flips];
            }
            perm0 = perm1[0];
            for (i in range(r)) {
                perm1[i] = perm1[i + 1];
            }
            perm1[r] = perm0;
            count[r] = count[r] - 1;
            if (count[r] > 0) {
                break;
            }
            r = r + 1;
        }
        perm_count = perm_count + 1;
    }
}

function main(n) {
    [checksum, max_flips] = fannkuch(n);
    print(checksum);
    print("Pfannkuchen(" + n + ") = " + max_flips);
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 9);
